package org.custodian.search;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts everything extraction could not index, so nothing is dropped silently: expressions that do
 * not parse or fail to evaluate, values of unexpected datatypes, malformed values, and (at debug
 * level only) datatypes search deliberately ignores. The first occurrence of each kind is logged.
 */
final class IndexingDiagnostics {

	private static final Logger LOG = LoggerFactory.getLogger(IndexingDiagnostics.class);

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	void unparseable(String qualifiedParam, String expression, Exception e) {
		count("unparseable " + qualifiedParam, () -> LOG.warn("Search parameter {} has an expression FHIRPath cannot parse"
				+ " and will not be indexed: {} ({})", qualifiedParam, expression, e.toString()));
	}

	void evaluationFailed(CompiledParam param, RuntimeException e) {
		count("evaluation-failed " + param.qualifiedName(), () -> LOG.warn("Search parameter {} ({}) failed to evaluate;"
				+ " not indexed for this resource: {}", param.qualifiedName(), param.expression(), e.toString()));
	}

	void outcome(CompiledParam param, Outcome outcome, String fhirType) {
		String key = outcome.name().toLowerCase(java.util.Locale.ROOT) + " " + param.qualifiedName() + " " + fhirType;
		count(key, () -> {
			if (outcome == Outcome.IGNORED) {
				LOG.debug("Search parameter {}: {} values are not indexed", param.qualifiedName(), fhirType);
			} else {
				LOG.warn("Search parameter {}: {} value not indexed ({})", param.qualifiedName(), fhirType, outcome);
			}
		});
	}

	/** A sorted copy of the counters, keyed {@code kind Type.param [fhirType]}. */
	Map<String, Long> snapshot() {
		Map<String, Long> copy = new TreeMap<>();
		counts.forEach((k, v) -> copy.put(k, v.sum()));
		return copy;
	}

	private void count(String key, Runnable firstTime) {
		LongAdder[] created = new LongAdder[1];
		LongAdder adder = counts.computeIfAbsent(key, k -> created[0] = new LongAdder());
		adder.increment();
		if (created[0] != null) {
			firstTime.run();
		}
	}
}

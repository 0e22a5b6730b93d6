package org.custodian.search;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Prints extraction cost per resource type on Synthea records (and Synthea-shaped Observation,
 * DiagnosticReport, Claim and ExplanationOfBenefit, which the bulk sample lacks). It reports; it
 * does not assert on time, since the build machine is shared.
 */
class SearchIndexerTimingTest {

	private static final List<String> SYNTHEA_LIKE = List.of("Observation.json", "Observation-bp.json",
			"DiagnosticReport.json", "Claim.json", "ExplanationOfBenefit.json");

	@Test
	void extraction_cost_per_resource_type_is_printed() throws Exception {
		SearchIndexer indexer = Corpus.indexer();
		Map<String, List<Resource>> byType = samples();
		List<Resource> all = byType.values().stream().flatMap(List::stream).toList();
		for (int i = 0; i < 3; i++) {
			all.forEach(indexer::extract); // warm-up: JIT, per-thread engine
		}
		System.out.println("type                  samples  entries/res  µs/resource");
		byType.forEach((type, resources) -> {
			int entries = resources.stream().mapToInt(r -> indexer.extract(r).size()).sum();
			System.out.printf("%-20s %8d %12.1f %12.1f%n", type, resources.size(), entries / (double) resources.size(),
					microsPerResource(indexer, resources));
		});
		System.out.printf("2 threads, all samples: %.0f resources/s%n", throughput(indexer, all, 2));
		assertFalse(all.isEmpty());
	}

	private static double microsPerResource(SearchIndexer indexer, List<Resource> resources) {
		int rounds = Math.max(1, 3000 / resources.size());
		long start = System.nanoTime();
		for (int round = 0; round < rounds; round++) {
			for (Resource resource : resources) {
				indexer.extract(resource);
			}
		}
		return (System.nanoTime() - start) / 1e3 / ((double) rounds * resources.size());
	}

	private static double throughput(SearchIndexer indexer, List<Resource> resources, int threads) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			int perThread = 5;
			long start = System.nanoTime();
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(pool.submit(() -> {
					for (int round = 0; round < perThread; round++) {
						resources.forEach(indexer::extract);
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
			return (double) threads * perThread * resources.size() / ((System.nanoTime() - start) / 1e9);
		} finally {
			pool.shutdownNow();
		}
	}

	private static Map<String, List<Resource>> samples() throws IOException {
		Map<String, List<Resource>> byType = new LinkedHashMap<>();
		for (Resource resource : Corpus.synthea()) {
			byType.computeIfAbsent(resource.fhirType(), t -> new ArrayList<>()).add(resource);
		}
		for (String name : SYNTHEA_LIKE) {
			try (InputStream in = SearchIndexerTimingTest.class.getResourceAsStream("/synthea-like/" + name)) {
				Resource resource = (Resource) Corpus.parser().parseResource(new String(in.readAllBytes(),
						StandardCharsets.UTF_8));
				byType.computeIfAbsent(resource.fhirType() + " (like)", t -> new ArrayList<>()).add(resource);
			}
		}
		return byType;
	}
}

package org.custodian.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;

/**
 * Extracts the search-index entries of an R4 resource for every search parameter the R4
 * specification defines for its type (see {@link ParamCatalog} for what is left out), mapped to
 * values as FHIR search defines them (see the per-type mappers) and de-duplicated.
 *
 * <p>Runs on every write, so it is built for speed: expressions are parsed once at construction
 * (which also loads HAPI's R4 structure definitions and takes a few seconds: build one per
 * application), and the common expression shapes are interpreted directly ({@link FastPath}) rather
 * than through the general FHIRPath engine. Thread-safe: all shared state is immutable or concurrent,
 * and FHIRPath engines are per thread.
 *
 * <p>Never throws for bad data: an expression that fails on a resource, or a value that cannot be
 * indexed, is skipped and counted (and its first occurrence logged) in {@link #diagnostics()}.
 */
public final class SearchIndexer {

	private final FhirPathEvaluation fhirPath;
	private final FastPath fastPath;
	private final ParamCatalog catalog;
	private final ValueMapping mapping;
	private final IndexingDiagnostics diagnostics = new IndexingDiagnostics();

	public SearchIndexer(FhirContext ctx) {
		if (ctx.getVersion().getVersion() != FhirVersionEnum.R4) {
			throw new IllegalArgumentException("SearchIndexer needs an R4 FhirContext, got " + ctx.getVersion().getVersion());
		}
		this.fhirPath = new FhirPathEvaluation(ctx);
		this.fastPath = new FastPath(fhirPath.resolver());
		this.catalog = new ParamCatalog(ctx, fhirPath, diagnostics);
		this.mapping = new ValueMapping(Set.copyOf(ctx.getResourceTypes()));
	}

	/** The index entries of {@code resource}, without duplicates, in parameter order. */
	public List<IndexEntry> extract(IBaseResource resource) {
		if (!(resource instanceof Resource r4)) {
			throw new IllegalArgumentException("Not an R4 resource: " + resource.getClass().getName());
		}
		Set<IndexEntry> out = new LinkedHashSet<>();
		for (CompiledParam param : catalog.paramsFor(r4.fhirType())) {
			List<Base> values;
			try {
				values = values(param, r4);
			} catch (RuntimeException e) {
				diagnostics.evaluationFailed(param, e);
				continue;
			}
			for (Base value : values) {
				Outcome outcome = mapping.map(param, r4, value, out);
				if (outcome != Outcome.MAPPED && outcome != Outcome.EMPTY) {
					diagnostics.outcome(param, outcome, value.fhirType());
				}
			}
		}
		return new ArrayList<>(out);
	}

	/** The FHIR values of one parameter: fast path when it applies, else the FHIRPath engine. */
	List<Base> values(CompiledParam param, Resource resource) {
		if (param.fast()) {
			try {
				return fastPath.evaluate(param.node(), resource);
			} catch (FastPath.NeedsFhirPath e) {
				// The data (e.g. a contained reference) needs full FHIRPath: fall through.
			}
		}
		return fhirPath.evaluate(resource, param.node());
	}

	/** One parameter's entries, via {@link #values} or (for checking the fast path) via FHIRPath only. */
	Set<IndexEntry> entriesOf(CompiledParam param, Resource resource, boolean fhirPathOnly) {
		Set<IndexEntry> out = new LinkedHashSet<>();
		List<Base> values = fhirPathOnly ? fhirPath.evaluate(resource, param.node()) : values(param, resource);
		for (Base value : values) {
			mapping.map(param, resource, value, out);
		}
		return out;
	}

	ParamCatalog catalog() {
		return catalog;
	}

	/** What could not be indexed so far, keyed {@code kind Type.param [fhirType]}. */
	Map<String, Long> diagnostics() {
		return diagnostics.snapshot();
	}
}

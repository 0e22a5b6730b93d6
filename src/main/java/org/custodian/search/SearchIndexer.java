package org.custodian.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;

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
 * <p>Composite parameters are indexed element by element ({@link CompositeIndexer}); a ValueSet
 * also gets the codes it contains ({@link ValueSetContents}), which {@code :in} searches use.
 *
 * <p>Never throws for bad data: an expression that fails on a resource, or a value that cannot be
 * indexed, is skipped and counted (and its first occurrence logged) in {@link #diagnostics()}.
 */
public final class SearchIndexer {

	private final SearchExpressions expressions;
	private final ParamCatalog catalog;
	private final ValueMapping mapping;
	private final CompositeIndexer composites;
	private final IndexingDiagnostics diagnostics = new IndexingDiagnostics();

	public SearchIndexer(FhirContext ctx) {
		if (ctx.getVersion().getVersion() != FhirVersionEnum.R4) {
			throw new IllegalArgumentException("SearchIndexer needs an R4 FhirContext, got " + ctx.getVersion().getVersion());
		}
		FhirPathEvaluation fhirPath = new FhirPathEvaluation(ctx);
		this.expressions = new SearchExpressions(fhirPath);
		this.catalog = new ParamCatalog(ctx, fhirPath, diagnostics);
		this.mapping = new ValueMapping(Set.copyOf(ctx.getResourceTypes()));
		this.composites = new CompositeIndexer(new CompositeParams(ctx), fhirPath, expressions, mapping, diagnostics);
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
				values = expressions.evaluate(param, r4, null, false);
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
		composites.extract(r4, out, false);
		ResourceText.index(r4, out);
		NearCriteria.index(r4, out);
		if (r4 instanceof org.hl7.fhir.r4.model.CodeSystem codeSystem) {
			CodeSystemHierarchy.index(codeSystem, out);
		}
		if (r4 instanceof ValueSet valueSet) {
			ValueSetContents.index(valueSet, out);
		}
		return new ArrayList<>(out);
	}

	/** One parameter's entries, by the fast path where it applies or (for checking it) by FHIRPath only. */
	Set<IndexEntry> entriesOf(CompiledParam param, Resource resource, boolean fhirPathOnly) {
		Set<IndexEntry> out = new LinkedHashSet<>();
		for (Base value : expressions.evaluate(param, resource, null, fhirPathOnly)) {
			mapping.map(param, resource, value, out);
		}
		return out;
	}

	/** The composite entries of a resource, by the fast path where it applies or by FHIRPath only. */
	Set<IndexEntry> compositeEntriesOf(Resource resource, boolean fhirPathOnly) {
		Set<IndexEntry> out = new LinkedHashSet<>();
		composites.extract(resource, out, fhirPathOnly);
		return out;
	}

	CompositeIndexer composites() {
		return composites;
	}

	ParamCatalog catalog() {
		return catalog;
	}

	/** What could not be indexed so far, keyed {@code kind Type.param [fhirType]}. */
	Map<String, Long> diagnostics() {
		return diagnostics.snapshot();
	}
}

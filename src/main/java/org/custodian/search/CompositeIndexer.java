package org.custodian.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.search.CompositeParams.Part;
import org.custodian.search.CompositeParams.Shape;
import org.custodian.search.IndexEntry.CompositePart;
import org.custodian.search.IndexEntry.TokenValue;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * Extracts the values of composite parameters element by element ({@link CompositeParams}): for
 * each element a shape's focus selects, the values of every component, mapped as the component's
 * own type would be, tagged with a group number shared by that element's values. An element lacking
 * a value for any component is skipped, since no composite search could match it. Shapes served by
 * ordinary parameters' rows ({@link CompositeParams.Shape#servedByOrdinaryRows()}) are not extracted.
 */
final class CompositeIndexer {

	/** A part's expressions, parsed: on the focus element, on the resource, or both. */
	private record CompiledPart(@Nullable CompiledParam relative, @Nullable CompiledParam rooted) {}

	private record CompiledShape(CompiledParam focus, List<CompiledPart> parts) {}

	private final Map<String, List<CompiledShape>> byType;
	private final SearchExpressions expressions;
	private final ValueMapping mapping;
	private final IndexingDiagnostics diagnostics;

	CompositeIndexer(CompositeParams composites, FhirPathEvaluation fhirPath, SearchExpressions expressions,
			ValueMapping mapping, IndexingDiagnostics diagnostics) {
		this.expressions = expressions;
		this.mapping = mapping;
		this.diagnostics = diagnostics;
		Map<String, List<CompiledShape>> map = new HashMap<>();
		composites.all().keySet().forEach(type -> {
			List<CompiledShape> shapes = new ArrayList<>();
			for (Shape shape : composites.shapes(type)) {
				if (shape.servedByOrdinaryRows()) {
					continue;
				}
				CompiledShape compiled = compile(shape, fhirPath);
				if (compiled != null) {
					shapes.add(compiled);
				}
			}
			if (!shapes.isEmpty()) {
				map.put(type, List.copyOf(shapes));
			}
		});
		this.byType = Map.copyOf(map);
	}

	/** Adds the composite values of {@code resource} to {@code out}; {@code fhirPathOnly} as in {@link SearchExpressions}. */
	void extract(Resource resource, Set<IndexEntry> out, boolean fhirPathOnly) {
		List<CompiledShape> shapes = byType.get(resource.fhirType());
		if (shapes == null) {
			return;
		}
		int group = 0;
		for (CompiledShape shape : shapes) {
			List<Base> foci = evaluate(shape.focus(), resource, null, fhirPathOnly);
			for (Base focus : foci) {
				List<Set<IndexEntry>> values = valuesOf(shape, resource, focus, fhirPathOnly);
				if (values == null) {
					continue;
				}
				group++;
				for (Set<IndexEntry> componentValues : values) {
					for (IndexEntry value : componentValues) {
						out.add(new CompositePart(group, value));
					}
				}
			}
		}
	}

	/** The composite expressions the fast path cannot interpret (evaluated by the FHIRPath engine). */
	List<String> slowExpressions() {
		List<String> slow = new ArrayList<>();
		byType.values().forEach(shapes -> shapes.forEach(shape -> {
			List<CompiledParam> params = new ArrayList<>(List.of(shape.focus()));
			shape.parts().forEach(p -> {
				if (p.relative() != null) {
					params.add(p.relative());
				}
				if (p.rooted() != null) {
					params.add(p.rooted());
				}
			});
			params.stream().filter(p -> !p.fast()).forEach(p -> slow.add(p.qualifiedName() + " = " + p.expression()));
		}));
		return slow;
	}

	/**
	 * Each component's values on one element, or null when a component has none. Components are
	 * evaluated last to first: the first is nearly always the code, present on every element, while
	 * the last (the value, of one datatype per shape) is the one usually absent.
	 */
	private @Nullable List<Set<IndexEntry>> valuesOf(CompiledShape shape, Resource resource, Base focus,
			boolean fhirPathOnly) {
		int n = shape.parts().size();
		List<Set<IndexEntry>> values = new ArrayList<>(Collections.nCopies(n, null));
		for (int i = n - 1; i >= 0; i--) {
			CompiledPart part = shape.parts().get(i);
			Set<IndexEntry> found = new LinkedHashSet<>();
			if (part.relative() != null) {
				map(part.relative(), resource, evaluate(part.relative(), resource, focus, fhirPathOnly), found);
			}
			if (part.rooted() != null) {
				map(part.rooted(), resource, evaluate(part.rooted(), resource, null, fhirPathOnly), found);
			}
			// A token with only display text cannot be searched in a composite (no :text there).
			found.removeIf(e -> e instanceof TokenValue t && t.system() == null && t.code() == null);
			if (found.isEmpty()) {
				return null;
			}
			values.set(i, found);
		}
		return values;
	}

	private List<Base> evaluate(CompiledParam param, Resource resource, @Nullable Base focus, boolean fhirPathOnly) {
		try {
			return expressions.evaluate(param, resource, focus, fhirPathOnly);
		} catch (RuntimeException e) {
			diagnostics.evaluationFailed(param, e);
			return List.of();
		}
	}

	private void map(CompiledParam param, Resource resource, List<Base> values, Set<IndexEntry> out) {
		for (Base value : values) {
			Outcome outcome = mapping.map(param, resource, value, out);
			if (outcome != Outcome.MAPPED && outcome != Outcome.EMPTY) {
				diagnostics.outcome(param, outcome, value.fhirType());
			}
		}
	}

	private @Nullable CompiledShape compile(Shape shape, FhirPathEvaluation fhirPath) {
		String type = shape.resourceType();
		CompiledParam focus = parse(type, shape.key(), RestSearchParameterTypeEnum.COMPOSITE, shape.focus(), false,
				fhirPath);
		if (focus == null) {
			return null;
		}
		List<CompiledPart> parts = new ArrayList<>();
		for (int i = 0; i < shape.parts().size(); i++) {
			Part part = shape.parts().get(i);
			String key = shape.partKey(i);
			CompiledParam relative = part.relative() == null ? null
					: parse(type, key, part.type(), part.relative(), true, fhirPath);
			CompiledParam rooted = part.rooted() == null ? null : parse(type, key, part.type(), part.rooted(), false, fhirPath);
			if ((part.relative() != null && relative == null) || (part.rooted() != null && rooted == null)) {
				return null;
			}
			parts.add(new CompiledPart(relative, rooted));
		}
		return new CompiledShape(focus, List.copyOf(parts));
	}

	private @Nullable CompiledParam parse(String type, String key, RestSearchParameterTypeEnum kind, String expression,
			boolean relative, FhirPathEvaluation fhirPath) {
		try {
			var node = fhirPath.parse(expression);
			boolean fast = relative ? FastPath.supportsRelative(node) : FastPath.supports(node);
			return new CompiledParam(type, key, kind, expression, node, fast);
		} catch (RuntimeException e) {
			diagnostics.unparseable(type + "." + key, expression, e);
			return null;
		}
	}
}

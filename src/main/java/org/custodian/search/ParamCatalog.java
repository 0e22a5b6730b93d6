package org.custodian.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.hl7.fhir.r4.fhirpath.ExpressionNode;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * The search parameters indexed for each R4 resource type, taken from HAPI's model
 * ({@code getSearchParams()}, whose paths are the spec's FHIRPath expressions) and parsed once.
 *
 * <p>Left out: {@code _id} and {@code _lastUpdated} (the store keeps those itself), composite
 * parameters (indexed element by element, see {@link CompositeParams}) and special ones
 * ({@code near}, {@code _text}, {@code _content}, {@code _query}, {@code _list}, {@code _has}),
 * which are not supported yet. Added for every type when HAPI lacks them: the meta
 * parameters {@code _tag}, {@code _security}, {@code _profile} and {@code _source}.
 */
final class ParamCatalog {

	private static final Set<String> SKIPPED = Set.of("_id", "_lastUpdated", "_text", "_content", "_query", "_list",
			"_has");
	private static final Map<String, RestSearchParameterTypeEnum> META_TYPES = Map.of("_tag",
			RestSearchParameterTypeEnum.TOKEN, "_security", RestSearchParameterTypeEnum.TOKEN, "_profile",
			RestSearchParameterTypeEnum.URI, "_source", RestSearchParameterTypeEnum.URI);
	private static final Map<String, String> META_PATHS = Map.of("_tag", "Resource.meta.tag", "_security",
			"Resource.meta.security", "_profile", "Resource.meta.profile", "_source", "Resource.meta.source");

	private final Map<String, List<CompiledParam>> byType;

	ParamCatalog(FhirContext ctx, FhirPathEvaluation fhirPath, IndexingDiagnostics diagnostics) {
		Map<String, List<CompiledParam>> map = new HashMap<>();
		for (String type : new TreeSet<>(ctx.getResourceTypes())) {
			map.put(type, List.copyOf(compile(type, definitions(ctx, type), fhirPath, diagnostics)));
		}
		this.byType = Map.copyOf(map);
	}

	List<CompiledParam> paramsFor(String resourceType) {
		return byType.getOrDefault(resourceType, List.of());
	}

	Map<String, List<CompiledParam>> all() {
		return byType;
	}

	/** name → (type, expression), in HAPI's order, meta parameters completed. */
	private static Map<String, Map.Entry<RestSearchParameterTypeEnum, String>> definitions(FhirContext ctx,
			String type) {
		Map<String, Map.Entry<RestSearchParameterTypeEnum, String>> defs = new LinkedHashMap<>();
		for (RuntimeSearchParam sp : ctx.getResourceDefinition(type).getSearchParams()) {
			RestSearchParameterTypeEnum kind = sp.getParamType();
			if (!SKIPPED.contains(sp.getName()) && kind != RestSearchParameterTypeEnum.COMPOSITE
					&& kind != RestSearchParameterTypeEnum.SPECIAL && kind != RestSearchParameterTypeEnum.HAS) {
				defs.put(sp.getName(), Map.entry(kind, sp.getPath() == null ? "" : sp.getPath()));
			}
		}
		META_TYPES.forEach((name, kind) -> defs.putIfAbsent(name, Map.entry(kind, META_PATHS.get(name))));
		return defs;
	}

	private static List<CompiledParam> compile(String type,
			Map<String, Map.Entry<RestSearchParameterTypeEnum, String>> defs, FhirPathEvaluation fhirPath,
			IndexingDiagnostics diagnostics) {
		List<CompiledParam> params = new ArrayList<>();
		defs.forEach((name, def) -> {
			String expression = def.getValue();
			try {
				ExpressionNode node = fhirPath.parse(expression);
				params.add(new CompiledParam(type, name, def.getKey(), expression, node, FastPath.supports(node)));
			} catch (RuntimeException e) {
				diagnostics.unparseable(type + "." + name, expression, e);
			}
		});
		return params;
	}
}

package org.custodian.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.search.SearchRequest.Clause;
import org.custodian.search.SearchRequest.SortKey;
import org.custodian.search.SearchRequest.Total;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * Turns HTTP search parameters into a {@link SearchRequest}. A parameter the server does not know,
 * or a feature it does not support yet, is refused with a message naming it under
 * {@code Prefer: handling=strict}, and ignored but reported under lenient handling (the default).
 * Malformed values of known parameters are always refused: guessing would return wrong results.
 * So is a modifier that is unknown, does not apply to the parameter's type or is not supported,
 * whatever the handling: FHIR requires servers to reject those, since a search run without its
 * modifier ({@code :not}, {@code :missing}) would mean something else.
 */
public final class SearchRequestParser {

	/** Parameters that control the result rather than select resources, handled elsewhere or harmless. */
	private static final Set<String> PASSIVE = Set.of("_format", "_pretty", "_elements");
	/** The R4 modifiers of each parameter type (besides a resource type on a reference). */
	private static final Map<RestSearchParameterTypeEnum, Set<String>> MODIFIERS = Map.of(
			RestSearchParameterTypeEnum.STRING, Set.of("missing", "exact", "contains"),
			RestSearchParameterTypeEnum.TOKEN, Set.of("missing", "not", "text", "in", "not-in", "of-type", "above", "below"),
			RestSearchParameterTypeEnum.DATE, Set.of("missing"),
			RestSearchParameterTypeEnum.NUMBER, Set.of("missing"),
			RestSearchParameterTypeEnum.QUANTITY, Set.of("missing"),
			RestSearchParameterTypeEnum.REFERENCE, Set.of("missing", "identifier"),
			RestSearchParameterTypeEnum.URI, Set.of("missing", "above", "below"),
			RestSearchParameterTypeEnum.COMPOSITE, Set.of("missing"));
	private static final Set<String> KNOWN_MODIFIERS = Set.of("missing", "exact", "contains", "not", "text", "in",
			"not-in", "of-type", "above", "below", "identifier");

	private final FhirContext ctx;
	private final int defaultCount;
	private final int maxCount;

	public SearchRequestParser(FhirContext ctx, int defaultCount, int maxCount) {
		this.ctx = ctx;
		this.defaultCount = defaultCount;
		this.maxCount = maxCount;
	}

	public SearchRequest parse(String type, Map<String, String[]> params, boolean strict) {
		RuntimeResourceDefinition def = ctx.getResourceDefinition(type);
		List<Clause> clauses = new ArrayList<>();
		List<String> ignored = new ArrayList<>();
		int count = defaultCount;
		int offset = 0;
		List<SortKey> sort = List.of();
		Total total = Total.NONE;
		List<SearchRequest.Include> includes = new ArrayList<>();
		for (Map.Entry<String, String[]> p : params.entrySet()) {
			String name = p.getKey();
			String[] values = p.getValue();
			switch (name) {
				case "_count" -> count = Math.min(nonNegative(name, last(values)), maxCount);
				case "_offset", "_getpagesoffset" -> offset = nonNegative(name, last(values));
				case "_sort" -> sort = sortKeys(def, last(values), strict, ignored);
				case "_total" -> total = total(last(values));
				case "_summary" -> {
					// HAPI shapes the summary of each entry; a count, though, needs the total and no entries.
					if (last(values).equals("count")) {
						total = Total.ACCURATE;
						count = 0;
					}
				}
				case "_include", "_include:iterate", "_revinclude", "_revinclude:iterate" -> {
					for (String v : values) {
						includes.add(include(name, v));
					}
				}
				default -> {
					if (PASSIVE.contains(name)) {
						continue;
					}
					String problem = problem(def, name);
					if (problem != null) {
						refuseOrIgnore(strict, ignored, name, problem);
						continue;
					}
					for (String v : values) {
						clauses.add(clause(name, v));
					}
				}
			}
		}
		return new SearchRequest(type, List.copyOf(clauses), count, offset, sort, total, List.copyOf(includes),
				List.copyOf(ignored));
	}

	/** Why {@code name} cannot be applied, or null when it can. */
	private String problem(RuntimeResourceDefinition def, String name) {
		String code = name;
		String modifier = null;
		int colon = name.indexOf(':');
		if (colon > 0) {
			code = name.substring(0, colon);
			modifier = name.substring(colon + 1);
		}
		if (code.startsWith("_has")) {
			return hasProblem(name);
		}
		int dot = name.indexOf('.');
		if (dot > 0) {
			return chainProblem(def, name);
		}
		if (code.equals("_compartment")) {
			return null;
		}
		if (code.equals("_id") || code.equals("_lastUpdated")) {
			if (modifier != null && !modifier.equals("missing")) {
				throw badModifier(name, "modifier :" + modifier + " is not supported on " + code);
			}
			return null;
		}
		if (code.equals("_list")) {
			if (modifier != null) {
				throw badModifier(name, "_list takes no modifier");
			}
			return null;
		}
		if (code.equals("_query")) {
			return "this server defines no named queries";
		}
		if (code.equals("_text") || code.equals("_content")) {
			if (modifier != null) {
				throw badModifier(name, code + " takes no modifier");
			}
			return null;
		}
		RuntimeSearchParam param = def.getSearchParam(code);
		if (param == null && !code.equals("_source")) {
			return "unknown search parameter for " + def.getName();
		}
		RestSearchParameterTypeEnum kind = param == null ? RestSearchParameterTypeEnum.URI : param.getParamType();
		if (kind == RestSearchParameterTypeEnum.SPECIAL) {
			if (code.equals(NearCriteria.PARAM) && def.getName().equals("Location")) {
				if (modifier != null) {
					throw badModifier(name, "near takes no modifier");
				}
				return null;
			}
			return "special parameters are not supported yet";
		}
		if (modifier != null) {
			checkModifier(name, kind, modifier);
		}
		return null;
	}

	/** Refuses (always, see the class comment) a modifier that is unknown, inapplicable or unsupported. */
	private void checkModifier(String name, RestSearchParameterTypeEnum kind, String modifier) {
		if (kind == RestSearchParameterTypeEnum.REFERENCE && ctx.getResourceTypes().contains(modifier)) {
			return;
		}
		if (!KNOWN_MODIFIERS.contains(modifier)) {
			throw badModifier(name, ":" + modifier + " is not a FHIR search modifier");
		}
		if (!MODIFIERS.getOrDefault(kind, Set.of()).contains(modifier)) {
			throw badModifier(name, "modifier :" + modifier + " does not apply to " + kind.getCode() + " parameters");
		}
	}

	private static CustodianException badModifier(String name, String problem) {
		return new CustodianException.Invalid(ErrorCode.UNSUPPORTED_SEARCH_PARAMETER,
				"Search parameter '" + name + "': " + problem);
	}

	/** A chain is checked when it is compiled, against each possible target type. */
	private static String chainProblem(RuntimeResourceDefinition def, String name) {
		String head = name.substring(0, name.indexOf('.'));
		String code = head.contains(":") ? head.substring(0, head.indexOf(':')) : head;
		RuntimeSearchParam param = def.getSearchParam(code);
		if (param == null) {
			return "unknown search parameter for " + def.getName();
		}
		return param.getParamType() == RestSearchParameterTypeEnum.REFERENCE ? null : "only reference parameters can be chained";
	}

	/** {@code _has:Type:reference:param}, where param may itself be a further {@code _has}. */
	private String hasProblem(String name) {
		String[] parts = name.split(":", 4);
		if (parts.length < 4 || !ctx.getResourceTypes().contains(parts[1])) {
			return "_has needs the form _has:Type:reference:parameter";
		}
		RuntimeResourceDefinition source = ctx.getResourceDefinition(parts[1]);
		RuntimeSearchParam link = source.getSearchParam(parts[2]);
		if (link == null || link.getParamType() != RestSearchParameterTypeEnum.REFERENCE) {
			return parts[2] + " is not a reference parameter of " + parts[1];
		}
		return parts[3].startsWith("_has:") ? hasProblem(parts[3]) : problem(source, parts[3]);
	}

	private SearchRequest.Include include(String name, String value) {
		String[] parts = value.split(":");
		boolean reverse = name.startsWith("_revinclude");
		if (parts.length < 2 || !ctx.getResourceTypes().contains(parts[0])) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE,
					name + "=" + value + " must have the form SourceType:parameter[:TargetType]");
		}
		RuntimeSearchParam param = ctx.getResourceDefinition(parts[0]).getSearchParam(parts[1]);
		if (param == null || param.getParamType() != RestSearchParameterTypeEnum.REFERENCE) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE,
					name + "=" + value + ": " + parts[1] + " is not a reference parameter of " + parts[0]);
		}
		return new SearchRequest.Include(reverse, parts[0], parts[1], parts.length > 2 ? parts[2] : null,
				name.endsWith(":iterate"));
	}

	static Clause clause(String name, String value) {
		if (name.startsWith("_has:")) {
			return new Clause("_has", null, name.substring(5), SearchValues.splitOr(value));
		}
		int dot = name.indexOf('.');
		String head = dot > 0 ? name.substring(0, dot) : name;
		String chain = dot > 0 ? name.substring(dot + 1) : null;
		int colon = head.indexOf(':');
		String code = colon > 0 ? head.substring(0, colon) : head;
		String modifier = colon > 0 ? head.substring(colon + 1) : null;
		return new Clause(code, modifier, chain, SearchValues.splitOr(value));
	}

	private List<SortKey> sortKeys(RuntimeResourceDefinition def, String value, boolean strict, List<String> ignored) {
		List<SortKey> keys = new ArrayList<>();
		for (String raw : value.split(",")) {
			String key = raw.trim();
			boolean descending = key.startsWith("-");
			String param = descending ? key.substring(1) : key;
			if (param.isEmpty()) {
				continue;
			}
			String problem = param.equals("_id") || param.equals("_lastUpdated") ? null : sortProblem(def, param);
			if (problem != null) {
				refuseOrIgnore(strict, ignored, "_sort=" + param, problem);
				continue;
			}
			keys.add(new SortKey(param, descending));
		}
		return List.copyOf(keys);
	}

	private static String sortProblem(RuntimeResourceDefinition def, String param) {
		RuntimeSearchParam p = def.getSearchParam(param);
		if (p == null) {
			return "unknown search parameter for " + def.getName();
		}
		return switch (p.getParamType()) {
			case STRING, TOKEN, DATE, NUMBER, QUANTITY, URI, REFERENCE -> null;
			default -> "cannot sort by a " + p.getParamType().getCode() + " parameter";
		};
	}

	private static void refuseOrIgnore(boolean strict, List<String> ignored, String name, String problem) {
		if (strict) {
			throw new CustodianException.Invalid(ErrorCode.UNSUPPORTED_SEARCH_PARAMETER,
					"Search parameter '" + name + "': " + problem);
		}
		ignored.add(name + " (" + problem + ")");
	}

	private static Total total(String value) {
		return switch (value) {
			case "none" -> Total.NONE;
			case "estimate" -> Total.ESTIMATE;
			case "accurate" -> Total.ACCURATE;
			default -> throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE,
					"_total must be none, estimate or accurate, not '" + value + "'");
		};
	}

	private static int nonNegative(String name, String value) {
		try {
			int n = Integer.parseInt(value.trim());
			if (n >= 0) {
				return n;
			}
		} catch (NumberFormatException e) {
			// falls through to the message below
		}
		throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE,
				name + " must be a whole number of zero or more, not '" + value + "'");
	}

	private static String last(String[] values) {
		return values[values.length - 1];
	}
}

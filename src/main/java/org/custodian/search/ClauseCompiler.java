package org.custodian.search;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import org.custodian.search.SearchRequest.Clause;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * Compiles one search clause into a SQL condition on the candidate resource {@code r}. Every
 * condition is a correlated {@code exists} over one index table that leads with a hashed identity,
 * so PostgreSQL can drive the search from the index. The values of a clause are ORed; a
 * {@code :not} clause matches resources that have none of its values.
 */
final class ClauseCompiler {

	private final FhirContext ctx;
	private final Clock clock;

	ClauseCompiler(FhirContext ctx, Clock clock) {
		this.ctx = ctx;
		this.clock = clock;
	}

	void compile(SqlBuilder sql, String a, String type, @Nullable RuntimeSearchParam param, Clause clause) {
		if (clause.param().equals("_has")) {
			reverseChain(sql, a, clause);
			return;
		}
		if (clause.param().equals("_compartment")) {
			compartment(sql, a, type, clause.values().get(0));
			return;
		}
		if (clause.chain() != null) {
			chain(sql, a, type, param, clause);
			return;
		}
		if ("missing".equals(clause.modifier())) {
			missing(sql, a, type, param, clause);
			return;
		}
		String joiner = "not".equals(clause.modifier()) ? " and " : " or ";
		sql.append("(");
		for (int i = 0; i < clause.values().size(); i++) {
			if (i > 0) {
				sql.append(joiner);
			}
			value(sql, a, type, param, clause, clause.values().get(i));
		}
		sql.append(")");
	}

	/**
	 * {@code subject:Patient.name=x}: the reference must point at a live resource of a target type
	 * that matches the rest of the chain. Without a type modifier, every target type of the
	 * reference that defines the chained parameter is tried (ORed).
	 */
	private void chain(SqlBuilder sql, String a, String type, @Nullable RuntimeSearchParam param, Clause clause) {
		Clause rest = SearchRequestParser.clause(clause.chain(), String.join(",", escape(clause.values())));
		List<String> targets = new ArrayList<>();
		Collection<String> candidates = clause.modifier() != null ? List.of(clause.modifier())
				: param != null && !param.getTargets().isEmpty() ? param.getTargets() : ctx.getResourceTypes();
		for (String target : new TreeSet<>(candidates)) {
			if (ctx.getResourceTypes().contains(target)
					&& (rest.param().startsWith("_") || ctx.getResourceDefinition(target).getSearchParam(rest.param()) != null)) {
				targets.add(target);
			}
		}
		if (targets.isEmpty()) {
			throw unsupported(clause.param() + "." + clause.chain(), "no target type of '" + clause.param()
					+ "' has the parameter '" + rest.param() + "'; the chain");
		}
		String t = next(a);
		sql.append("exists (select 1 from idx_reference x where x.res_id = " + a + ".res_id and x.hash_identity = ?"
				+ " and x.target_res_id in (select " + t + ".res_id from resource " + t + " where not " + t + ".deleted and (",
				IndexHash.identity(type, clause.param()));
		for (int i = 0; i < targets.size(); i++) {
			String target = targets.get(i);
			sql.append(i > 0 ? " or (" : "(").append(t + ".res_type = ? and ", target);
			compile(sql, t, target, ctx.getResourceDefinition(target).getSearchParam(rest.param()), rest);
			sql.append(")");
		}
		sql.append(")))");
	}

	/** {@code _has:Observation:patient:code=x}: some live Observation whose patient is this resource has code x. */
	private void reverseChain(SqlBuilder sql, String a, Clause clause) {
		String[] parts = clause.chain().split(":", 3);
		String source = parts[0];
		Clause rest = SearchRequestParser.clause(parts[2], String.join(",", escape(clause.values())));
		String s = next(a);
		sql.append("exists (select 1 from idx_reference x join resource " + s + " on " + s + ".res_id = x.res_id and not "
				+ s + ".deleted where x.target_res_id = " + a + ".res_id and x.hash_identity = ? and ",
				IndexHash.identity(source, parts[1]));
		compile(sql, s, source, ctx.getResourceDefinition(source).getSearchParam(rest.param()), rest);
		sql.append(")");
	}

	/**
	 * {@code Patient/123/Observation}: the resource refers to the compartment's owner through one of
	 * the parameters the compartment definition names for its type (for Observation in the Patient
	 * compartment: subject and performer).
	 */
	private void compartment(SqlBuilder sql, String a, String type, String owner) {
		int slash = owner.indexOf('/');
		String ownerType = owner.substring(0, slash);
		List<Long> identities = new ArrayList<>();
		for (RuntimeSearchParam p : ctx.getResourceDefinition(type).getSearchParams()) {
			if (p.getProvidesMembershipInCompartments() != null && p.getProvidesMembershipInCompartments().contains(ownerType)
					&& p.getParamType() == ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.REFERENCE) {
				identities.add(IndexHash.identity(type, p.getName()));
			}
		}
		if (identities.isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.UNSUPPORTED_SEARCH_PARAMETER,
					type + " is not part of the " + ownerType + " compartment");
		}
		sql.append("exists (select 1 from idx_reference x where x.res_id = " + a + ".res_id and x.hash_identity in ("
				+ String.join(",", java.util.Collections.nCopies(identities.size(), "?")) + ")", identities.toArray());
		sql.append(" and x.target_res_id = (select t.res_id from resource t where t.res_type = ? and t.fhir_id = ?))",
				ownerType, owner.substring(slash + 1));
	}

	/** A fresh alias for a nested candidate: r, then c1, c2, … */
	private static String next(String alias) {
		return alias.equals("r") ? "c1" : "c" + (Integer.parseInt(alias.substring(1)) + 1);
	}

	private static List<String> escape(List<String> values) {
		return values.stream().map(v -> v.replace("\\", "\\\\").replace(",", "\\,")).toList();
	}

	private void value(SqlBuilder sql, String a, String type, @Nullable RuntimeSearchParam param, Clause clause, String value) {
		String code = clause.param();
		if (code.equals("_id")) {
			sql.append(a + ".fhir_id = ?", value);
			return;
		}
		if (code.equals("_lastUpdated")) {
			SearchPrefix.Split split = SearchPrefix.split(value);
			long[] range = OrderedCriteria.dateRange(code, split.prefix(), split.value(), clock);
			OrderedCriteria.compare(sql, split.prefix(), a + ".last_updated", a + ".last_updated", timestamp(range[0]),
					timestamp(range[1]));
			return;
		}
		long identity = IndexHash.identity(type, code);
		switch (kind(param, code)) {
			case TOKEN -> token(sql, a, type, clause, value);
			case STRING -> string(sql, a, identity, clause, value);
			case DATE -> {
				SearchPrefix.Split split = SearchPrefix.split(value);
				long[] range = OrderedCriteria.dateRange(code, split.prefix(), split.value(), clock);
				sql.append("exists (select 1 from idx_date x where x.res_id = " + a + ".res_id and x.hash_identity = ? and ", identity);
				OrderedCriteria.compare(sql, split.prefix(), "x.low_ms", "x.high_ms", range[0], range[1]);
				sql.append(")");
			}
			case NUMBER -> {
				SearchPrefix.Split split = SearchPrefix.split(value);
				BigDecimal[] range = OrderedCriteria.numberRange(code, split.prefix(), split.value());
				sql.append("exists (select 1 from idx_number x where x.res_id = " + a + ".res_id and x.hash_identity = ? and ", identity);
				OrderedCriteria.compare(sql, split.prefix(), "x.value", "x.value", range[0], range[1]);
				sql.append(")");
			}
			case QUANTITY -> quantity(sql, a, type, code, identity, value);
			case REFERENCE -> reference(sql, a, identity, clause, value);
			case URI -> uri(sql, a, identity, clause, value);
			default -> throw unsupported(code, "parameters of this type");
		}
	}

	private static void token(SqlBuilder sql, String a, String type, Clause clause, String value) {
		String code = clause.param();
		String negate = "not".equals(clause.modifier()) ? "not " : "";
		if ("text".equals(clause.modifier())) {
			sql.append("exists (select 1 from idx_token x where x.res_id = " + a + ".res_id and x.hash_identity = ?"
					+ " and lower(x.display) like ?)", IndexHash.identity(type, code), like(SearchStrings.normalize(value)));
			return;
		}
		requireModifier(clause, "not");
		int bar = value.indexOf('|');
		if (bar < 0) {
			sql.append(negate + "exists (select 1 from idx_token x where x.res_id = " + a + ".res_id and x.hash_code = ?)",
					IndexHash.tokenCode(type, code, value));
		} else if (bar == value.length() - 1) {
			sql.append(negate + "exists (select 1 from idx_token x where x.res_id = " + a + ".res_id and x.hash_sys = ?)",
					IndexHash.tokenSystem(type, code, value.substring(0, bar)));
		} else {
			String system = value.substring(0, bar);
			sql.append(negate + "exists (select 1 from idx_token x where x.res_id = " + a + ".res_id and x.hash_sys_code = ?)",
					IndexHash.tokenSystemCode(type, code, system.isEmpty() ? null : system, value.substring(bar + 1)));
		}
	}

	private static void string(SqlBuilder sql, String a, long identity, Clause clause, String value) {
		String prefix = "exists (select 1 from idx_string x where x.res_id = " + a + ".res_id and x.hash_identity = ? and ";
		if ("exact".equals(clause.modifier())) {
			sql.append(prefix + "x.value_exact = ?)", identity, value);
		} else if ("contains".equals(clause.modifier())) {
			sql.append(prefix + "x.value_norm like ?)", identity, "%" + like(SearchStrings.normalize(value)));
		} else {
			requireModifier(clause, null);
			sql.append(prefix + "x.value_norm like ?)", identity, like(SearchStrings.normalize(value)));
		}
	}

	private static void quantity(SqlBuilder sql, String a, String type, String code, long identity, String value) {
		String[] parts = value.split("\\|", -1);
		SearchPrefix.Split split = SearchPrefix.split(parts[0]);
		BigDecimal[] range = OrderedCriteria.numberRange(code, split.prefix(), split.value());
		String system = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null;
		String unit = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : null;
		if (system != null && unit != null) {
			sql.append("exists (select 1 from idx_quantity x where x.res_id = " + a + ".res_id and x.hash_units = ? and ",
					IndexHash.quantityUnits(type, code, system, unit));
		} else if (unit != null) {
			sql.append("exists (select 1 from idx_quantity x where x.res_id = " + a + ".res_id and x.hash_identity = ?"
					+ " and x.code = ? and ", identity, unit);
		} else {
			sql.append("exists (select 1 from idx_quantity x where x.res_id = " + a + ".res_id and x.hash_identity = ? and ",
					identity);
		}
		OrderedCriteria.compare(sql, split.prefix(), "x.value", "x.value", range[0], range[1]);
		sql.append(")");
	}

	private static void reference(SqlBuilder sql, String a, long identity, Clause clause, String value) {
		String prefix = "exists (select 1 from idx_reference x where x.res_id = " + a + ".res_id and x.hash_identity = ? and ";
		if (value.contains("://")) {
			sql.append(prefix + "x.target_url = ?)", identity, value);
			return;
		}
		String v = value.contains("/_history/") ? value.substring(0, value.indexOf("/_history/")) : value;
		int slash = v.indexOf('/');
		String targetType = slash > 0 ? v.substring(0, slash) : clause.modifier();
		String targetId = slash > 0 ? v.substring(slash + 1) : v;
		if (targetType == null) {
			sql.append(prefix + "x.target_res_id in (select t.res_id from resource t where t.fhir_id = ?))", identity,
					targetId);
		} else {
			sql.append(prefix + "x.target_res_id = (select t.res_id from resource t where t.res_type = ?"
					+ " and t.fhir_id = ?))", identity, targetType, targetId);
		}
	}

	private static void uri(SqlBuilder sql, String a, long identity, Clause clause, String value) {
		String prefix = "exists (select 1 from idx_uri x where x.res_id = " + a + ".res_id and x.hash_identity = ? and ";
		if ("below".equals(clause.modifier())) {
			sql.append(prefix + "x.uri like ?)", identity, like(value));
		} else if ("above".equals(clause.modifier())) {
			sql.append(prefix + "? like replace(replace(x.uri, '%', '\\%'), '_', '\\_') || '%')", identity, value);
		} else {
			requireModifier(clause, null);
			sql.append(prefix + "x.uri = ?)", identity, value);
		}
	}

	private static void missing(SqlBuilder sql, String a, String type, @Nullable RuntimeSearchParam param, Clause clause) {
		String value = clause.values().get(0);
		if (!value.equals("true") && !value.equals("false")) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE,
					clause.param() + ":missing takes true or false, not '" + value + "'");
		}
		String table = switch (kind(param, clause.param())) {
			case STRING -> "idx_string";
			case TOKEN -> "idx_token";
			case DATE -> "idx_date";
			case NUMBER -> "idx_number";
			case QUANTITY -> "idx_quantity";
			case REFERENCE -> "idx_reference";
			case URI -> "idx_uri";
			default -> throw unsupported(clause.param(), ":missing on this parameter");
		};
		sql.append((value.equals("true") ? "not " : "") + "exists (select 1 from " + table
				+ " x where x.res_id = " + a + ".res_id and x.hash_identity = ?)", IndexHash.identity(type, clause.param()));
	}

	static RestSearchParameterTypeEnum kind(@Nullable RuntimeSearchParam param, String code) {
		if (code.equals("_source")) {
			return RestSearchParameterTypeEnum.URI;
		}
		if (param == null) {
			throw unsupported(code, "this parameter");
		}
		return param.getParamType();
	}

	private static void requireModifier(Clause clause, @Nullable String allowed) {
		if (clause.modifier() != null && !clause.modifier().equals(allowed)) {
			throw unsupported(clause.param(), "modifier :" + clause.modifier() + " on this parameter");
		}
	}

	private static String like(String s) {
		return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	private static Timestamp timestamp(long millis) {
		return Timestamp.from(Instant.ofEpochMilli(millis));
	}

	private static CustodianException unsupported(String code, String what) {
		return new CustodianException.Invalid(ErrorCode.UNSUPPORTED_SEARCH_PARAMETER,
				"Search parameter '" + code + "': " + what + " is not supported");
	}
}

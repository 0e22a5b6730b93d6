package org.custodian.search;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.springframework.jdbc.core.JdbcTemplate;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;

/**
 * Finds the live resources that a conditional URL ({@code identifier=http://x|123&name=Lee}) names,
 * for conditional create, update and delete and for conditional references in transactions. It
 * supports the parameter types such conditions use in practice (token, string, uri, reference and
 * {@code _id}), with AND across parameters and OR across comma-separated values; anything else is
 * refused with a message naming the parameter rather than guessed at.
 */
public final class MatchQuery {

	private final FhirContext ctx;
	private final JdbcTemplate jdbc;

	public MatchQuery(FhirContext ctx, JdbcTemplate jdbc) {
		this.ctx = ctx;
		this.jdbc = jdbc;
	}

	/** Internal ids of at most {@code limit} live resources of {@code type} matching {@code query}. */
	public List<Long> match(String type, String query, int limit) {
		RuntimeResourceDefinition def = ctx.getResourceDefinition(type);
		StringBuilder sql = new StringBuilder("select r.res_id from resource r where r.res_type = ? and not r.deleted");
		List<Object> args = new ArrayList<>();
		args.add(type);
		int clauses = 0;
		for (String part : query.split("&")) {
			if (part.isBlank()) {
				continue;
			}
			int eq = part.indexOf('=');
			if (eq < 1) {
				throw invalid("'" + part + "' in conditional URL " + type + "?" + query + " is not name=value");
			}
			String name = decode(part.substring(0, eq));
			String value = decode(part.substring(eq + 1));
			if (name.startsWith("_format") || name.equals("_pretty")) {
				continue;
			}
			appendClause(type, def, name, value, sql, args);
			clauses++;
		}
		if (clauses == 0) {
			throw invalid("Conditional URL " + type + "?" + query + " has no search parameter");
		}
		sql.append(" limit ?");
		args.add(limit);
		return jdbc.queryForList(sql.toString(), Long.class, args.toArray());
	}

	private void appendClause(String type, RuntimeResourceDefinition def, String name, String value, StringBuilder sql,
			List<Object> args) {
		String code = name;
		String modifier = null;
		int colon = name.indexOf(':');
		if (colon > 0) {
			code = name.substring(0, colon);
			modifier = name.substring(colon + 1);
		}
		List<String> values = splitOr(value);
		if (code.equals("_id")) {
			sql.append(" and r.fhir_id in (").append(placeholders(values.size())).append(')');
			args.addAll(values);
			return;
		}
		RuntimeSearchParam param = def.getSearchParam(code);
		if (param == null) {
			throw new CustodianException.Invalid(ErrorCode.UNSUPPORTED_SEARCH_PARAMETER,
					"Unknown search parameter '" + code + "' for " + type + " in a conditional URL");
		}
		List<String> ors = new ArrayList<>();
		for (String v : values) {
			ors.add(predicate(type, code, modifier, param, v, args));
		}
		sql.append(" and (").append(String.join(" or ", ors)).append(')');
	}

	private String predicate(String type, String code, String modifier, RuntimeSearchParam param, String value,
			List<Object> args) {
		switch (param.getParamType()) {
			case TOKEN -> {
				requireNoModifier(code, modifier);
				int bar = value.indexOf('|');
				if (bar < 0) {
					args.add(IndexHash.tokenCode(type, code, value));
					return "exists (select 1 from idx_token t where t.res_id = r.res_id and t.hash_code = ?)";
				}
				String system = value.substring(0, bar);
				String c = value.substring(bar + 1);
				if (c.isEmpty()) {
					args.add(IndexHash.tokenSystem(type, code, system));
					return "exists (select 1 from idx_token t where t.res_id = r.res_id and t.hash_sys = ?)";
				}
				args.add(IndexHash.tokenSystemCode(type, code, system.isEmpty() ? null : system, c));
				return "exists (select 1 from idx_token t where t.res_id = r.res_id and t.hash_sys_code = ?)";
			}
			case STRING -> {
				args.add(IndexHash.identity(type, code));
				if ("exact".equals(modifier)) {
					args.add(value);
					return "exists (select 1 from idx_string s where s.res_id = r.res_id and s.hash_identity = ?"
							+ " and s.value_exact = ?)";
				}
				requireNoModifier(code, modifier);
				args.add(likePrefix(SearchStrings.normalize(value)));
				return "exists (select 1 from idx_string s where s.res_id = r.res_id and s.hash_identity = ?"
						+ " and s.value_norm like ?)";
			}
			case URI -> {
				requireNoModifier(code, modifier);
				args.add(IndexHash.identity(type, code));
				args.add(value);
				return "exists (select 1 from idx_uri u where u.res_id = r.res_id and u.hash_identity = ? and u.uri = ?)";
			}
			case REFERENCE -> {
				return referencePredicate(type, code, modifier, param, value, args);
			}
			default -> throw new CustodianException.Invalid(ErrorCode.UNSUPPORTED_SEARCH_PARAMETER,
					"Parameter '" + code + "' (" + param.getParamType().getCode()
							+ ") is not supported in conditional URLs; use a token, string, uri or reference parameter");
		}
	}

	private String referencePredicate(String type, String code, String modifier, RuntimeSearchParam param, String value,
			List<Object> args) {
		args.add(IndexHash.identity(type, code));
		if (value.contains("://")) {
			requireNoModifier(code, modifier);
			args.add(value);
			return "exists (select 1 from idx_reference x where x.res_id = r.res_id and x.hash_identity = ?"
					+ " and x.target_url = ?)";
		}
		String targetType = modifier;
		String targetId = value;
		int slash = value.indexOf('/');
		if (slash > 0) {
			targetType = value.substring(0, slash);
			targetId = value.substring(slash + 1);
		}
		args.add(targetId);
		if (targetType == null) {
			return "exists (select 1 from idx_reference x join resource t on t.res_id = x.target_res_id"
					+ " where x.res_id = r.res_id and x.hash_identity = ? and t.fhir_id = ?)";
		}
		args.add(targetType);
		return "exists (select 1 from idx_reference x join resource t on t.res_id = x.target_res_id"
				+ " where x.res_id = r.res_id and x.hash_identity = ? and t.fhir_id = ? and t.res_type = ?)";
	}

	private static void requireNoModifier(String code, String modifier) {
		if (modifier != null) {
			throw new CustodianException.Invalid(ErrorCode.UNSUPPORTED_SEARCH_PARAMETER,
					"Modifier ':" + modifier + "' on '" + code + "' is not supported in conditional URLs");
		}
	}

	/** Splits on commas not escaped with a backslash, and unescapes. */
	static List<String> splitOr(String value) {
		List<String> out = new ArrayList<>();
		StringBuilder cur = new StringBuilder();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' && i + 1 < value.length()) {
				cur.append(value.charAt(++i));
			} else if (c == ',') {
				out.add(cur.toString());
				cur.setLength(0);
			} else {
				cur.append(c);
			}
		}
		out.add(cur.toString());
		return out;
	}

	private static String likePrefix(String s) {
		return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	private static String placeholders(int n) {
		return String.join(",", java.util.Collections.nCopies(n, "?"));
	}

	private static String decode(String s) {
		return URLDecoder.decode(s, StandardCharsets.UTF_8);
	}

	private static CustodianException invalid(String message) {
		return new CustodianException.Invalid(ErrorCode.INVALID_CONDITIONAL_URL, message);
	}
}

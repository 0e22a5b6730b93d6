package org.custodian.search;

import org.custodian.access.AccessContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.springframework.jdbc.core.JdbcTemplate;

import ca.uhn.fhir.context.FhirContext;

/**
 * Finds the live resources that a conditional URL ({@code identifier=http://x|123&name=Lee}) names,
 * for conditional create, update and delete and for conditional references in transactions. It is
 * a search, parsed strictly (a parameter that cannot be applied is an error, never ignored: a
 * condition that silently matched more would update the wrong record).
 */
public final class MatchQuery {

	private final SearchRequestParser parser;
	private final SearchQuery query;
	private final JdbcTemplate jdbc;

	public MatchQuery(FhirContext ctx, JdbcTemplate jdbc) {
		this.parser = new SearchRequestParser(ctx, 1, 1);
		this.query = new SearchQuery(ctx, Clock.systemUTC(), jdbc);
		this.jdbc = jdbc;
	}

	/** Internal ids of live resources of {@code type} matching {@code query}: at most two, enough to tell one from many. */
	public List<Long> match(AccessContext access, String type, String conditional) {
		Map<String, String[]> params = parameters(type, conditional);
		SearchRequest request = parser.parse(type, params, true);
		if (request.clauses().isEmpty()) {
			throw invalid("Conditional URL " + type + "?" + conditional + " has no search parameter");
		}
		SqlBuilder sql = query.ids(access, request, 2, 0);
		return jdbc.queryForList(sql.sql(), Long.class, sql.args());
	}

	private static Map<String, String[]> parameters(String type, String conditional) {
		Map<String, List<String>> grouped = new LinkedHashMap<>();
		for (String part : conditional.split("&")) {
			if (part.isBlank()) {
				continue;
			}
			int eq = part.indexOf('=');
			if (eq < 1) {
				throw invalid("'" + part + "' in conditional URL " + type + "?" + conditional + " is not name=value");
			}
			String name = decode(part.substring(0, eq));
			if (name.startsWith("_") && !name.equals("_id") && !name.equals("_lastUpdated") && !name.equals("_tag")
					&& !name.equals("_profile") && !name.equals("_security") && !name.equals("_source")) {
				continue;
			}
			grouped.computeIfAbsent(name, k -> new ArrayList<>()).add(decode(part.substring(eq + 1)));
		}
		Map<String, String[]> params = new LinkedHashMap<>();
		grouped.forEach((k, v) -> params.put(k, v.toArray(String[]::new)));
		return params;
	}

	private static String decode(String s) {
		try {
			return URLDecoder.decode(s, StandardCharsets.UTF_8);
		} catch (IllegalArgumentException e) {
			throw invalid("'" + s + "' in a conditional URL is not valid percent-encoding");
		}
	}

	private static CustodianException invalid(String message) {
		return new CustodianException.Invalid(ErrorCode.INVALID_CONDITIONAL_URL, message);
	}
}

package org.custodian.search;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessContext;
import org.custodian.access.RowFilter;
import org.custodian.access.ScopeConstraints;
import org.custodian.search.SearchRequest.Clause;
import org.custodian.support.CustodianException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;

/**
 * SMART v2 finer-grained scopes as search: the scope's query is parsed as the search of its type
 * would be, and each of its clauses compiled to the same index test a search uses. Only plain
 * parameters are enforced (no chains, no {@code _has}, no result parameters): a scope whose query
 * asks for more grants nothing, never more than it says.
 */
@Service
class ScopeQueryConstraints implements ScopeConstraints {

	private static final Logger log = LoggerFactory.getLogger(ScopeQueryConstraints.class);

	private final FhirContext ctx;
	private final SearchRequestParser parser;
	private final ClauseCompiler clauses;

	ScopeQueryConstraints(FhirContext ctx, Clock clock, JdbcTemplate jdbc) {
		this.ctx = ctx;
		this.parser = new SearchRequestParser(ctx, 20, 20);
		this.clauses = new ClauseCompiler(ctx, clock, new ValueSetCodes(jdbc), new ReferenceTargets(jdbc),
				new CodeSystemHierarchy(jdbc));
	}

	@Override
	public @Nullable RowFilter matching(AccessContext access, String alias, String type, String query) {
		try {
			SearchRequest request = parser.parse(type, parameters(query), true);
			if (request.clauses().isEmpty() || !request.includes().isEmpty() || !request.sort().isEmpty()) {
				return refuse(type);
			}
			RuntimeResourceDefinition def = ctx.getResourceDefinition(type);
			SqlBuilder sql = new SqlBuilder();
			for (int i = 0; i < request.clauses().size(); i++) {
				Clause clause = request.clauses().get(i);
				if (clause.chain() != null || clause.param().equals("_has") || def.getSearchParam(clause.param()) == null) {
					return refuse(type);
				}
				sql.append(i > 0 ? " and " : "");
				clauses.compile(sql, access, alias, type, def.getSearchParam(clause.param()), clause);
			}
			return new RowFilter("(" + sql.sql() + ")", List.of(sql.args()));
		} catch (CustodianException e) {
			return refuse(type);
		}
	}

	private static @Nullable RowFilter refuse(String type) {
		// The query and the reason may name a patient: they stay out of the log, which is not the audit store.
		log.warn("A finer-grained scope on {} grants nothing: its query cannot be enforced", type);
		return null;
	}

	private static Map<String, String[]> parameters(String query) {
		Map<String, List<String>> values = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
		}
		Map<String, String[]> out = new LinkedHashMap<>();
		values.forEach((k, v) -> out.put(k, v.toArray(String[]::new)));
		return out;
	}
}

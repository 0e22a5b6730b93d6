package org.custodian.search;

import java.time.Clock;

import org.custodian.search.SearchRequest.Clause;
import org.custodian.search.SearchRequest.SortKey;
import org.springframework.jdbc.core.JdbcTemplate;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;

/**
 * Compiles a {@link SearchRequest} into SQL over the head table {@code resource r}: the clauses as
 * {@code exists} conditions, {@code _sort} keys as per-resource aggregates of the index (lowest value
 * ascending, highest descending, resources without a value last), and a final order by internal id
 * so pages never overlap or skip while the data is unchanged.
 */
final class SearchQuery {

	private final FhirContext ctx;
	private final ClauseCompiler clauses;

	SearchQuery(FhirContext ctx, Clock clock, JdbcTemplate jdbc) {
		this.ctx = ctx;
		this.clauses = new ClauseCompiler(ctx, clock, new ValueSetCodes(jdbc));
	}

	/** Without a database for the value sets of {@code :in} and {@code :not-in}, which are then refused. */
	SearchQuery(FhirContext ctx, Clock clock) {
		this.ctx = ctx;
		this.clauses = new ClauseCompiler(ctx, clock, null);
	}

	/** Up to {@code limit} internal ids in result order, skipping the first {@code offset}. */
	SqlBuilder ids(SearchRequest request, int limit, int offset) {
		SqlBuilder sql = new SqlBuilder().append("select r.res_id from resource r");
		where(sql, request);
		sql.append(" order by ");
		for (SortKey key : request.sort()) {
			sortKey(sql, request.type(), key);
			sql.append(key.descending() ? " desc nulls last, " : " asc nulls last, ");
		}
		sql.append("r.res_id limit ? offset ?", limit, offset);
		return sql;
	}

	SqlBuilder count(SearchRequest request) {
		SqlBuilder sql = new SqlBuilder().append("select count(*) from resource r");
		where(sql, request);
		return sql;
	}

	private void where(SqlBuilder sql, SearchRequest request) {
		RuntimeResourceDefinition def = ctx.getResourceDefinition(request.type());
		sql.append(" where r.res_type = ? and not r.deleted", request.type());
		for (Clause clause : request.clauses()) {
			sql.append(" and ");
			clauses.compile(sql, "r", request.type(), def.getSearchParam(clause.param()), clause);
		}
	}

	private void sortKey(SqlBuilder sql, String type, SortKey key) {
		if (key.param().equals("_id")) {
			sql.append("r.fhir_id");
			return;
		}
		if (key.param().equals("_lastUpdated")) {
			sql.append("r.last_updated");
			return;
		}
		RuntimeSearchParam param = ctx.getResourceDefinition(type).getSearchParam(key.param());
		String agg = key.descending() ? "max" : "min";
		sql.append(aggregate(agg, ClauseCompiler.kind(param, key.param()), key.descending()),
				IndexHash.identity(type, key.param()));
	}

	private static String aggregate(String agg, ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum kind, boolean descending) {
		String[] tableAndColumn = switch (kind) {
			case STRING -> new String[] {"idx_string", "value_norm"};
			case TOKEN -> new String[] {"idx_token", "code"};
			case DATE -> new String[] {"idx_date", descending ? "high_ms" : "low_ms"};
			case NUMBER -> new String[] {"idx_number", "value"};
			case QUANTITY -> new String[] {"idx_quantity", "value"};
			case URI -> new String[] {"idx_uri", "uri"};
			default -> new String[] {"idx_reference", "target_id"};
		};
		return "(select " + agg + "(x." + tableAndColumn[1] + ") from " + tableAndColumn[0]
				+ " x where x.res_id = r.res_id and x.hash_identity = ?)";
	}
}

package org.custodian.search;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Resolves the resource a reference search value names ({@code Patient/123}, or {@code 123} of any
 * type) to internal ids before the search is compiled. The ids then go into the query as values, not
 * as a sub-select, so PostgreSQL plans with the real target: a patient with 20,000 observations is
 * planned differently from one with 20, which a sub-select (unknown until run) cannot be. A target
 * that does not exist resolves to no ids, and the clause matches nothing, as the sub-select did.
 */
final class ReferenceTargets {

	private final JdbcTemplate jdbc;

	ReferenceTargets(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Internal ids of the resources named {@code id}, of {@code type} when it is given. */
	List<Long> resolve(@Nullable String type, String id) {
		if (type == null) {
			return jdbc.queryForList("select res_id from resource where fhir_id = ?", Long.class, id);
		}
		return jdbc.queryForList("select res_id from resource where res_type = ? and fhir_id = ?", Long.class, type, id);
	}

	/** Appends the condition that {@code column} holds one of the ids (false when there are none). */
	static void appendTarget(SqlBuilder sql, String column, List<Long> ids) {
		if (ids.isEmpty()) {
			sql.append("false");
		} else if (ids.size() == 1) {
			sql.append(column + " = ?", ids.get(0));
		} else {
			sql.append(column + " = any(?)", (Object) ids.stream().mapToLong(Long::longValue).toArray());
		}
	}
}

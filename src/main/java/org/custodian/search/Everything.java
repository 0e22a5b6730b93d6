package org.custodian.search;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.custodian.access.RowFilter;
import org.jspecify.annotations.Nullable;

/**
 * {@code $everything} of a patient or an encounter: the focus resource, every live resource that
 * refers to it (its compartment, through any reference, not only the compartment definition's
 * parameters), and every live resource those or the focus refer to (practitioners, organizations,
 * locations, medications…). Ordered focus first, then by internal id, so pages are stable.
 *
 * @param types  {@code _type}: only these resource types, or all when empty
 * @param since  {@code _since}: only resources changed after this instant
 */
public record Everything(String type, String id, List<String> types, @Nullable Instant since) {

	/** The members' ids in order; only those {@code visible} (a filter on alias {@code r}) admits. */
	SqlBuilder sql(RowFilter visible) {
		SqlBuilder sql = new SqlBuilder().append("with focus as (select res_id from resource where res_type = ?"
				+ " and fhir_id = ? and not deleted),"
				+ " members as (select l.res_id from resource_link l where l.target_res_id in (select res_id from focus)),"
				+ " referenced as (select l.target_res_id as res_id from resource_link l where l.res_id in"
				+ " (select res_id from members union all select res_id from focus))"
				+ " select r.res_id from resource r where r.res_id in (select res_id from focus union select res_id from members"
				+ " union select res_id from referenced) and not r.deleted", type, id);
		if (!visible.unrestricted()) {
			sql.append(" and " + visible.sql(), visible.args().toArray());
		}
		if (!types.isEmpty()) {
			sql.append(" and r.res_type in (" + String.join(",", java.util.Collections.nCopies(types.size(), "?")) + ")",
					types.toArray());
		}
		if (since != null) {
			sql.append(" and r.last_updated > ?", Timestamp.from(since));
		}
		sql.append(" order by (r.res_id in (select res_id from focus)) desc, r.res_id");
		return sql;
	}
}

package org.custodian.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Reading the audit trail: by user, patient, date range, action, outcome and interaction, for
 * auditors and the privacy officer; as CSV; and, for one patient, the report of everyone who
 * accessed their record, when and why (which the patient may read about their own record). Every
 * reading is itself recorded, by the edge, like any other access.
 */
@Service
public class AuditReports {

	/** At most this many rows in one CSV export: narrow the filter (a date range) for more. */
	public static final int MAX_EXPORT = 100_000;

	/** What to look for; null fields match anything. {@code patient} is {@code Patient/id}. */
	public record Filter(@Nullable String user, @Nullable String patient, @Nullable Instant from, @Nullable Instant to,
			@Nullable Character action, @Nullable Integer outcome, @Nullable String subtype) {}

	/** One row of the trail: its sequence number and what it records. */
	public record Entry(long seq, AuditRecord record) {}

	private final JdbcTemplate jdbc;

	AuditReports(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Rows matching {@code filter}, newest first. */
	public List<Entry> find(AccessContext access, Filter filter, int count, int offset) {
		access.requireAuditReader(null);
		return query(filter, count, offset);
	}

	/** Everyone who accessed {@code patientId}'s record, newest first. */
	public List<Entry> accessReport(AccessContext access, String patientId, int count, int offset) {
		List<Long> resId = jdbc.queryForList("select res_id from resource where res_type = 'Patient' and fhir_id = ?",
				Long.class, patientId);
		access.requireAuditReader(resId.isEmpty() ? null : resId.get(0));
		return query(new Filter(null, "Patient/" + patientId, null, null, null, null, null), count, offset);
	}

	/** Rows matching {@code filter} as CSV, one line per row, oldest first. */
	public String csv(AccessContext access, Filter filter) {
		access.requireAuditReader(null);
		List<Entry> rows = query(filter, MAX_EXPORT + 1, 0);
		if (rows.size() > MAX_EXPORT) {
			throw new CustodianException.Invalid(ErrorCode.ACCESS_INVALID_REQUEST, "More than " + MAX_EXPORT + " audit records"
					+ " match; export a narrower date range at a time");
		}
		StringBuilder out = new StringBuilder("seq,recorded,category,action,subtype,outcome,user,user_resource,client,roles,"
				+ "purpose,origin,patients,entities,query,detail,emergency\r\n");
		for (int i = rows.size() - 1; i >= 0; i--) {
			Entry e = rows.get(i);
			AuditRecord r = e.record();
			out.append(e.seq()).append(',').append(r.recorded()).append(',').append(cell(r.category())).append(',')
					.append(r.action()).append(',').append(cell(r.subtype())).append(',').append(r.outcome()).append(',')
					.append(cell(r.actor())).append(',').append(cell(r.user())).append(',').append(cell(r.client())).append(',').append(cell(String.join(" ", r.roles())))
					.append(',').append(cell(r.purpose())).append(',').append(cell(r.origin())).append(',')
					.append(cell(String.join(" ", r.patients()))).append(',').append(cell(String.join(" ", r.entities())))
					.append(',').append(cell(r.query())).append(',').append(cell(r.detail())).append(',').append(r.emergency())
					.append("\r\n");
		}
		return out.toString();
	}

	private List<Entry> query(Filter f, int count, int offset) {
		StringBuilder sql = new StringBuilder("select * from audit_event where true");
		List<Object> args = new ArrayList<>();
		if (f.user() != null) {
			sql.append(" and actor = ?");
			args.add(f.user());
		}
		if (f.patient() != null) {
			sql.append(" and patients @> array[?]::text[]");
			args.add(f.patient());
		}
		if (f.from() != null) {
			sql.append(" and recorded >= ?");
			args.add(Timestamp.from(f.from()));
		}
		if (f.to() != null) {
			sql.append(" and recorded < ?");
			args.add(Timestamp.from(f.to()));
		}
		if (f.action() != null) {
			sql.append(" and action = ?");
			args.add(String.valueOf(f.action()));
		}
		if (f.outcome() != null) {
			sql.append(" and outcome = ?");
			args.add(f.outcome());
		}
		if (f.subtype() != null) {
			sql.append(" and subtype = ?");
			args.add(f.subtype());
		}
		sql.append(" order by seq desc limit ? offset ?");
		args.add(count);
		args.add(offset);
		return jdbc.query(sql.toString(), (rs, i) -> new Entry(rs.getLong("seq"), AuditTrail.read(rs)), args.toArray());
	}

	/** A CSV cell: quoted when it holds a comma, quote or line break; formula-leading text defused for spreadsheets. */
	private static String cell(@Nullable String value) {
		if (value == null) {
			return "";
		}
		String v = value;
		if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
			v = "'" + v;
		}
		if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
			v = "\"" + v.replace("\"", "\"\"") + "\"";
		}
		return v;
	}
}

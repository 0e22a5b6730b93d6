package org.custodian.retention;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.support.CustodianException;
import org.custodian.support.Digests;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Certificates of destruction: what was destroyed (the chart's id and record number, and what it
 * held, counted), when, under which schedule, approved by whom, and how. Kept permanently (the table
 * refuses update and delete) and sealed with a SHA-256 digest of their fields, which
 * {@link Certificate#intact()} recomputes.
 */
@Component
public class DestructionCertificates {

	public record Certificate(long id, String number, String patient, @Nullable String recordNumber, int scheduleId,
			String scheduleName, @Nullable LocalDate triggerDate, LocalDate eligibleOn, @Nullable LocalDate careFrom,
			@Nullable LocalDate careTo, String contents, String method, String approvedBy, Instant destroyedAt, String digest) {

		/** Whether the certificate's fields still give the digest it was sealed with. */
		public boolean intact() {
			return digest.equals(digestOf(number, patient, recordNumber, scheduleId, scheduleName, triggerDate, eligibleOn,
					careFrom, careTo, contents, method, approvedBy, destroyedAt));
		}
	}

	private final JdbcTemplate jdbc;

	DestructionCertificates(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Issues the certificate, in the destroying transaction. */
	Certificate issue(String patient, @Nullable String recordNumber, Schedule schedule, @Nullable LocalDate triggerDate,
			LocalDate eligibleOn, @Nullable LocalDate careFrom, @Nullable LocalDate careTo, String contents, String method,
			String approvedBy, Instant when) {
		// Stored to the microsecond, as PostgreSQL keeps it, so that the digest can be recomputed from the row.
		Instant destroyedAt = when.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
		long id = jdbc.queryForObject("select nextval('destruction_certificate_id_seq')", Long.class);
		String number = String.format("DC-%d-%06d", destroyedAt.atZone(java.time.ZoneOffset.UTC).getYear(), id);
		String digest = digestOf(number, patient, recordNumber, schedule.id(), schedule.name(), triggerDate, eligibleOn,
				careFrom, careTo, contents, method, approvedBy, destroyedAt);
		jdbc.update("insert into destruction_certificate (id, number, patient, record_number, schedule_id, schedule_name,"
				+ " trigger_date, eligible_on, care_from, care_to, contents, method, approved_by, destroyed_at, digest)"
				+ " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, number, patient, recordNumber, schedule.id(),
				schedule.name(), date(triggerDate), Date.valueOf(eligibleOn), date(careFrom), date(careTo), contents, method,
				approvedBy, Timestamp.from(destroyedAt), digest);
		return byNumber(number);
	}

	/** Every certificate, newest first. */
	public List<Certificate> all(AccessContext access) {
		RetentionStaff.requireRecordsManager(access, "destruction-certificates");
		return jdbc.query("select * from destruction_certificate order by id desc", (rs, n) -> certificate(rs));
	}

	public Certificate byNumber(AccessContext access, String number) {
		RetentionStaff.requireRecordsManager(access, "destruction-certificates");
		return byNumber(number);
	}

	Certificate byNumber(String number) {
		return jdbc.query("select * from destruction_certificate where number = ?", (rs, n) -> certificate(rs), number).stream()
				.findFirst().orElseThrow(() -> new CustodianException.NotFound(ErrorCode.RETENTION_REQUEST_INVALID,
						"No certificate of destruction " + number));
	}

	static String digestOf(String number, String patient, @Nullable String recordNumber, int scheduleId, String scheduleName,
			@Nullable LocalDate triggerDate, LocalDate eligibleOn, @Nullable LocalDate careFrom, @Nullable LocalDate careTo,
			String contents, String method, String approvedBy, Instant destroyedAt) {
		// One field per line, each as written: a change to any of them changes the digest.
		String canonical = String.join("\n", number, patient, String.valueOf(recordNumber), String.valueOf(scheduleId),
				scheduleName, String.valueOf(triggerDate), eligibleOn.toString(), String.valueOf(careFrom),
				String.valueOf(careTo), contents, method, approvedBy, destroyedAt.toString());
		return HexFormat.of().formatHex(Digests.sha256(canonical));
	}

	private static Certificate certificate(ResultSet rs) throws SQLException {
		return new Certificate(rs.getLong("id"), rs.getString("number"), rs.getString("patient"), rs.getString("record_number"),
				rs.getInt("schedule_id"), rs.getString("schedule_name"), local(rs.getDate("trigger_date")),
				rs.getDate("eligible_on").toLocalDate(), local(rs.getDate("care_from")), local(rs.getDate("care_to")),
				rs.getString("contents"), rs.getString("method"), rs.getString("approved_by"),
				rs.getTimestamp("destroyed_at").toInstant(), rs.getString("digest"));
	}

	private static @Nullable LocalDate local(@Nullable Date d) {
		return d == null ? null : d.toLocalDate();
	}

	private static @Nullable Date date(@Nullable LocalDate d) {
		return d == null ? null : Date.valueOf(d);
	}
}

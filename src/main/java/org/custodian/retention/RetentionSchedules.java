package org.custodian.retention;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.custodian.access.AccessContext;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import ca.uhn.fhir.context.FhirContext;

/**
 * The retention schedules in force, and their changes: a schedule is added, or retired (with who and
 * when), never edited, so what a certificate of destruction names stays as it was. A change makes
 * every chart's date be worked out again ({@link RetentionReview#recomputeAll}).
 */
@Component
public class RetentionSchedules {

	private final JdbcTemplate jdbc;
	private final AuditTrail trail;
	private final AuditRecords records;
	private final Clock clock;
	/** Moves on each change, so that a review round that began before one does not keep its watermarks. */
	private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

	RetentionSchedules(JdbcTemplate jdbc, AuditTrail trail, FhirContext ctx, Clock clock) {
		this.jdbc = jdbc;
		this.trail = trail;
		this.records = new AuditRecords(ctx);
		this.clock = clock;
	}

	/** How many times the schedules have changed since start. */
	long generation() {
		return generation.get();
	}

	/** The schedules in force, by class and name. */
	public List<Schedule> inForce() {
		return jdbc.query("select * from retention_schedule where retired_at is null order by record_class, jurisdiction, name",
				(rs, n) -> schedule(rs));
	}

	/** A schedule with who added it and when, and who retired it and when (null while in force). */
	public record Entry(Schedule schedule, String addedBy, java.time.Instant addedAt, @Nullable String retiredBy,
			java.time.@Nullable Instant retiredAt) {}

	/** Every schedule, with its history: those in force first (by class and name), then the retired, the latest first. */
	public List<Entry> entries() {
		return jdbc.query("select * from retention_schedule order by retired_at is not null, retired_at desc, record_class,"
				+ " jurisdiction, name", (rs, n) -> {
					Timestamp retired = rs.getTimestamp("retired_at");
					return new Entry(schedule(rs), rs.getString("added_by"), rs.getTimestamp("added_at").toInstant(),
							rs.getString("retired_by"), retired == null ? null : retired.toInstant());
				});
	}

	/** Any schedule, retired or not (a certificate's). */
	public @Nullable Schedule byId(int id) {
		return jdbc.query("select * from retention_schedule where id = ?", (rs, n) -> schedule(rs), id).stream().findFirst()
				.orElse(null);
	}

	/** A new schedule; checked as a records manager would (a period, a document type for the document class). */
	@Transactional
	public Schedule add(AccessContext access, String name, Schedule.RecordClass recordClass, String jurisdiction,
			@Nullable String documentType, Schedule.Trigger trigger, @Nullable Integer periodMonths,
			@Nullable Integer majorityAge, @Nullable String citation) {
		RetentionStaff.requireRecordsManager(access, "retention-schedule");
		String where = jurisdiction.trim().toUpperCase(Locale.ROOT);
		if (name.isBlank()) {
			throw invalid("A schedule needs a name");
		}
		if (!where.equals(Schedule.ANYWHERE) && !where.matches("[A-Z]{2}(-[A-Z0-9]{1,3})?")) {
			throw invalid("The jurisdiction is a country or subdivision code such as US or US-MA, or * for anywhere");
		}
		if ((recordClass == Schedule.RecordClass.DOCUMENT) != (documentType != null && !documentType.isBlank())) {
			throw invalid("A document type is named for, and only for, the document class");
		}
		if ((trigger == Schedule.Trigger.AGE_OF_MAJORITY) != (majorityAge != null)) {
			throw invalid("An age of majority is given for, and only for, the age-of-majority trigger");
		}
		if (majorityAge != null && (majorityAge < 1 || majorityAge > 30)) {
			throw invalid("The age of majority is between 1 and 30");
		}
		if (periodMonths != null && (periodMonths < 0 || periodMonths > 12 * 200)) {
			throw invalid("The period is between 0 and 200 years; leave it out to keep permanently");
		}
		Integer id = jdbc.queryForObject("insert into retention_schedule (name, record_class, jurisdiction, document_type,"
				+ " trigger_event, period_months, majority_age, citation, added_by, added_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
				+ " returning id", Integer.class, name.trim(), recordClass.code(), where,
				documentType == null || documentType.isBlank() ? null : documentType.trim(), trigger.code(), periodMonths,
				majorityAge, citation == null || citation.isBlank() ? null : citation.trim(), access.actor(),
				Timestamp.from(clock.instant()));
		changed(access, "retention-schedule-add", "schedule " + id + ": " + name.trim());
		return byId(id);
	}

	@Transactional
	public void retire(AccessContext access, int id) {
		RetentionStaff.requireRecordsManager(access, "retention-schedule");
		int n = jdbc.update("update retention_schedule set retired_by = ?, retired_at = ? where id = ? and retired_at is null",
				access.actor(), Timestamp.from(clock.instant()), id);
		if (n == 0) {
			throw invalid("Schedule " + id + " is not in force");
		}
		changed(access, "retention-schedule-retire", "schedule " + id);
	}

	private void changed(AccessContext access, String subtype, String detail) {
		trail.record(records.of(access, "security", 'U', subtype, AuditRecord.SUCCESS, new AuditRecords.Touched(), null,
				detail));
		// Every chart's date is worked out again under the schedules now in force.
		generation.incrementAndGet();
		jdbc.update("delete from retention_watermark");
	}

	private static CustodianException invalid(String message) {
		return new CustodianException.Invalid(ErrorCode.RETENTION_REQUEST_INVALID, message);
	}

	private static Schedule schedule(ResultSet rs) throws SQLException {
		return new Schedule(rs.getInt("id"), rs.getString("name"), Schedule.RecordClass.of(rs.getString("record_class")),
				rs.getString("jurisdiction"), rs.getString("document_type"), Schedule.Trigger.of(rs.getString("trigger_event")),
				(Integer) rs.getObject("period_months"), (Integer) rs.getObject("majority_age"), rs.getString("citation"));
	}
}

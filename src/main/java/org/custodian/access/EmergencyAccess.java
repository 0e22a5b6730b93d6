package org.custodian.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Break-the-glass: a treating clinician without a treatment relationship may open a patient's record
 * in an emergency by giving a reason. The access lasts {@code custodian.access.break-glass-duration}
 * (2 hours by default), covers the whole record including labelled data (42 CFR Part 2 allows
 * disclosure in a bona fide medical emergency), and every case waits on the privacy officer's review
 * list until reviewed. Each request made under it carries the mark ({@link AccessContext#emergency()})
 * for the audit trail of issue 5.
 */
@Service
public class EmergencyAccess {

	/** One case: who broke the glass on whose record, why, when, and whether it has been reviewed. */
	public record Case(String id, String actor, String patient, String reason, String purpose, Instant started,
			Instant expires, @Nullable String reviewedBy, @Nullable Instant reviewedAt, @Nullable String reviewNote) {}

	private static final int MIN_REASON = 10;

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final Duration duration;

	EmergencyAccess(JdbcTemplate jdbc, Clock clock, AccessProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.duration = properties.breakGlassDuration();
	}

	/**
	 * Opens the record of {@code patientId} to the caller of {@code access} until the returned case
	 * expires. Only callers whose reach is bounded by treatment relationships need (and may do) this.
	 */
	public Case breakTheGlass(AccessContext access, String patientId, String reason, @Nullable String purpose) {
		if (!access.boundedByTreatment()) {
			throw access.refused("break-the-glass", "Patient", null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, "Break-the-glass is"
					+ " for clinicians whose access is bounded by treatment relationships; this caller's is not");
		}
		if (reason == null || reason.strip().length() < MIN_REASON) {
			throw new CustodianException.Invalid(ErrorCode.ACCESS_INVALID_REQUEST, "Breaking the glass needs a reason of at"
					+ " least " + MIN_REASON + " characters, which the privacy officer will review");
		}
		Long patient = LiveResources.id(jdbc, "Patient", patientId);
		if (patient == null) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "Patient/" + patientId + " does not exist");
		}
		Instant now = clock.instant();
		UUID id = UUID.randomUUID();
		String why = purpose == null || purpose.isBlank() ? "ETREAT" : purpose;
		jdbc.update("insert into emergency_access (access_id, actor, patient_res_id, reason, purpose, started, expires)"
				+ " values (?, ?, ?, ?, ?, ?, ?)", id, access.actor(), patient, reason.strip(), why, Timestamp.from(now),
				Timestamp.from(now.plus(duration)));
		open.remove(access.actor());
		access.permitted("break-the-glass", "Patient", patient);
		return new Case(id.toString(), access.actor(), "Patient/" + patientId, reason.strip(), why, now, now.plus(duration),
				null, null, null);
	}

	/** One actor's open cases as read: each patient with the case's expiry. */
	private record Open(long[] patients, Instant[] expires, long readAtNanos) {}

	private static final long OPEN_REUSED_NANOS = 5_000_000_000L;
	private final java.util.concurrent.ConcurrentHashMap<String, Open> open = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * The internal ids of the patients whose records {@code actor} has opened and that are still open.
	 * Read once per 5 s per actor (a treating clinician's every request asks), dropped at once when the
	 * actor breaks the glass here, and filtered by expiry at each call, so a case ends on time.
	 */
	long[] openFor(String actor) {
		long nanos = System.nanoTime();
		Open cached = open.get(actor);
		if (cached == null || nanos - cached.readAtNanos() > OPEN_REUSED_NANOS) {
			List<Object[]> rows = jdbc.query("select patient_res_id, expires from emergency_access where actor = ? and"
					+ " expires > ?", (rs, i) -> new Object[] {rs.getLong(1), rs.getTimestamp(2).toInstant()}, actor,
					Timestamp.from(clock.instant()));
			cached = new Open(rows.stream().mapToLong(r -> (Long) r[0]).toArray(),
					rows.stream().map(r -> (Instant) r[1]).toArray(Instant[]::new), nanos);
			if (open.size() > 10_000) {
				open.clear();
			}
			open.put(actor, cached);
		}
		Instant now = clock.instant();
		java.util.stream.LongStream.Builder out = java.util.stream.LongStream.builder();
		for (int i = 0; i < cached.patients().length; i++) {
			if (cached.expires()[i].isAfter(now)) {
				out.add(cached.patients()[i]);
			}
		}
		return out.build().toArray();
	}

	/** The cases not yet reviewed, oldest first: the privacy officer's review list. */
	public List<Case> awaitingReview(AccessContext access) {
		requireReviewer(access);
		return jdbc.query("select e.access_id, e.actor, r.fhir_id, e.reason, e.purpose, e.started, e.expires, e.reviewed_by,"
				+ " e.reviewed_at, e.review_note from emergency_access e join resource r on r.res_id = e.patient_res_id"
				+ " where e.reviewed_at is null order by e.started", (rs, n) -> new Case(rs.getString(1), rs.getString(2),
						"Patient/" + rs.getString(3), rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(),
						rs.getTimestamp(7).toInstant(), rs.getString(8), null, rs.getString(10)));
	}

	/** Records the privacy officer's review of a case, which then leaves the list. */
	public void review(AccessContext access, String caseId, String note) {
		requireReviewer(access);
		UUID id;
		try {
			id = UUID.fromString(caseId);
		} catch (IllegalArgumentException e) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No break-the-glass case " + caseId);
		}
		int n = jdbc.update("update emergency_access set reviewed_by = ?, reviewed_at = ?, review_note = ? where access_id = ?"
				+ " and reviewed_at is null", access.actor(), Timestamp.from(clock.instant()), note, id);
		if (n == 0) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No unreviewed break-the-glass case " + caseId);
		}
	}

	private static void requireReviewer(AccessContext access) {
		access.requirePrivacyOfficer("break-the-glass-review");
	}
}

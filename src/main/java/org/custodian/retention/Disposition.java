package org.custodian.retention;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessContext;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.record.ChartData;
import org.custodian.record.ChartErasure;
import org.custodian.record.RecordStore;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import ca.uhn.fhir.context.FhirContext;

/**
 * The disposition of charts past retention: the queue a records manager works (charts whose date has
 * come, none on legal hold, none kept to a later review), and the two decisions on each: keep it
 * until a later review (with the reason), or destroy it.
 *
 * <p>Destroying is one transaction, under the chart's retention lock (which placing a legal hold also
 * takes): the holds are checked again, the date is worked out again from the chart as it is now
 * (care given since the last review moves it), then every version, index row and link of the chart
 * is removed from the store ({@link ChartErasure}), and every feature's rows about it
 * ({@link ChartData}); a certificate is issued and the audit trail records the destruction, naming
 * the chart by id only.
 */
@Component
public class Disposition {

	/** One chart in the queue. */
	public record Due(String patient, LocalDate eligibleOn, @Nullable String scheduleName, String basis,
			@Nullable LocalDate careFrom, @Nullable LocalDate careTo) {}

	private final JdbcTemplate jdbc;
	private final org.custodian.access.AccessGate gate;
	private final RetentionSchedules schedules;
	private final TransactionTemplate tx;
	private final RetentionReview review;
	private final LegalHolds holds;
	private final ChartErasure erasure;
	private final List<ChartData> featureData;
	private final DestructionCertificates certificates;
	private final RecordStore store;
	private final AuditTrail trail;
	private final AuditRecords records;
	private final Clock clock;

	Disposition(JdbcTemplate jdbc, org.custodian.access.AccessGate gate, RetentionSchedules schedules, TransactionTemplate tx, RetentionReview review, LegalHolds holds, ChartErasure erasure,
			List<ChartData> featureData, DestructionCertificates certificates, RecordStore store, AuditTrail trail, FhirContext ctx, Clock clock) {
		this.jdbc = jdbc;
		this.gate = gate;
		this.schedules = schedules;
		this.tx = tx;
		this.review = review;
		this.holds = holds;
		this.erasure = erasure;
		this.featureData = featureData;
		this.certificates = certificates;
		this.store = store;
		this.trail = trail;
		this.records = new AuditRecords(ctx);
		this.clock = clock;
	}

	/** Which charts are due: past their date, none on hold, none kept to a later review (two dates: today). */
	private static final String DUE = " from retention_eligibility e where e.eligible_on <= ? and not exists (select 1 from"
			+ " legal_hold h where h.released_at is null and h.patients @> array[e.patient]::text[]) and not exists (select 1"
			+ " from disposition_decision d where d.patient = e.patient and d.decision = 'kept' and d.keep_until > ?)";

	/** The charts past retention, none on hold or kept to a later review, longest due first. */
	public List<Due> queue(AccessContext access, int limit) {
		RetentionStaff.requireRecordsManager(access, "disposition-queue");
		Date today = Date.valueOf(LocalDate.now(clock));
		return jdbc.query("select e.patient, e.eligible_on, (select s.name from retention_schedule s where s.id = e.schedule_id),"
				+ " e.basis, e.care_from, e.care_to" + DUE + " order by e.eligible_on, e.patient limit ?", (rs, n) -> new Due(rs
						.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4), local(rs.getDate(5)),
						local(rs.getDate(6))), today, today, limit);
	}

	/** How many charts are due (for the work queues: one count, not the queue read). */
	public int dueCount(AccessContext access) {
		RetentionStaff.requireRecordsManager(access, "disposition-queue");
		Date today = Date.valueOf(LocalDate.now(clock));
		return jdbc.queryForObject("select count(*)" + DUE, Integer.class, today, today);
	}

	/**
	 * What destroying {@code patient}'s chart would destroy, for the records manager to confirm: its
	 * date and basis as last worked out ({@code dated} false when never; a null date when kept
	 * permanently), the holds and the decision that keep it, what it holds, and what outside it refers
	 * into it. Read in a transaction that is rolled back; nothing changes.
	 */
	public record Preview(String patient, @Nullable String recordNumber, boolean dated, @Nullable LocalDate eligibleOn,
			@Nullable String scheduleName, @Nullable String basis, @Nullable LocalDate careFrom, @Nullable LocalDate careTo,
			List<LegalHolds.Hold> holds, @Nullable LocalDate keptUntil, int resources, int versions, Map<String, Integer> resourcesByType,
			List<String> outsideReferrers) {}

	public Preview preview(AccessContext access, String patient) {
		RetentionStaff.requireRecordsManager(access, "destruction");
		return tx.execute(s -> {
			s.setRollbackOnly();
			String recordNumber = recordNumber(access, patient);
			List<Map<String, Object>> dated = jdbc.queryForList("select e.eligible_on, s.name, e.basis, e.care_from, e.care_to"
					+ " from retention_eligibility e left join retention_schedule s on s.id = e.schedule_id where e.patient = ?",
					patient);
			Map<String, Object> date = dated.isEmpty() ? Map.of() : dated.get(0);
			LocalDate today = LocalDate.now(clock);
			LocalDate kept = jdbc.query("select max(keep_until) from disposition_decision where patient = ? and decision = 'kept'"
					+ " and keep_until > ?", (rs, n) -> local(rs.getDate(1)), patient, Date.valueOf(today)).get(0);
			ChartErasure.Chart chart = erasure.chart(access, patient);
			return new Preview(patient, recordNumber, !dated.isEmpty(), local((Date) date.get("eligible_on")),
					(String) date.get("name"), (String) date.get("basis"), local((Date) date.get("care_from")),
					local((Date) date.get("care_to")), holds.onPatient(patient), kept, chart.resources(),
					chart.versions(), chart.resourcesByType(), chart.outsideReferrers());
		});
	}

	/** How many charts past retention are held back by a legal hold. */
	public int heldPastRetention() {
		return jdbc.queryForObject("select count(*) from retention_eligibility e where e.eligible_on <= ? and exists"
				+ " (select 1 from legal_hold h where h.released_at is null and h.patients @> array[e.patient]::text[])",
				Integer.class, Date.valueOf(LocalDate.now(clock)));
	}

	/** Keeps a chart past its date until {@code until}, when it comes back to the queue. */
	public void keep(AccessContext access, String patient, LocalDate until, String reason) {
		RetentionStaff.requireRecordsManager(access, "disposition-keep");
		if (reason.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.RETENTION_REQUEST_INVALID,
					"Keeping a chart past retention says why (research, an expected claim, the patient's request)");
		}
		if (!until.isAfter(LocalDate.now(clock))) {
			throw new CustodianException.Invalid(ErrorCode.RETENTION_REQUEST_INVALID, "The next review is a day to come");
		}
		tx.executeWithoutResult(s -> {
			jdbc.update("insert into disposition_decision (patient, decision, keep_until, reason, decided_by, decided_at)"
					+ " values (?, 'kept', ?, ?, ?, ?)", patient, Date.valueOf(until), reason.trim(), access.actor(),
					Timestamp.from(clock.instant()));
			trail.record(records.of(access, "retention", 'U', "disposition-keep", AuditRecord.SUCCESS,
					new AuditRecords.Touched().patient("Patient/" + patient), null, "kept until " + until + ": " + reason.trim()));
		});
	}

	/**
	 * Destroys {@code patient}'s chart, approved by the caller; refused (and nothing changed) while a
	 * legal hold stands, before its date, while it is kept to a later review, or while records outside
	 * the chart refer into it.
	 */
	public DestructionCertificates.Certificate destroy(AccessContext access, String patient) {
		RetentionStaff.requireRecordsManager(access, "destruction");
		try {
			return destroyed(access, patient);
		} catch (CustodianException e) {
			trail.record(records.of(access, "retention", 'D', "destruction", AuditRecord.MINOR_FAILURE,
					new AuditRecords.Touched().patient("Patient/" + patient), null, e.getMessage()));
			throw e;
		}
	}

	private DestructionCertificates.Certificate destroyed(AccessContext access, String patient) {
		return tx.execute(s -> {
			holds.lock(patient);
			refuseIfHeld(patient);
			LocalDate today = LocalDate.now(clock);
			List<Date> kept = jdbc.queryForList("select keep_until from disposition_decision where patient = ? and"
					+ " decision = 'kept' and keep_until > ?", Date.class, patient, Date.valueOf(today));
			if (!kept.isEmpty()) {
				throw refused("Patient/" + patient + " is kept until " + kept.get(0) + " by a records manager's decision");
			}
			Eligibility.Decision date = currentDate(patient);
			if (date.permanent() || date.eligibleOn().isAfter(today)) {
				throw refused("Patient/" + patient + " is " + (date.permanent() ? "kept permanently"
						: "kept until " + date.eligibleOn().minusDays(1)) + ": " + date.basis());
			}
			String recordNumber = recordNumber(access, patient);
			ChartErasure.Chart chart = erasure.chart(access, patient);
			List<org.hl7.fhir.r4.model.Identifier> identifiers = identifiers(chart);
			// Patients merged into this chart go with it: a hold on any of them stops it too.
			for (String merged : chart.patientIds()) {
				if (!merged.equals(patient)) {
					holds.lock(merged);
					refuseIfHeld(merged);
				}
			}
			int shredded = erasure.erase(chart);
			Map<String, Integer> rows = destroyFeatureData(chart, identifiers);
			Map<String, Object> care = jdbc.queryForMap("select care_from, care_to from retention_eligibility where patient = ?",
					patient);
			jdbc.update("delete from retention_eligibility where patient = any(?::text[])",
					(Object) chart.patientIds().toArray(String[]::new));
			Instant now = clock.instant();
			jdbc.update("insert into disposition_decision (patient, decision, reason, decided_by, decided_at)"
					+ " values (?, 'destroyed', ?, ?, ?)", patient, date.basis(), access.actor(), Timestamp.from(now));
			DestructionCertificates.Certificate certificate = certificates.issue(patient, recordNumber, date.schedule(),
					date.triggerDate(), date.eligibleOn(), local((Date) care.get("care_from")), local((Date) care.get("care_to")),
					contents(chart, rows, shredded), method(chart, shredded), access.actor(), now);
			trail.record(records.of(access, "retention", 'D', "destruction", AuditRecord.SUCCESS,
					new AuditRecords.Touched().patient("Patient/" + patient), null, "certificate " + certificate.number() + ": "
							+ chart.resources() + " resources, " + chart.versions() + " versions"));
			return certificate;
		});
	}

	private void refuseIfHeld(String patient) {
		List<LegalHolds.Hold> held = holds.onPatient(patient);
		if (!held.isEmpty()) {
			throw refused("Patient/" + patient + " is on legal hold (" + held.get(0).matter() + ") and cannot be destroyed");
		}
	}

	/**
	 * The chart's date worked out again from the chart as it is now; for a Patient deleted through the
	 * API (its record still kept, its history whole), the date last worked out.
	 */
	private Eligibility.Decision currentDate(String patient) {
		try {
			return review.dateNow(patient);
		} catch (CustodianException.Gone e) {
			List<Eligibility.Decision> stored = jdbc.query("select schedule_id, trigger_date, eligible_on, basis from"
					+ " retention_eligibility where patient = ?", (rs, n) -> new Eligibility.Decision(java.util.Set.of(),
							rs.getObject(1) == null ? null : schedules.byId(rs.getInt(1)), local(rs.getDate(2)), local(rs.getDate(3)),
							rs.getString(4) + " (the Patient was deleted; its last date stands)"), patient);
			if (stored.isEmpty()) {
				throw refused("Patient/" + patient + " was deleted before its retention date was worked out; it is kept");
			}
			return stored.get(0);
		}
	}

	private String recordNumber(AccessContext access, String patient) {
		try {
			return ChartFactsReader.recordNumber((Patient) store.read(access, "Patient", patient).resource());
		} catch (CustodianException.Gone e) {
			return null;
		}
	}

	/** Every feature's rows about the chart's Patients (its own and those merged into it). */
	private Map<String, Integer> destroyFeatureData(ChartErasure.Chart chart, List<org.hl7.fhir.r4.model.Identifier> identifiers) {
		Map<String, Integer> rows = new LinkedHashMap<>();
		for (ChartData data : featureData) {
			int n = 0;
			for (String patient : chart.patientIds()) {
				n += data.destroy(patient, chart.references(), identifiers);
			}
			rows.put(data.name(), n);
		}
		return rows;
	}

	/** The identifiers of the chart's Patients, read (as the store's own task) before they are destroyed. */
	private List<org.hl7.fhir.r4.model.Identifier> identifiers(ChartErasure.Chart chart) {
		AccessContext system = gate.forSystemTask(RetentionReview.TASK);
		List<org.hl7.fhir.r4.model.Identifier> out = new java.util.ArrayList<>();
		for (String id : chart.patientIds()) {
			try {
				out.addAll(((Patient) store.read(system, "Patient", id).resource()).getIdentifier());
			} catch (CustodianException.Gone e) {
				// a deleted Patient: its identifiers went with its last version
			}
		}
		return out;
	}

	/**
	 * Destroys again a chart that was destroyed after the backup this database was restored from was
	 * taken (it is in the register of destroyed charts): its rows, index entries, keys and features'
	 * rows go as they went the first time, in one transaction. Its certificate
	 * was issued in the database that was lost; the audit trail records this second destruction.
	 */
	void destroyAgain(String patient) {
		AccessContext system = gate.forSystemTask(RetentionReview.TASK);
		tx.executeWithoutResult(s -> {
			holds.lock(patient);
			ChartErasure.Chart chart = erasure.chart(system, patient);
			List<org.hl7.fhir.r4.model.Identifier> identifiers = identifiers(chart);
			erasure.erase(chart);
			destroyFeatureData(chart, identifiers);
			jdbc.update("delete from retention_eligibility where patient = ?", patient);
			trail.record(records.of(system, "retention", 'D', "destruction-reapplied", AuditRecord.SUCCESS,
					new AuditRecords.Touched().patient("Patient/" + patient), null, "destroyed after the backup this database"
							+ " was restored from was taken (it is in the register of destroyed charts): " + chart.resources()
							+ " resources, " + chart.versions() + " versions destroyed again"));
		});
	}

	/** How the records were destroyed, as the certificate states it. */
	static String method(ChartErasure.Chart chart, int shredded) {
		String deleted = "Deleted from the database in one transaction: every version of every resource in the chart, their"
				+ " search-index rows and links, cached search results holding them, and every feature's rows about the patient"
				+ " (listed). The chart was entered in the register of destroyed charts, so a restore from a backup taken before"
				+ " destroys it again. ";
		String backups = "Backups taken before still hold the plain search-index values (names, identifiers, dates, codes)"
				+ " until they expire under the backup rotation.";
		if (shredded > 0) {
			return deleted + "Crypto-shredded: the chart's data keys (AES-256) were deleted, so its sealed record bodies in"
					+ " those backups can no longer be opened. " + backups;
		}
		return deleted + "Its record bodies were stored before encryption at rest (no data key to shred): " + backups
				.replace("the plain search-index values", "its record bodies and the plain search-index values");
	}

	private static String contents(ChartErasure.Chart chart, Map<String, Integer> rows, int shredded) {
		StringBuilder b = new StringBuilder("{\"resources\":").append(chart.resources()).append(",\"versions\":")
				.append(chart.versions()).append(",\"dataKeysShredded\":").append(shredded).append(",\"resourcesByType\":{");
		appendCounts(b, chart.resourcesByType());
		b.append("},\"versionsByType\":{");
		appendCounts(b, chart.versionsByType());
		b.append("},\"otherRows\":{");
		appendCounts(b, rows);
		return b.append("}}").toString();
	}

	private static void appendCounts(StringBuilder b, Map<String, Integer> counts) {
		boolean first = true;
		for (Map.Entry<String, Integer> e : counts.entrySet()) {
			if (!first) {
				b.append(',');
			}
			first = false;
			b.append('"').append(e.getKey().replace("\"", "'")).append("\":").append(e.getValue());
		}
	}

	private static CustodianException refused(String message) {
		return new CustodianException.Conflict(ErrorCode.DESTRUCTION_REFUSED, message);
	}

	private static @Nullable LocalDate local(@Nullable Date d) {
		return d == null ? null : d.toLocalDate();
	}
}

package org.custodian.retention;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditTrail;
import org.custodian.record.StoredVersion;
import org.custodian.search.ChangedRecords;
import org.custodian.search.SearchService;
import org.custodian.support.CustodianException;
import org.custodian.support.PeriodicTask;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;

/**
 * Keeps every chart's retention date current: every {@code custodian.retention.review-every} it finds,
 * through the gate by {@code _lastUpdated}, the patients whose care changed (the Patient itself, an
 * encounter, a document, a study enrolment) and works each one's date out again under the schedules
 * in force. A schedule change resets the watermarks, so the next round dates every chart again.
 */
@Component
public class RetentionReview extends PeriodicTask {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RetentionReview.class);

	/** The name the review reads under, in the audit trail. */
	static final String TASK = "retention";
	private static final List<String> WATCHED = List.of("Patient", "Encounter", "DocumentReference", "ResearchSubject",
			"Observation", "DiagnosticReport", "Procedure", "MedicationRequest", "Immunization");
	private static final int PAGE = 500;

	private final ChartFactsReader facts;
	private final RetentionSchedules schedules;
	private final ChangedRecords changes;
	private final AccessGate gate;
	private final JdbcTemplate jdbc;
	private final AuditTrail trail;
	private final Clock clock;
	private final Duration settle;
	private final String jurisdiction;

	RetentionReview(ChartFactsReader facts, RetentionSchedules schedules, SearchService search, FhirContext ctx,
			AccessGate gate, JdbcTemplate jdbc, AuditTrail trail, Clock clock,
			@Value("${custodian.retention.review-every:60s}") Duration every,
			@Value("${custodian.retention.settle:10s}") Duration settle,
			@Value("${custodian.retention.jurisdiction:US}") String jurisdiction) {
		super("retention-review", every);
		this.facts = facts;
		this.schedules = schedules;
		this.changes = new ChangedRecords(search, ctx, PAGE);
		this.gate = gate;
		this.jdbc = jdbc;
		this.trail = trail;
		this.clock = clock;
		this.settle = settle;
		this.jurisdiction = jurisdiction;
	}

	/** The jurisdiction whose schedules apply (ISO 3166-2, {@code custodian.retention.jurisdiction}). */
	public String jurisdiction() {
		return jurisdiction;
	}

	/** Dates the charts whose care changed since the last pass; answers how many. */
	public synchronized int reviewChanges() {
		AccessContext system = gate.forSystemTask(TASK);
		long generation = schedules.generation();
		Instant to = clock.instant().minus(settle);
		Set<String> patients = new LinkedHashSet<>();
		Map<String, Instant> reached = new LinkedHashMap<>();
		for (String type : WATCHED) {
			Instant from = jdbc.query("select reviewed_to from retention_watermark where resource_type = ?",
					(rs, n) -> rs.getTimestamp(1).toInstant(), type).stream().findFirst().orElse(Instant.EPOCH);
			if (!to.isAfter(from)) {
				continue;
			}
			changes.within(system, type, from, to, page -> {
				for (StoredVersion v : page) {
					String patient = patientOf(v);
					if (patient != null) {
						patients.add(patient);
					}
				}
			});
			reached.put(type, to);
		}
		List<Schedule> inForce = schedules.inForce();
		for (String patient : patients) {
			try {
				date(system, patient, inForce);
			} catch (CustodianException.Gone | CustodianException.NotFound e) {
				// A chart deleted through the API keeps the date it had; one destroyed has none to keep.
			} catch (CustodianException e) {
				log.warn("Retention could not date Patient/{}: {}", patient, e.getMessage());
			}
		}
		if (!patients.isEmpty()) {
			// The charts read are named by count, not listed: the reads are the task's routine, like data quality's.
			trail.record(new AuditRecord(clock.instant(), "task", 'R', TASK, AuditRecord.SUCCESS, "system:" + TASK, null,
					"custodian", List.of(), "HOPERAT", null, List.of(), List.of(), null, patients.size()
							+ " charts dated for retention", false));
		}
		if (schedules.generation() != generation) {
			return patients.size(); // the schedules changed meanwhile: every chart is dated again next round
		}
		reached.forEach((type, at) -> jdbc.update("insert into retention_watermark (resource_type, reviewed_to) values (?, ?)"
				+ " on conflict (resource_type) do update set reviewed_to = excluded.reviewed_to", type, Timestamp.from(at)));
		return patients.size();
	}

	/**
	 * Works one chart's date out now (before a destruction, or when asked) and keeps it; answers it.
	 * Read as the review itself, which sees the whole chart: an encounter the asker may not see (a
	 * sensitive one) still counts as care.
	 */
	public Eligibility.Decision dateNow(String patient) {
		return date(gate.forSystemTask(TASK), patient, schedules.inForce());
	}

	private Eligibility.Decision date(AccessContext access, String patient, List<Schedule> inForce) {
		ChartFacts read = facts.read(access, patient, inForce);
		Eligibility.Decision d = Eligibility.of(read, inForce, jurisdiction);
		jdbc.update("insert into retention_eligibility (patient, classes, schedule_id, trigger_date, eligible_on, basis,"
				+ " care_from, care_to, computed_at) values (?, ?::text[], ?, ?, ?, ?, ?, ?, ?) on conflict (patient) do update set"
				+ " classes = excluded.classes, schedule_id = excluded.schedule_id, trigger_date = excluded.trigger_date,"
				+ " eligible_on = excluded.eligible_on, basis = excluded.basis, care_from = excluded.care_from,"
				+ " care_to = excluded.care_to, computed_at = excluded.computed_at", patient,
				d.classes().stream().map(Schedule.RecordClass::code).toArray(String[]::new),
				d.schedule() == null ? null : d.schedule().id(), date(d.triggerDate()), date(d.eligibleOn()), d.basis(),
				date(read.firstEncounter()), date(read.lastEncounter()), Timestamp.from(clock.instant()));
		return d;
	}

	private static @Nullable Date date(java.time.@Nullable LocalDate d) {
		return d == null ? null : Date.valueOf(d);
	}

	private static @Nullable String patientOf(StoredVersion v) {
		if (v.resource() == null) {
			return null;
		}
		String owner = org.custodian.record.ChartOwner.of(v.type(), v.id(), v.resource());
		return owner == null ? null : owner.substring("Patient/".length());
	}

	@Override
	protected void round() {
		reviewChanges();
	}
}

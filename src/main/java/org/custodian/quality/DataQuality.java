package org.custodian.quality;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditTrail;
import org.custodian.coding.CodeSystems;
import org.custodian.coding.Terminology;
import org.custodian.record.StoredVersion;
import org.custodian.search.ChangedRecords;
import org.custodian.search.SearchService;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import ca.uhn.fhir.context.FhirContext;

/**
 * Keeps the data-quality findings current and answers the figures HIM watches: each record that
 * changed is read through the gate (as the system task {@code data-quality}, recorded), checked
 * ({@link QualityChecks}), and its findings replace the last ones. A chart's score, and a source
 * system's, is the share of its records with no finding; the dashboard shows where it is worst.
 */
@Service
public class DataQuality {

	static final String TASK = "data-quality";
	static final List<String> CHECKED = List.of("Patient", "Encounter", "Observation", "Condition", "Procedure", "Immunization",
			"MedicationRequest", "DocumentReference", "AllergyIntolerance");
	private static final int PAGE = 500;

	/** A chart or a source system's score: the share of its records with no finding. */
	public record Score(String key, int records, int clean, int errors, int warnings) {
		public double score() {
			return records == 0 ? 1 : clean / (double) records;
		}
	}

	/** How often a check found something. */
	public record Tally(String check, String severity, int found) {}

	/** One finding. */
	public record Finding(String resource, @Nullable String patient, String source, String check, String severity, String detail,
			Instant found) {}

	/** The figures the dashboard shows. */
	public record Summary(Score overall, List<Score> worstCharts, List<Score> sources, List<Tally> checks, List<Finding> latest) {}

	private final AccessGate gate;
	private final org.custodian.record.RecordStore store;
	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final AuditTrail trail;
	private final Clock clock;
	private final QualityChecks checks;
	private final ChangedRecords changes;
	private final java.time.Duration settle;

	DataQuality(SearchService search, FhirContext ctx, AccessGate gate, JdbcTemplate jdbc, TransactionTemplate transactions,
			AuditTrail trail, Clock clock, Terminology terminology,
			@org.springframework.beans.factory.annotation.Value("${custodian.quality.settle:10s}") java.time.Duration settle,
			org.custodian.record.RecordStore store) {
		this.store = store;
		this.changes = new ChangedRecords(search, ctx, PAGE);
		this.settle = settle;
		this.gate = gate;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.trail = trail;
		this.clock = clock;
		this.checks = new QualityChecks(ctx, (code, on) -> {
			try {
				return terminology.validate(CodeSystems.ICD10CM, code, on, null, true).valid();
			} catch (org.custodian.support.CustodianException noRelease) {
				return null; // no release in force on that date: nothing to judge the code by
			}
		});
	}

	/** Checks the records changed since the last pass (up to a few seconds ago); answers how many were checked. */
	public synchronized int checkChanges() {
		AccessContext system = gate.forSystemTask(TASK);
		Instant to = clock.instant().minus(settle);
		int[] checked = {0};
		for (String type : CHECKED) {
			Instant from = jdbc.query("select checked_to from quality_watermark where resource_type = ?", (rs, n) -> rs
					.getTimestamp(1).toInstant(), type).stream().findFirst().orElse(Instant.EPOCH);
			if (!to.isAfter(from)) {
				continue;
			}
			changes.within(system, type, from, to, page -> {
				keep(page);
				checked[0] += page.size();
			});
			// Moved only once the window is checked: a round that fails is done again.
			jdbc.update("insert into quality_watermark (resource_type, checked_to) values (?, ?) on conflict (resource_type) do"
					+ " update set checked_to = excluded.checked_to", type, Timestamp.from(to));
		}
		return checked[0];
	}

	private void keep(List<StoredVersion> changed) {
		Instant now = clock.instant();
		Set<String> patients = new LinkedHashSet<>();
		transactions.executeWithoutResult(status -> {
			for (StoredVersion v : changed) {
				String resource = v.type() + "/" + v.id();
				String patient = patientOf(v);
				String source = QualityChecks.source(v.resource());
				List<QualityChecks.Issue> issues = checks.check(v.resource(), now);
				jdbc.update("delete from quality_issue where resource = ?", resource);
				for (QualityChecks.Issue i : issues) {
					jdbc.update("insert into quality_issue (resource, patient, source, check_name, severity, detail, found_at) values"
							+ " (?, ?, ?, ?, ?, ?, ?)", resource, patient, source, i.check(), i.severity(), i.detail(), Timestamp.from(
									now));
				}
				int errors = (int) issues.stream().filter(i -> i.severity().equals("error")).count();
				jdbc.update("insert into quality_result (resource, patient, source, checked_at, errors, warnings) values (?, ?, ?, ?,"
						+ " ?, ?) on conflict (resource) do update set patient = excluded.patient, source = excluded.source, checked_at ="
						+ " excluded.checked_at, errors = excluded.errors, warnings = excluded.warnings", resource, patient, source,
						Timestamp.from(now), errors, issues.size() - errors);
				if (patient != null) {
					patients.add(patient);
				}
			}
		});
		// The task read these records through the gate as itself; the read is recorded like any other.
		trail.record(new AuditRecord(now, "task", 'R', TASK, AuditRecord.SUCCESS, "system:" + TASK, null, "custodian", List.of(),
				"HOPERAT", "internal", List.copyOf(patients), changed.stream().map(v -> v.type() + "/" + v.id()).toList(), null,
				changed.size() + " records checked", false));
	}

	private static @Nullable String patientOf(StoredVersion v) {
		IBaseResource r = v.resource();
		if (v.type().equals("Patient")) {
			return "Patient/" + v.id();
		}
		Reference ref = r instanceof Observation o ? o.getSubject() : r instanceof Encounter e ? e.getSubject() : r instanceof Condition c
				? c.getSubject() : r instanceof Procedure p ? p.getSubject() : r instanceof Immunization i ? i.getPatient() : r instanceof MedicationRequest m
						? m.getSubject() : r instanceof DocumentReference d ? d.getSubject() : r instanceof AllergyIntolerance a ? a
								.getPatient() : null;
		String value = ref == null ? null : ref.getReference();
		return value != null && value.startsWith("Patient/") ? value : null;
	}

	/** The dashboard's figures (HIM). */
	public Summary summary(AccessContext access, int worst) {
		requireHim(access);
		Score overall = jdbc.queryForObject("select 'all', count(*), count(*) filter (where errors + warnings = 0),"
				+ " coalesce(sum(errors), 0), coalesce(sum(warnings), 0) from quality_result", (rs, n) -> new Score(rs.getString(1), rs
						.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)));
		List<Score> charts = scores("patient", "where patient is not null", worst * 2).stream().filter(c -> store.readable(access, c
				.key())).limit(worst).toList();
		List<Score> sources = scores("source", "", 100);
		List<Tally> tallies = jdbc.query("select check_name, severity, count(*) from quality_issue group by check_name, severity"
				+ " order by 3 desc", (rs, n) -> new Tally(rs.getString(1), rs.getString(2), rs.getInt(3)));
		List<Finding> latest = findings("order by found_at desc, issue_id desc limit 100").stream().filter(f -> store.readable(
				access, f.resource())).limit(50).toList();
		return new Summary(overall, charts, sources, tallies, latest);
	}

	/** A chart's findings (HIM). */
	public List<Finding> forPatient(AccessContext access, String patient) {
		requireHim(access);
		if (!store.readable(access, patient)) {
			throw new org.custodian.support.CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, patient + " does not exist");
		}
		// What the findings say (codes, values) is shown only of the records the caller may read.
		return findings("where patient = ? order by severity, resource", patient).stream().filter(f -> store.readable(access, f
				.resource())).toList();
	}

	private List<Score> scores(String key, String where, int limit) {
		return jdbc.query("select " + key + ", count(*), count(*) filter (where errors + warnings = 0), sum(errors), sum(warnings)"
				+ " from quality_result " + where + " group by " + key + " order by count(*) filter (where errors + warnings = 0)::float"
				+ " / count(*), sum(errors) desc limit " + limit, (rs, n) -> new Score(rs.getString(1), rs.getInt(2), rs.getInt(3), rs
						.getInt(4), rs.getInt(5)));
	}

	private List<Finding> findings(String tail, Object... args) {
		return jdbc.query("select resource, patient, source, check_name, severity, detail, found_at from quality_issue " + tail,
				(rs, n) -> new Finding(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs
						.getString(6), rs.getTimestamp(7).toInstant()), args);
	}

	public LocalDate today() {
		return LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
	}

	static void requireHim(AccessContext access) {
		if (!access.roles().contains("him")) {
			throw access.refused("data-quality", null, null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, "Data quality is HIM's to"
					+ " watch");
		}
	}

}

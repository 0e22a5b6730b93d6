package org.custodian.retention;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.custodian.access.AccessContext;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.record.ChartOwner;
import org.custodian.record.RecordStore;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import ca.uhn.fhir.context.FhirContext;

/**
 * Legal holds: a matter (litigation, an audit, an investigation) for which a patient's chart, one
 * encounter of it, or a set of its records must be preserved. A hold is kept as the patients whose
 * charts it covers, so that while it stands none of those charts is offered for destruction or
 * destroyed, whatever its scope: destruction here is of whole charts. Holds are released, never
 * deleted; who placed and released them, when and why, stays.
 *
 * <p>Placing a hold and destroying a chart take the same per-patient lock, so a hold placed while
 * a destruction is under way either waits for it (and then finds no chart to hold) or stops it.
 */
@Component
public class LegalHolds {

	public enum Scope {
		PATIENT, ENCOUNTER, RECORDS;

		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	public record Hold(long id, String matter, String scope, List<String> patients, List<String> records,
			@Nullable String reason, String placedBy, Instant placedAt, @Nullable String releasedBy, @Nullable Instant releasedAt,
			@Nullable String releaseReason) {

		public boolean active() {
			return releasedAt == null;
		}
	}

	private final JdbcTemplate jdbc;
	private final RecordStore store;
	private final AuditTrail trail;
	private final AuditRecords records;
	private final Clock clock;

	LegalHolds(JdbcTemplate jdbc, RecordStore store, AuditTrail trail, FhirContext ctx, Clock clock) {
		this.jdbc = jdbc;
		this.store = store;
		this.trail = trail;
		this.records = new AuditRecords(ctx);
		this.clock = clock;
	}

	/**
	 * Places a hold for {@code matter} on the records named ({@code Type/id}: a Patient for the patient
	 * scope, an Encounter for the encounter scope, any of a patient's records for the records scope),
	 * each read through the gate as the caller to find whose chart it is.
	 */
	@Transactional
	public Hold place(AccessContext access, String matter, Scope scope, List<String> named, @Nullable String reason) {
		RetentionStaff.requireHoldKeeper(access, "legal-hold");
		if (matter.isBlank()) {
			throw invalid("A legal hold names its matter (the case, audit or investigation)");
		}
		List<String> references = named.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
		if (references.isEmpty()) {
			throw invalid("A legal hold names the records it covers");
		}
		if (scope != Scope.RECORDS && references.size() != 1) {
			throw invalid("A hold on a " + scope.code() + " names exactly one");
		}
		TreeSet<String> patients = new TreeSet<>();
		for (String reference : references) {
			String[] parts = reference.split("/");
			if (parts.length != 2) {
				throw invalid(reference + " is not a reference such as Patient/123");
			}
			if (scope == Scope.PATIENT && !parts[0].equals("Patient") || scope == Scope.ENCOUNTER && !parts[0].equals("Encounter")) {
				throw invalid("A hold on a " + scope.code() + " names " + (scope == Scope.PATIENT ? "a Patient" : "an Encounter"));
			}
			IBaseResource resource = store.read(access, parts[0], parts[1]).resource();
			String patient = patientOf(parts[0], parts[1], resource);
			if (patient == null) {
				throw invalid(reference + " is not in a patient's chart; a legal hold here preserves patients' records");
			}
			patients.add(patient);
		}
		for (String patient : patients) {
			lock(patient);
			// A destruction that held the lock first has finished: there is no chart left to hold.
			if (jdbc.queryForList("select 1 from resource where res_type = 'Patient' and fhir_id = ?", Integer.class, patient)
					.isEmpty()) {
				throw invalid("Patient/" + patient + " was destroyed while the hold was being placed; see its certificate of"
						+ " destruction");
			}
		}
		Instant now = clock.instant();
		Long id = jdbc.queryForObject("insert into legal_hold (matter, scope, patients, records, reason, placed_by, placed_at)"
				+ " values (?, ?, ?::text[], ?::text[], ?, ?, ?) returning id", Long.class, matter.trim(), scope.code(),
				patients.toArray(String[]::new), references.toArray(String[]::new), blankToNull(reason), access.actor(), Timestamp.from(now));
		AuditRecords.Touched touched = new AuditRecords.Touched();
		patients.forEach(p -> touched.patient("Patient/" + p));
		references.forEach(touched::entity);
		trail.record(records.of(access, "retention", 'C', "legal-hold-place", AuditRecord.SUCCESS, touched, null,
				"hold " + id + ": " + matter.trim()));
		return byId(id);
	}

	@Transactional
	public Hold release(AccessContext access, long id, String reason) {
		RetentionStaff.requireHoldKeeper(access, "legal-hold");
		if (reason.isBlank()) {
			throw invalid("Releasing a hold says why (the matter settled, counsel's instruction)");
		}
		int n = jdbc.update("update legal_hold set released_by = ?, released_at = ?, release_reason = ? where id = ?"
				+ " and released_at is null", access.actor(), Timestamp.from(clock.instant()), reason.trim(), id);
		if (n == 0) {
			throw invalid("Hold " + id + " is not in force");
		}
		Hold hold = byId(id);
		AuditRecords.Touched touched = new AuditRecords.Touched();
		hold.patients().forEach(p -> touched.patient("Patient/" + p));
		trail.record(records.of(access, "retention", 'U', "legal-hold-release", AuditRecord.SUCCESS, touched, null,
				"hold " + id + ": " + reason.trim()));
		return hold;
	}

	/** Every hold, those in force first, newest first. */
	public List<Hold> all(AccessContext access) {
		RetentionStaff.requireHoldKeeper(access, "legal-holds");
		return jdbc.query("select * from legal_hold order by released_at is not null, placed_at desc", (rs, n) -> hold(rs));
	}

	/** The holds in force on {@code patient}'s chart. */
	public List<Hold> onPatient(String patient) {
		return jdbc.query("select * from legal_hold where released_at is null and patients @> array[?]::text[]"
				+ " order by placed_at", (rs, n) -> hold(rs), patient);
	}

	Hold byId(long id) {
		return jdbc.query("select * from legal_hold where id = ?", (rs, n) -> hold(rs), id).stream().findFirst()
				.orElseThrow(() -> new CustodianException.NotFound(ErrorCode.RETENTION_REQUEST_INVALID, "No legal hold " + id));
	}

	/** The lock that orders a hold and a destruction of the same chart (transaction-scoped). */
	void lock(String patient) {
		jdbc.query("select pg_advisory_xact_lock(hashtextextended('retention:' || ?, 0))", rs -> null, patient);
	}

	/** Whose chart a record is ({@link ChartOwner}), as the Patient's id. */
	static @Nullable String patientOf(String type, String id, IBaseResource resource) {
		String owner = ChartOwner.of(type, id, resource);
		return owner == null ? null : owner.substring("Patient/".length());
	}

	private static Hold hold(ResultSet rs) throws SQLException {
		Timestamp released = rs.getTimestamp("released_at");
		return new Hold(rs.getLong("id"), rs.getString("matter"), rs.getString("scope"), strings(rs.getArray("patients")),
				strings(rs.getArray("records")), rs.getString("reason"), rs.getString("placed_by"),
				rs.getTimestamp("placed_at").toInstant(), rs.getString("released_by"), released == null ? null : released.toInstant(),
				rs.getString("release_reason"));
	}

	private static List<String> strings(Array array) throws SQLException {
		return new ArrayList<>(List.of((String[]) array.getArray()));
	}

	private static @Nullable String blankToNull(@Nullable String s) {
		return s == null || s.isBlank() ? null : s.trim();
	}

	private static CustodianException invalid(String message) {
		return new CustodianException.Invalid(ErrorCode.RETENTION_REQUEST_INVALID, message);
	}

}

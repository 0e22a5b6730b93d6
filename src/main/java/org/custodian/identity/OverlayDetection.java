package org.custodian.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.search.SearchPage;
import org.custodian.record.HistoryPage;
import org.custodian.record.HistoryWindow;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;

/**
 * Looks for signs that one chart holds two people (an overlay): the birth date or sex registered
 * differently over the chart's history, two different identifiers from one assigning authority, care
 * recorded before birth or after death, a pregnancy on a male chart or a prostate diagnosis on a
 * female one, and two inpatient stays at different organizations at the same time. Each sign is
 * queued for review ({@code identity_overlay}, V27) until someone decides whether the chart is one
 * person or two. The chart is read through the gate as the caller.
 */
@Service
public class OverlayDetection {

	/** One sign: its kind and what was seen. */
	public record Signal(String kind, String detail) {}

	/** A queued sign with its review. */
	public record Queued(String patient, String kind, String detail, java.time.Instant found, String status) {}

	static final int PER_TYPE = 1000;
	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OverlayDetection.class);
	private static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
	private static final String SNOMED = "http://snomed.info/sct";
	/** Days of slack for dates recorded loosely (time zones, a birth recorded the next day). */
	private static final int SLACK_DAYS = 1;

	private final RecordStore store;
	private final SearchService search;
	private final SearchRequestParser parser;
	private final JdbcTemplate jdbc;
	private final Clock clock;

	private final AccessGate gate;
	private final AuditTrail trail;
	private final AuditRecords records;
	private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "identity-overlay-scan");
		t.setDaemon(true);
		return t;
	});

	OverlayDetection(RecordStore store, SearchService search, FhirContext ctx, JdbcTemplate jdbc, Clock clock,
			AccessGate gate, AuditTrail trail) {
		this.gate = gate;
		this.trail = trail;
		this.records = new AuditRecords(ctx);
		this.store = store;
		this.search = search;
		this.parser = new SearchRequestParser(ctx, PER_TYPE, PER_TYPE);
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Checks one chart and queues what it finds (a sign already queued or reviewed is left as it is). */
	public List<Signal> check(AccessContext access, String patient) {
		HimWork.require(access, "overlay-check");
		List<Signal> signals = signals(access, patient);
		queue(patient, signals);
		return signals;
	}

	/**
	 * Starts a background scan of every chart (as the task {@code identity-overlay}); its progress is
	 * kept in {@code identity_run} like a deduplication run's. Refused while a scan is going.
	 */
	public long scan(AccessContext access) {
		HimWork.require(access, "overlay-scan");
		List<Long> started = jdbc.queryForList("insert into identity_run (started, started_by, state, phase, kind) select ?, ?,"
				+ " 'running', 'reading charts', 'overlay' where not exists (select 1 from identity_run where kind = 'overlay'"
				+ " and state = 'running') returning run_id", Long.class, Timestamp.from(clock.instant()), access.actor());
		if (started.isEmpty()) {
			throw new CustodianException.Conflict(ErrorCode.CONCURRENT_WRITE, "An overlay scan is still going; wait for it"
					+ " to finish");
		}
		long id = started.get(0);
		runner.submit(() -> scanAll(id, access.actor()));
		return id;
	}

	private void scanAll(long id, String startedBy) {
		try {
			AccessContext system = gate.forSystemTask("identity-overlay");
			int charts = 0;
			int found = 0;
			for (int offset = 0;; offset += PER_TYPE) {
				Map<String, String[]> params = new LinkedHashMap<>();
				params.put("_sort", new String[] {"_id"});
				params.put("_count", new String[] {Integer.toString(PER_TYPE)});
				params.put("_offset", new String[] {Integer.toString(offset)});
				SearchPage page = search.firstMatches(system, parser.parse("Patient", params, true));
				for (StoredVersion v : page.resources()) {
					if (v.resource() instanceof Patient p && PatientLinks.replacedBy(p) == null) {
						List<Signal> signals = signals(system, v.id());
						queue(v.id(), signals);
						found += signals.size();
						charts++;
					}
				}
				jdbc.update("update identity_run set patients = ?, possible = ? where run_id = ?", charts, found, id);
				if (!page.hasMore()) {
					break;
				}
			}
			jdbc.update("update identity_run set state = 'finished', phase = 'finished', finished = ? where run_id = ?",
					Timestamp.from(clock.instant()), id);
			trail.record(records.of(system, "rest", 'E', "$overlay-scan", AuditRecord.SUCCESS, new AuditRecords.Touched(), null,
					"run " + id + " started by " + startedBy + ": checked " + charts + " charts, " + found + " signs"));
		} catch (RuntimeException e) {
			log.error("Overlay scan {} failed", id, e);
			jdbc.update("update identity_run set state = 'failed', detail = ?, finished = ? where run_id = ?",
					String.valueOf(e.getMessage()), Timestamp.from(clock.instant()), id);
		}
	}

	@jakarta.annotation.PreDestroy
	void stop() {
		runner.shutdownNow();
	}

	/** The signs of one chart, without queueing them. */
	List<Signal> signals(AccessContext access, String patient) {
		Patient p = (Patient) store.read(access, "Patient", patient).resource();
		List<Signal> out = new ArrayList<>();
		demographicsOverTime(access, patient, out);
		conflictingIdentifiers(p, out);
		LocalDate born = p.hasBirthDate() ? LocalDate.ofInstant(p.getBirthDate().toInstant(), ZoneOffset.UTC) : null;
		LocalDate died = p.hasDeceasedDateTimeType() ? day(p.getDeceasedDateTimeType().getValue()) : null;
		List<Encounter> stays = new ArrayList<>();
		for (String type : List.of("Encounter", "Observation", "Procedure", "Condition")) {
			for (StoredVersion v : of(access, type, patient)) {
				LocalDate when = when(v.resource());
				String ref = v.type() + "/" + v.id();
				if (when != null && born != null && when.isBefore(born.minusDays(SLACK_DAYS))) {
					out.add(new Signal("before-birth", ref + " is dated " + when + ", before the birth date " + born));
				}
				if (when != null && died != null && when.isAfter(died.plusDays(SLACK_DAYS)) && !(v.resource() instanceof Condition)) {
					out.add(new Signal("after-death", ref + " is dated " + when + ", after the date of death " + died));
				}
				sexSpecific(p, v, ref, out);
				if (v.resource() instanceof Encounter e && e.hasClass_() && "IMP".equals(e.getClass_().getCode())) {
					stays.add(e);
				}
			}
		}
		simultaneousStays(stays, out);
		return out;
	}

	/** The open signs, newest first. */
	public List<Queued> queue(AccessContext access, int count) {
		HimWork.require(access, "overlay-queue");
		return jdbc.query("select patient, kind, detail, found_at, status from identity_overlay where status = 'open'"
				+ " order by found_at desc, patient, kind limit ?", (rs, n) -> new Queued(rs.getString(1), rs.getString(2),
						rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5)), count);
	}

	/** Records the review of a chart's open signs: {@code two-people} (to be split) or {@code one-person}. */
	public int review(AccessContext access, String patient, String status, String note) {
		HimWork.require(access, "overlay-review");
		if (!Set.of("two-people", "one-person").contains(status)) {
			throw new CustodianException.Invalid(ErrorCode.ACCESS_INVALID_REQUEST, "The review is two-people or one-person, not "
					+ status);
		}
		if (note == null || note.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.ACCESS_INVALID_REQUEST, "Say what the review found");
		}
		return jdbc.update("update identity_overlay set status = ?, reviewed_by = ?, reviewed_at = ?, note = ? where patient = ?"
				+ " and status = 'open'", status, access.actor(), Timestamp.from(clock.instant()), note, patient);
	}

	void queue(String patient, List<Signal> signals) {
		Timestamp now = Timestamp.from(clock.instant());
		for (Signal s : signals) {
			jdbc.update("insert into identity_overlay (patient, kind, detail, found_at) values (?, ?, ?, ?) on conflict do nothing",
					patient, s.kind(), s.detail(), now);
		}
	}

	private void demographicsOverTime(AccessContext access, String patient, List<Signal> out) {
		HistoryPage history = store.history(access, "Patient", patient, new HistoryWindow(null, null, null, clock.instant()), 0,
				100);
		Map<String, Integer> births = new LinkedHashMap<>();
		Map<String, Integer> sexes = new LinkedHashMap<>();
		List<StoredVersion> oldestFirst = new ArrayList<>(history.versions());
		java.util.Collections.reverse(oldestFirst); // history comes newest first
		for (StoredVersion v : oldestFirst) {
			if (v.resource() instanceof Patient p) {
				if (p.hasBirthDate()) {
					births.putIfAbsent(p.getBirthDateElement().getValueAsString(), v.version());
				}
				if (p.hasGender() && p.getGender() != AdministrativeGender.UNKNOWN) {
					sexes.putIfAbsent(p.getGender().toCode(), v.version());
				}
			}
		}
		if (births.size() > 1) {
			out.add(new Signal("birth-date-changed", "Birth date registered as " + describe(births)));
		}
		if (sexes.size() > 1) {
			out.add(new Signal("sex-changed", "Sex registered as " + describe(sexes)));
		}
	}

	private static String describe(Map<String, Integer> values) {
		List<String> parts = new ArrayList<>();
		values.forEach((value, version) -> parts.add(value + " (version " + version + ")"));
		return String.join(" and ", parts);
	}

	private static void conflictingIdentifiers(Patient p, List<Signal> out) {
		Map<String, Set<String>> bySystem = new LinkedHashMap<>();
		for (Identifier i : p.getIdentifier()) {
			if (i.hasSystem() && i.hasValue() && i.getUse() != Identifier.IdentifierUse.OLD
					&& i.getUse() != Identifier.IdentifierUse.SECONDARY) {
				bySystem.computeIfAbsent(i.getSystem(), k -> new LinkedHashSet<>()).add(i.getValue());
			}
		}
		bySystem.forEach((system, values) -> {
			if (values.size() > 1) {
				out.add(new Signal("conflicting-identifiers", values.size() + " current identifiers from " + system));
			}
		});
	}

	private static void sexSpecific(Patient p, StoredVersion v, String ref, List<Signal> out) {
		if (!p.hasGender()) {
			return;
		}
		IBaseResource r = v.resource();
		CodeableConcept code = r instanceof Condition c ? c.getCode() : r instanceof Procedure pr ? pr.getCode()
				: r instanceof Observation o ? o.getCode() : null;
		if (code == null) {
			return;
		}
		for (Coding c : code.getCoding()) {
			if (p.getGender() == AdministrativeGender.MALE && pregnancy(c)) {
				out.add(new Signal("sex-specific", ref + " records pregnancy (" + c.getCode() + ") on a chart registered male"));
			}
			if (p.getGender() == AdministrativeGender.FEMALE && prostate(c)) {
				out.add(new Signal("sex-specific", ref + " records a prostate condition (" + c.getCode()
						+ ") on a chart registered female"));
			}
		}
	}

	private static boolean pregnancy(Coding c) {
		String code = c.getCode() == null ? "" : c.getCode();
		return ICD10.equals(c.getSystem()) && (code.startsWith("O") || code.startsWith("Z33") || code.startsWith("Z34")
				|| code.startsWith("Z3A")) || SNOMED.equals(c.getSystem()) && Set.of("77386006", "72892002").contains(code);
	}

	private static boolean prostate(Coding c) {
		String code = c.getCode() == null ? "" : c.getCode();
		return ICD10.equals(c.getSystem()) && (code.startsWith("C61") || code.startsWith("N40") || code.startsWith("N41")
				|| code.startsWith("N42")) || SNOMED.equals(c.getSystem()) && Set.of("399068003", "266569009").contains(code);
	}

	private static void simultaneousStays(List<Encounter> stays, List<Signal> out) {
		for (int i = 0; i < stays.size(); i++) {
			for (int j = i + 1; j < stays.size(); j++) {
				Encounter a = stays.get(i);
				Encounter b = stays.get(j);
				String ha = a.getServiceProvider().getReference();
				String hb = b.getServiceProvider().getReference();
				if (ha != null && hb != null && !ha.equals(hb) && overlap(a.getPeriod(), b.getPeriod())) {
					out.add(new Signal("simultaneous-stays", "Encounter/" + a.getIdElement().getIdPart() + " at " + ha
							+ " and Encounter/" + b.getIdElement().getIdPart() + " at " + hb + " are inpatient stays at the same time"));
				}
			}
		}
	}

	private static boolean overlap(Period a, Period b) {
		if (!a.hasStart() || !b.hasStart()) {
			return false;
		}
		Date aEnd = a.hasEnd() ? a.getEnd() : a.getStart();
		Date bEnd = b.hasEnd() ? b.getEnd() : b.getStart();
		return a.getStart().before(bEnd) && b.getStart().before(aEnd);
	}

	private static @Nullable LocalDate when(IBaseResource r) {
		Type t = null;
		if (r instanceof Encounter e && e.hasPeriod() && e.getPeriod().hasStart()) {
			t = e.getPeriod().getStartElement();
		} else if (r instanceof Observation o) {
			t = o.hasEffectiveDateTimeType() ? o.getEffectiveDateTimeType()
					: o.hasEffectivePeriod() ? o.getEffectivePeriod().getStartElement() : null;
		} else if (r instanceof Procedure p) {
			t = p.hasPerformedDateTimeType() ? p.getPerformedDateTimeType()
					: p.hasPerformedPeriod() ? p.getPerformedPeriod().getStartElement() : null;
		} else if (r instanceof Condition c && c.hasOnsetDateTimeType()) {
			t = c.getOnsetDateTimeType();
		}
		return t instanceof DateTimeType d && d.getValue() != null ? day(d.getValue()) : null;
	}

	private static LocalDate day(Date d) {
		return LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC);
	}

	private List<StoredVersion> of(AccessContext access, String type, String patient) {
		Map<String, String[]> params = new LinkedHashMap<>();
		params.put("subject", new String[] {"Patient/" + patient});
		params.put("_count", new String[] {Integer.toString(PER_TYPE)});
		return search.firstMatches(access, parser.parse(type, params, true)).resources();
	}
}

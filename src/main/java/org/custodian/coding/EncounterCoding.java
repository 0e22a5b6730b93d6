package org.custodian.coding;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.custodian.access.AccessContext;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;

/**
 * Coding an encounter: its documentation read through the gate (the encounter, its notes, its
 * problem-list entries and its abnormal results, each read recorded in the audit trail), the ICD-10-CM codes they support
 * suggested from the release in force on the date of service, and the coder's decision on each kept
 * (accepted, rejected, edited to another code, or added), to measure and improve the suggestions.
 */
@Service
public class EncounterCoding {

	/** One document's suggestions: which document, its text, and the suggestions found in it. */
	public record Source(String reference, String title, String text) {}

	/** The suggestions for an encounter, ranked, with the sources their evidence points into. */
	public record Suggested(String encounter, String patient, LocalDate dateOfService, String version, List<Source> sources,
			List<Ranked> suggestions) {}

	/** A suggestion with the source its evidence is in. */
	public record Ranked(int rank, CodeSuggestions.Suggestion suggestion, String code, String source) {}

	/** A coder's decision on a code. */
	public record Decision(String code, String decision, @Nullable String finalCode, @Nullable Integer rank,
			@Nullable String reason) {}

	/** How the suggestions have fared with the coders. */
	public record Accuracy(int decisions, int accepted, int rejected, int edited, int added, int acceptedFirst) {

		/** Of the suggestions decided on, the share accepted as suggested. */
		public double acceptance() {
			int decided = accepted + rejected + edited;
			return decided == 0 ? 0 : (double) accepted / decided;
		}
	}

	private static final int MOST_NOTES = 200;

	private final RecordStore store;
	private final SearchService search;
	private final SearchRequestParser parser;
	private final Terminology terminology;
	private final TerminologyStore terms;
	private final JdbcTemplate jdbc;
	private final Clock clock;
	/** The suggestions per release and size of its loaded index: loading an index makes a new one. */
	private final Map<String, CodeSuggestions> byRelease = new ConcurrentHashMap<>();

	EncounterCoding(RecordStore store, SearchService search, FhirContext ctx, Terminology terminology, TerminologyStore terms,
			JdbcTemplate jdbc, Clock clock) {
		this.store = store;
		this.search = search;
		this.parser = new SearchRequestParser(ctx, MOST_NOTES, MOST_NOTES);
		this.terminology = terminology;
		this.terms = terms;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public Suggested suggest(AccessContext access, String encounterId) {
		requireCoder(access, "suggest-codes");
		Encounter encounter = (Encounter) store.read(access, "Encounter", encounterId).resource();
		String patient = encounter.getSubject().getReferenceElement().getIdPart();
		LocalDate dateOfService = dateOfService(encounter);
		TerminologyStore.Stored release = terminology.inForce(CodeSystems.ICD10CM, dateOfService);
		CodeSuggestions suggestions = byRelease.computeIfAbsent(release.id() + ":" + terms.indexSize(release.id()),
				key -> new CodeSuggestions(new TitleIndex(terms.all(release.id()), terms.index(release.id()))));
		List<Source> sources = new ArrayList<>();
		for (StoredVersion v : matches(access, "DocumentReference", "encounter", encounterId)) {
			DocumentReference d = (DocumentReference) v.resource();
			String text = text(d);
			if (!text.isBlank()) {
				sources.add(new Source("DocumentReference/" + v.id(), d.hasDescription() ? d.getDescription() : d.getType()
						.getText() == null ? "Note" : d.getType().getText(), text));
			}
		}
		for (StoredVersion v : matches(access, "Condition", "encounter", encounterId)) {
			Condition c = (Condition) v.resource();
			String stated = c.getCode().hasText() ? c.getCode().getText() : c.getCode().getCoding().stream()
					.map(Coding::getDisplay).filter(x -> x != null).findFirst().orElse("");
			if (!stated.isBlank()) {
				sources.add(new Source("Condition/" + v.id(), "Problem list", "DIAGNOSIS: " + stated));
			}
		}
		for (StoredVersion v : matches(access, "Observation", "encounter", encounterId)) {
			String finding = ResultFindings.of((org.hl7.fhir.r4.model.Observation) v.resource());
			if (finding != null) {
				sources.add(new Source("Observation/" + v.id(), "Results", finding));
			}
		}
		Map<String, Ranked> best = new java.util.LinkedHashMap<>();
		List<Ranked> all = new ArrayList<>();
		for (Source s : sources) {
			for (CodeSuggestions.Suggestion found : suggestions.suggest(s.text())) {
				all.add(new Ranked(0, found, CodeSystems.written(CodeSystems.ICD10CM, found.code()), s.reference()));
			}
		}
		all.sort(java.util.Comparator.comparing((Ranked r) -> r.suggestion().status() != ClinicalContext.Status.CURRENT)
				.thenComparing(r -> -r.suggestion().score()));
		for (Ranked r : all) {
			best.putIfAbsent(r.code() + "|" + r.suggestion().status(), r);
		}
		List<Ranked> ranked = new ArrayList<>();
		for (Ranked r : best.values()) {
			ranked.add(new Ranked(ranked.size() + 1, r.suggestion(), r.code(), r.source()));
		}
		return new Suggested("Encounter/" + encounterId, "Patient/" + patient, dateOfService, release.version(), sources,
				ranked);
	}

	/** Keeps the coder's decision on a code for the encounter (an edit names the code chosen instead); answers the patient. */
	public String decide(AccessContext access, String encounterId, Decision d) {
		requireCoder(access, "coding-decision");
		Encounter encounter = (Encounter) store.read(access, "Encounter", encounterId).resource();
		if (!List.of("accepted", "rejected", "edited", "added").contains(d.decision())) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "A decision is accepted, rejected, edited"
					+ " or added, not " + d.decision());
		}
		String kept = d.decision().equals("edited") ? d.finalCode() : d.code();
		if (d.decision().equals("edited") && (kept == null || kept.isBlank())) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "An edit names the code chosen instead");
		}
		if (!d.decision().equals("rejected")) {
			Terminology.Validation valid = terminology.validate(CodeSystems.ICD10CM, kept, dateOfService(encounter), null, false);
			if (!valid.valid()) {
				throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, valid.message());
			}
		}
		jdbc.update("insert into coding_decision (encounter, patient, code, decision, final_code, suggested_rank, reason, coder,"
				+ " decided_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", "Encounter/" + encounterId, encounter.getSubject()
						.getReference(), CodeSystems.written(CodeSystems.ICD10CM, CodeSystems.stored(CodeSystems.ICD10CM, d.code())),
				d.decision(), kept == null || d.decision().equals("rejected") ? null : CodeSystems.written(CodeSystems.ICD10CM,
						CodeSystems.stored(CodeSystems.ICD10CM, kept)), d.rank(), d.reason(), access.actor(),
				Timestamp.from(clock.instant()));
		return encounter.getSubject().getReference();
	}

	/** An encounter awaiting coding, as the work queue lists it. */
	public record Waiting(String encounter, String patient, @Nullable LocalDate discharged, String kind, String service,
			String payer) {}

	/** A decision as kept. */
	public record Kept(String code, String decision, @Nullable String finalCode, String coder, java.time.Instant at) {}

	/** A signed final coding. */
	public record Signed(String patient, List<String> codes, String version, LocalDate dateOfService, String coder,
			java.time.Instant at) {}

	/** Finished encounters not yet finally coded, the longest discharged first (they hold up the bill). */
	public List<Waiting> queue(AccessContext access, int count) {
		requireCoder(access, "coding-queue");
		List<StoredVersion> finished = search.firstMatches(access, parser.parse("Encounter", Map.of("status", new String[] {
				"finished"}, "_sort", new String[] {"date"}, "_count", new String[] {String.valueOf(MOST_NOTES)}), true))
				.resources();
		java.util.Set<String> coded = new java.util.HashSet<>(jdbc.queryForList("select distinct encounter from coding_final"
				+ " where encounter = any(?)", String.class, (Object) finished.stream().map(v -> "Encounter/" + v.id())
						.toArray(String[]::new)));
		List<Waiting> out = new ArrayList<>();
		for (StoredVersion v : finished) {
			if (out.size() >= count || coded.contains("Encounter/" + v.id())) {
				continue;
			}
			Encounter e = (Encounter) v.resource();
			out.add(new Waiting(v.id(), e.getSubject().getReference(), e.getPeriod().hasEnd() ? LocalDate.ofInstant(e.getPeriod()
					.getEnd().toInstant(), ZoneOffset.UTC) : null, e.getClass_().hasDisplay() ? e.getClass_().getDisplay()
							: e.getClass_().getCode() == null ? "-" : e.getClass_().getCode(), e.hasServiceType() ? e.getServiceType()
									.getText() == null ? "-" : e.getServiceType().getText() : e.hasType() && e.getTypeFirstRep()
											.hasText() ? e.getTypeFirstRep().getText() : "-", payer(access, e.getSubject().getReference())));
		}
		return out;
	}

	/** The payer of the patient's active coverage, as the queue shows it, or "self-pay". */
	private String payer(AccessContext access, String patient) {
		List<StoredVersion> coverage = search.firstMatches(access, parser.parse("Coverage", Map.of("beneficiary", new String[] {
				patient}, "status", new String[] {"active"}, "_count", new String[] {"1"}), true)).resources();
		return coverage.isEmpty() ? "self-pay" : java.util.Optional.ofNullable(((org.hl7.fhir.r4.model.Coverage) coverage.get(0)
				.resource()).getPayorFirstRep().getDisplay()).orElse("unnamed payer");
	}

	/** Discharged, not final billed: how many finished encounters await final coding, by days since discharge. */
	public record Unbilled(int total, java.util.LinkedHashMap<String, Integer> byAge, boolean capped, int read) {}

	/** A coder's output over a period: encounters finally coded and decisions made. */
	public record Productivity(String coder, int signed, int decisions, int accepted) {}

	/** Encounters read at most for the DNFB figures (through the gate, page by page). */
	static final int MOST_FOR_REPORT = 5_000;

	/** The DNFB figures: finished encounters not yet finally coded, aged from discharge (or start) to today. */
	public Unbilled unbilled(AccessContext access) {
		requireCoder(access, "coding-dnfb");
		java.util.LinkedHashMap<String, Integer> byAge = new java.util.LinkedHashMap<>();
		for (String bucket : List.of("0-3 days", "4-7 days", "8-14 days", "15-30 days", "over 30 days")) {
			byAge.put(bucket, 0);
		}
		LocalDate today = LocalDate.now(clock);
		int total = 0;
		int offset = 0;
		boolean more = true;
		while (more && offset < MOST_FOR_REPORT) {
			var page = search.firstMatches(access, parser.parse("Encounter", Map.of("status", new String[] {"finished"}, "_count",
					new String[] {String.valueOf(MOST_NOTES)}, "_offset", new String[] {String.valueOf(offset)}), true));
			List<StoredVersion> finished = page.resources();
			java.util.Set<String> coded = new java.util.HashSet<>(jdbc.queryForList("select distinct encounter from coding_final"
					+ " where encounter = any(?)", String.class, (Object) finished.stream().map(v -> "Encounter/" + v.id())
							.toArray(String[]::new)));
			for (StoredVersion v : finished) {
				if (coded.contains("Encounter/" + v.id())) {
					continue;
				}
				long days = java.time.temporal.ChronoUnit.DAYS.between(dateOfService((Encounter) v.resource()), today);
				String bucket = days <= 3 ? "0-3 days" : days <= 7 ? "4-7 days" : days <= 14 ? "8-14 days" : days <= 30
						? "15-30 days" : "over 30 days";
				byAge.merge(bucket, 1, Integer::sum);
				total++;
			}
			offset += finished.size();
			more = page.hasMore();
		}
		return new Unbilled(total, byAge, more, offset);
	}

	/** Each coder's output over the last {@code days} days, the most productive first. */
	public List<Productivity> productivity(AccessContext access, int days) {
		requireCoder(access, "coding-productivity");
		Timestamp since = Timestamp.from(clock.instant().minus(java.time.Duration.ofDays(days)));
		return jdbc.query("select coder, sum(signed) as signed, sum(decisions) as decisions, sum(accepted) as accepted from ("
				+ " select coder, count(*) as signed, 0 as decisions, 0 as accepted from coding_final where signed_at >= ? group by"
				+ " coder union all select coder, 0, count(*), count(*) filter (where decision = 'accepted') from coding_decision"
				+ " where decided_at >= ? group by coder) t group by coder order by 2 desc, 3 desc", (rs, n) -> new Productivity(
						rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)), since, since);
	}

	/** The decisions kept for an encounter, in the order they were made. */
	public List<Kept> decisions(AccessContext access, String encounterId) {
		requireCoder(access, "coding-decisions");
		return jdbc.query("select code, decision, final_code, coder, decided_at from coding_decision where encounter = ? order by"
				+ " decision_id", (rs, n) -> new Kept(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getTimestamp(5).toInstant()), "Encounter/" + encounterId);
	}

	/**
	 * Signs the encounter's final coding: the codes decided on (accepted, edited, added; the last
	 * decision on a code stands), first-listed first, each valid and complete on the date of service.
	 */
	public Signed sign(AccessContext access, String encounterId) {
		requireCoder(access, "coding-sign");
		Encounter encounter = (Encounter) store.read(access, "Encounter", encounterId).resource();
		Map<String, String> last = new java.util.LinkedHashMap<>();
		for (Kept k : decisions(access, encounterId)) {
			last.remove(k.code());
			last.put(k.code(), k.decision().equals("rejected") ? null : k.finalCode());
		}
		List<String> codes = last.values().stream().filter(c -> c != null).distinct().toList();
		if (codes.isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "Nothing to sign: accept, edit or add at"
					+ " least one code first");
		}
		LocalDate dos = dateOfService(encounter);
		for (String c : codes) {
			Terminology.Validation v = terminology.validate(CodeSystems.ICD10CM, c, dos, null, false);
			if (!v.valid()) {
				throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, v.message());
			}
		}
		String version = terminology.inForce(CodeSystems.ICD10CM, dos).version();
		java.time.Instant at = clock.instant();
		// Died: HL7's disposition "exp", or the NUBC patient discharge status 20 (expired) and 40-42 (expired, hospice).
		boolean expired = encounter.getHospitalization().getDischargeDisposition().getCoding().stream().anyMatch(c -> "exp"
				.equals(c.getCode()) || java.util.Set.of("20", "40", "41", "42").contains(c.getCode()));
		jdbc.update("insert into coding_final (encounter, patient, codes, version, date_of_service, coder, signed_at,"
				+ " encounter_class, expired) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", "Encounter/" + encounterId, encounter
						.getSubject().getReference(), codes.toArray(String[]::new), version, java.sql.Date.valueOf(dos), access
								.actor(), Timestamp.from(at), encounter.getClass_().getCode(), expired);
		return new Signed(encounter.getSubject().getReference(), codes, version, dos, access.actor(), at);
	}

	/** The standing final coding of an encounter, if it has been signed. */
	public java.util.Optional<Signed> signed(AccessContext access, String encounterId) {
		requireCoder(access, "coding-final");
		return jdbc.query("select codes, version, date_of_service, coder, signed_at, patient from coding_final where encounter = ?"
				+ " order by signed_at desc, final_id desc limit 1", (rs, n) -> new Signed(rs.getString(6), List.of((String[]) rs
						.getArray(1).getArray()), rs.getString(2), rs.getDate(3).toLocalDate(), rs.getString(4), rs.getTimestamp(5)
								.toInstant()),
				"Encounter/" + encounterId).stream().findFirst();
	}

	/** The coders' decisions so far, as a measure of the suggestions. */
	public Accuracy accuracy(AccessContext access) {
		requireCoder(access, "coding-accuracy");
		return jdbc.queryForObject("select count(*), count(*) filter (where decision = 'accepted'), count(*) filter (where"
				+ " decision = 'rejected'), count(*) filter (where decision = 'edited'), count(*) filter (where decision = 'added'),"
				+ " count(*) filter (where decision = 'accepted' and suggested_rank = 1) from coding_decision",
				(rs, n) -> new Accuracy(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6)));
	}

	private List<StoredVersion> matches(AccessContext access, String type, String param, String encounterId) {
		return search.firstMatches(access, parser.parse(type, Map.of(param, new String[] {"Encounter/" + encounterId}), true))
				.resources();
	}

	/** The date of service: the encounter's end (an inpatient stay is coded as of discharge), else its start, else today. */
	private LocalDate dateOfService(Encounter e) {
		java.util.Date when = e.getPeriod().hasEnd() ? e.getPeriod().getEnd() : e.getPeriod().getStart();
		return when == null ? LocalDate.now(clock) : LocalDate.ofInstant(when.toInstant(), ZoneOffset.UTC);
	}

	private static String text(DocumentReference d) {
		StringBuilder b = new StringBuilder();
		for (DocumentReference.DocumentReferenceContentComponent c : d.getContent()) {
			Attachment a = c.getAttachment();
			if (a.hasData() && a.getContentType() != null && a.getContentType().startsWith("text/")) {
				b.append(new String(a.getData(), StandardCharsets.UTF_8)).append('\n');
			}
		}
		return b.toString();
	}

	static void requireCoder(AccessContext access, String action) {
		if (!access.roles().contains("coder") && !access.roles().contains("him")) {
			throw access.refused(action, "Encounter", null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, "Coding is done by coders and"
					+ " HIM staff");
		}
	}
}

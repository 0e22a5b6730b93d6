package org.custodian.chart;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import org.custodian.access.AccessContext;
import org.custodian.access.Sensitivity;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchPage;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.custodian.support.CustodianException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;

/**
 * Opens a patient's chart for a reader: the whole record is refused (403, naming break-the-glass)
 * when the reader may not reach it, rather than shown empty; otherwise each section is one search,
 * newest first and bounded, through the gate. The opening, or its refusal, is one audit record
 * naming the patient and every resource shown.
 */
@Service
public class ChartReader {

	/** The most recent measurements read per category (vital signs, laboratory) for the trends. */
	static final int MEASUREMENTS = 500;
	static final int ENTRIES = 100;
	/** Threads reading sections, for all charts being opened together. */
	static final int SECTION_READERS = 6;
	static final int DOCUMENTS = 20;
	/** Text longer than this is cut (the whole document stays in the record, a click away in later screens). */
	static final int DOCUMENT_CHARS = 20_000;

	private final SearchService search;
	private final SearchRequestParser parser;
	private final AuditTrail trail;
	private final AuditRecords records;
	private final Clock clock;
	/**
	 * Reads charts' sections side by side. Bounded, so a burst of charts queues here rather than
	 * taking every database connection; daemon threads, ended with the application.
	 */
	private final ExecutorService sectionReaders = Executors.newFixedThreadPool(SECTION_READERS, r -> {
		Thread t = new Thread(r, "chart-sections");
		t.setDaemon(true);
		return t;
	});

	ChartReader(SearchService search, FhirContext ctx, AuditTrail trail, Clock clock) {
		this.search = search;
		this.parser = new SearchRequestParser(ctx, ENTRIES, MEASUREMENTS);
		this.trail = trail;
		this.records = new AuditRecords(ctx);
		this.clock = clock;
	}

	/** The chart of patient {@code id} as {@code access} may see it. */
	public Chart open(AccessContext access, String id) {
		AuditRecords.Touched touched = new AuditRecords.Touched().patient("Patient/" + id);
		try {
			Chart chart = read(access, id, touched);
			trail.record(records.of(access, Screens.CATEGORY, 'R', Screens.CHART, AuditRecord.SUCCESS, touched, null, null));
			return chart;
		} catch (CustodianException e) {
			trail.record(records.of(access, Screens.CATEGORY, 'R', Screens.CHART, AuditRecord.MINOR_FAILURE, touched, null,
					Screens.status(e) + " " + e.code()));
			throw e;
		}
	}

	private Chart read(AccessContext access, String id, AuditRecords.Touched touched) {
		// Reads the focus as $everything does: 404 if not visible, 403 naming break-the-glass if out of reach.
		Patient patient = (Patient) search.recordOf(access, id).resource();
		touched.entity("Patient/" + id);
		String p = "Patient/" + id;

		// The sections are independent searches: read side by side, the chart takes about as long as its slowest.
		List<AllergyIntolerance> allergies = java.util.Collections.synchronizedList(new ArrayList<>());
		List<CompletableFuture<Chart.Section>> sections = List.of(
				async(() -> section(access, touched, "problems", "Problems", "Condition", p, "-onset-date", ENTRIES,
						(Condition c) -> new Chart.Entry(Display.day(c.getOnset()), Display.concept(c.getCode()),
								c.hasCategory() ? Display.concept(c.getCategoryFirstRep()) : null,
								c.hasClinicalStatus() ? Display.lower(c.getClinicalStatus().getCodingFirstRep().getCode()) : null))),
				async(() -> section(access, touched, "encounters", "Encounters", "Encounter", p, "-date", ENTRIES,
						(Encounter e) -> new Chart.Entry(Display.day(e.getPeriod()),
								e.hasType() ? Display.concept(e.getTypeFirstRep()) : e.getClass_().getDisplay() != null
										? e.getClass_().getDisplay() : e.getClass_().getCode(),
								e.hasReasonCode() ? Display.concept(e.getReasonCodeFirstRep()) : e.getClass_().getCode(),
								e.hasStatus() ? Display.lower(e.getStatus().toCode()) : null))),
				async(() -> section(access, touched, "medications", "Medications", "MedicationRequest", p, "-authoredon", ENTRIES,
						(MedicationRequest m) -> new Chart.Entry(Display.day(m.getAuthoredOnElement()),
								m.hasMedicationCodeableConcept() ? Display.concept(m.getMedicationCodeableConcept())
										: m.hasMedicationReference() && m.getMedicationReference().hasDisplay()
												? m.getMedicationReference().getDisplay() : "(medication)",
								m.hasDosageInstruction() && m.getDosageInstructionFirstRep().hasText()
										? m.getDosageInstructionFirstRep().getText() : null,
								m.hasStatus() ? Display.lower(m.getStatus().toCode()) : null))),
				async(() -> section(access, touched, "allergies", "Allergies and intolerances", "AllergyIntolerance", p, null,
						ENTRIES, (AllergyIntolerance a) -> {
							allergies.add(a);
							return new Chart.Entry(Display.day(a.getOnset() != null ? a.getOnset() : a.getRecordedDateElement()),
									Display.concept(a.getCode()),
									a.hasCriticality() ? a.getCriticality().getDisplay().toLowerCase(java.util.Locale.ROOT) : null,
									a.hasClinicalStatus() ? Display.lower(a.getClinicalStatus().getCodingFirstRep().getCode()) : null);
						})),
				async(() -> section(access, touched, "immunizations", "Immunizations", "Immunization", p, "-date", ENTRIES,
						(Immunization i) -> new Chart.Entry(Display.day(i.getOccurrence()), Display.concept(i.getVaccineCode()), null,
								i.hasStatus() ? Display.lower(i.getStatus().toCode()) : null))),
				async(() -> section(access, touched, "procedures", "Procedures", "Procedure", p, "-date", ENTRIES,
						(Procedure pr) -> new Chart.Entry(Display.day(pr.getPerformed()), Display.concept(pr.getCode()),
								pr.hasReasonCode() ? Display.concept(pr.getReasonCodeFirstRep()) : null,
								pr.hasStatus() ? Display.lower(pr.getStatus().toCode()) : null))));
		CompletableFuture<List<Chart.Trend>> vitals = async(() -> trends(access, touched, p, "vital-signs", "Vital signs"));
		CompletableFuture<List<Chart.Trend>> results = async(() -> trends(access, touched, p, "laboratory", "Results"));
		CompletableFuture<List<StoredVersion>> documentReferences =
				async(() -> matches(access, touched, "DocumentReference", p, "-date", DOCUMENTS, null));
		CompletableFuture<List<StoredVersion>> reports =
				async(() -> matches(access, touched, "DiagnosticReport", p, "-date", DOCUMENTS, null));

		List<Chart.Section> read = sections.stream().map(ChartReader::join).toList();
		List<Chart.Trend> trends = new ArrayList<>(join(vitals));
		trends.addAll(join(results));
		List<Chart.Document> documents = new ArrayList<>();
		List<StoredVersion> notes = join(documentReferences);
		java.util.Map<String, String> titles = new java.util.HashMap<>();
		java.util.Map<String, List<String>> chains = new java.util.HashMap<>();
		for (StoredVersion v : notes) {
			titles.put("DocumentReference/" + v.id(), title((DocumentReference) v.resource()));
		}
		// The chain of corrections: each addendum or replacement named under the note it concerns, and the other way.
		for (StoredVersion v : notes) {
			DocumentReference d = (DocumentReference) v.resource();
			for (DocumentReference.DocumentReferenceRelatesToComponent r : d.getRelatesTo()) {
				String target = r.getTarget().getReference();
				String how = r.getCode() == null ? "relates to" : r.getCode().toCode();
				String date = Display.day(d.getDateElement());
				chains.computeIfAbsent("DocumentReference/" + v.id(), k -> new ArrayList<>()).add(verb(how) + " "
						+ titles.getOrDefault(target, target));
				chains.computeIfAbsent(target, k -> new ArrayList<>()).add(noun(how) + ": " + title(d) + (date == null ? ""
						: " (" + date + ")"));
			}
		}
		for (StoredVersion v : notes) {
			DocumentReference d = (DocumentReference) v.resource();
			Attachment a = d.hasContent() ? d.getContentFirstRep().getAttachment() : new Attachment();
			documents.add(new Chart.Document(Display.day(d.getDateElement()), title(d), d.hasAuthor() ? d.getAuthorFirstRep()
					.getDisplay() : null, text(a), a.getContentType(), standing(d), chains.getOrDefault("DocumentReference/" + v
							.id(), List.of())));
		}
		for (StoredVersion v : join(reports)) {
			DiagnosticReport r = (DiagnosticReport) v.resource();
			for (Attachment a : r.getPresentedForm()) {
				String text = text(a);
				if (text != null) {
					documents.add(new Chart.Document(Display.day(r.getEffective()), Display.concept(r.getCode()),
							r.hasPerformer() ? r.getPerformerFirstRep().getDisplay() : null, text, a.getContentType()));
				}
			}
		}
		documents.sort((a, b) -> String.valueOf(b.when()).compareTo(String.valueOf(a.when())));
		if (documents.size() > DOCUMENTS) {
			documents = new ArrayList<>(documents.subList(0, DOCUMENTS));
		}
		return new Chart(identity(patient, id), warnings(patient, allergies), read, trends, documents,
				access.underEmergencyAccess());
	}

	@jakarta.annotation.PreDestroy
	void stop() {
		sectionReaders.shutdownNow();
	}

	private <T> CompletableFuture<T> async(java.util.function.Supplier<T> work) {
		return CompletableFuture.supplyAsync(work, sectionReaders);
	}

	/** The section's result, or the failure it met (a refusal, a database error) as itself. */
	private static String title(DocumentReference d) {
		return d.hasType() ? Display.concept(d.getType()) : d.hasDescription() ? d.getDescription() : "Document";
	}

	/**
	 * Where a note stands: withdrawn, replaced, authenticated (by whom the note says), or awaiting a
	 * signature. Whether Custodian holds the signature itself is $verify-signature's to say.
	 */
	private static @Nullable String standing(DocumentReference d) {
		if (d.getStatus() == org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.ENTEREDINERROR) {
			return "Entered in error";
		}
		String replaced = d.getStatus() == org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.SUPERSEDED ? "Replaced; "
				: "";
		if (d.hasAuthenticator() && d.getDocStatus() == DocumentReference.ReferredDocumentStatus.FINAL) {
			return replaced + "Authenticated by " + (d.getAuthenticator().hasDisplay() ? d.getAuthenticator().getDisplay() : d
					.getAuthenticator().getReference());
		}
		if (d.getDocStatus() == DocumentReference.ReferredDocumentStatus.PRELIMINARY) {
			return replaced + "Preliminary: awaiting a signature";
		}
		return replaced.isEmpty() ? null : "Replaced";
	}

	private static String verb(String relation) {
		return switch (relation) {
			case "appends" -> "Addendum to";
			case "replaces" -> "Replaces";
			case "transforms" -> "Transformed from";
			default -> "Relates to";
		};
	}

	private static String noun(String relation) {
		return switch (relation) {
			case "appends" -> "Addendum";
			case "replaces" -> "Replaced by";
			case "transforms" -> "Transformed into";
			default -> "Related";
		};
	}

	private static <T> T join(CompletableFuture<T> section) {
		try {
			return section.join();
		} catch (java.util.concurrent.CompletionException e) {
			if (e.getCause() instanceof RuntimeException r) {
				throw r;
			}
			if (e.getCause() instanceof Error err) {
				throw err;
			}
			throw e;
		}
	}

	private <T extends IBaseResource> Chart.Section section(AccessContext access, AuditRecords.Touched touched, String key,
			String title, String type, String patient, @Nullable String sort, int count, Function<T, Chart.Entry> entry) {
		List<StoredVersion> found = matches(access, touched, type, patient, sort, count + 1, null);
		List<Chart.Entry> entries = new ArrayList<>();
		for (StoredVersion v : found.subList(0, Math.min(count, found.size()))) {
			@SuppressWarnings("unchecked")
			T resource = (T) v.resource();
			entries.add(entry.apply(resource));
		}
		return new Chart.Section(key, title, entries, found.size() > count);
	}

	private List<StoredVersion> matches(AccessContext access, AuditRecords.Touched touched, String type, String patient,
			@Nullable String sort, int count, @Nullable String category) {
		Map<String, String[]> params = new LinkedHashMap<>();
		params.put("patient", new String[] {patient});
		if (category != null) {
			params.put("category", new String[] {category});
		}
		if (sort != null) {
			params.put("_sort", new String[] {sort});
		}
		params.put("_count", new String[] {Integer.toString(count)});
		SearchPage page = search.firstMatches(access, parser.parse(type, params, true));
		List<StoredVersion> live = page.resources().stream().filter(v -> v.resource() != null).toList();
		synchronized (touched) {
			live.forEach(v -> touched.entity(v.type() + "/" + v.id()));
		}
		return live;
	}

	/** Measurements of one category grouped by code, each series oldest first, most often measured first. */
	private List<Chart.Trend> trends(AccessContext access, AuditRecords.Touched touched, String patient, String category,
			String label) {
		Map<String, List<Observation>> byCode = new LinkedHashMap<>();
		for (StoredVersion v : matches(access, touched, "Observation", patient, "-date", MEASUREMENTS, category)) {
			Observation o = (Observation) v.resource();
			List<Observation> parts = new ArrayList<>();
			if (o.hasValueQuantity()) {
				parts.add(o);
			}
			// Blood pressure and the like: each component is its own series.
			for (Observation.ObservationComponentComponent c : o.getComponent()) {
				if (c.hasValueQuantity()) {
					Observation part = new Observation();
					part.setCode(c.getCode());
					part.setValue(c.getValueQuantity());
					part.setEffective(o.getEffective());
					parts.add(part);
				}
			}
			for (Observation part : parts) {
				Coding coding = part.getCode().getCodingFirstRep();
				String key = coding.getSystem() + "|" + coding.getCode();
				byCode.computeIfAbsent(key, k -> new ArrayList<>()).add(part);
			}
		}
		List<Chart.Trend> trends = new ArrayList<>();
		byCode.forEach((key, observations) -> {
			List<Observation> timed = observations.stream().filter(o -> Display.epochSeconds(o.getEffective()) != null)
					.sorted((a, b) -> Long.compare(Display.epochSeconds(a.getEffective()), Display.epochSeconds(b.getEffective())))
					.toList();
			if (timed.isEmpty()) {
				return;
			}
			long[] times = new long[timed.size()];
			double[] values = new double[timed.size()];
			for (int i = 0; i < timed.size(); i++) {
				times[i] = Display.epochSeconds(timed.get(i).getEffective());
				values[i] = timed.get(i).getValueQuantity().getValue().doubleValue();
			}
			Quantity last = timed.get(timed.size() - 1).getValueQuantity();
			trends.add(new Chart.Trend(key, Display.concept(timed.get(0).getCode()), last.hasUnit() ? last.getUnit()
					: last.getCode(), label, times, values));
		});
		trends.sort((a, b) -> Integer.compare(b.times().length, a.times().length));
		return trends;
	}

	private Chart.Identity identity(Patient patient, String id) {
		String name = patient.hasName() ? Display.name(patient.getNameFirstRep()) : "(no name recorded)";
		String mrn = null;
		List<String> others = new ArrayList<>();
		for (Identifier i : patient.getIdentifier()) {
			boolean isMrn = i.getType().getCoding().stream().anyMatch(c -> "MR".equals(c.getCode()));
			if (isMrn && mrn == null) {
				mrn = i.getValue();
			} else if (i.hasValue()) {
				String label = i.hasType() ? Display.concept(i.getType()) : i.hasSystem() ? i.getSystem() : "Identifier";
				others.add(label + ": " + i.getValue());
			}
		}
		String deceased = null;
		java.util.Date died = null;
		if (patient.hasDeceasedDateTimeType()) {
			died = patient.getDeceasedDateTimeType().getValue();
			deceased = Display.day(patient.getDeceasedDateTimeType());
		} else if (patient.hasDeceasedBooleanType() && patient.getDeceasedBooleanType().booleanValue()) {
			deceased = "yes";
		}
		String address = patient.hasAddress() ? String.join(", ", patient.getAddressFirstRep().getLine().stream()
				.map(l -> l.getValue()).toList()) + (patient.getAddressFirstRep().hasCity() ? ", " + patient.getAddressFirstRep().getCity() : "")
				: null;
		String phone = patient.getTelecom().stream().filter(t -> "phone".equals(t.getSystem() == null ? null : t.getSystem().toCode()))
				.map(t -> t.getValue()).findFirst().orElse(null);
		return new Chart.Identity(id, name, patient.hasBirthDate() ? patient.getBirthDateElement().getValueAsString() : null,
				Display.age(patient.getBirthDate(), died, LocalDate.now(clock)),
				patient.hasGender() ? patient.getGender().getDisplay() : null, mrn, others, address, phone, deceased);
	}

	private static List<Chart.Warning> warnings(Patient patient, List<AllergyIntolerance> allergies) {
		List<Chart.Warning> warnings = new ArrayList<>();
		String replacedBy = org.custodian.identity.PatientLinks.replacedBy(patient);
		if (replacedBy != null) {
			warnings.add(new Chart.Warning(Chart.Warning.Kind.MERGED, "Merged into Patient/" + replacedBy
					+ ": this chart is kept for the record; the person's care is on that chart"));
		}
		if (patient.hasDeceasedDateTimeType() || (patient.hasDeceasedBooleanType() && patient.getDeceasedBooleanType().booleanValue())) {
			warnings.add(new Chart.Warning(Chart.Warning.Kind.DECEASED, "Deceased"
					+ (patient.hasDeceasedDateTimeType() ? " " + Display.day(patient.getDeceasedDateTimeType()) : "")));
		}
		for (Coding label : patient.getMeta().getSecurity()) {
			Sensitivity s = Sensitivity.of(label.getSystem(), label.getCode());
			if (s == Sensitivity.VERY_RESTRICTED) {
				warnings.add(new Chart.Warning(Chart.Warning.Kind.VIP, "Very restricted record (VIP or employee): every access is reviewed"));
			} else if (s != null) {
				warnings.add(new Chart.Warning(Chart.Warning.Kind.SENSITIVE, "Sensitive: " + Display.lower(s.name())));
			}
		}
		for (AllergyIntolerance a : allergies) {
			boolean active = !a.hasClinicalStatus() || "active".equals(a.getClinicalStatus().getCodingFirstRep().getCode());
			if (active) {
				warnings.add(new Chart.Warning(Chart.Warning.Kind.ALLERGY, "Allergy: " + Display.concept(a.getCode())
						+ (a.hasCriticality() ? " (" + a.getCriticality().getDisplay().toLowerCase(java.util.Locale.ROOT) + ")" : "")));
			}
		}
		return warnings;
	}

	/** The attachment's text when it is text (inline), cut to {@link #DOCUMENT_CHARS}. */
	static @Nullable String text(Attachment a) {
		if (!a.hasData()) {
			return null;
		}
		String type = a.hasContentType() ? a.getContentType() : "text/plain";
		if (!type.startsWith("text/")) {
			return null;
		}
		String text = new String(a.getData(), java.nio.charset.StandardCharsets.UTF_8);
		if (type.startsWith("text/html")) {
			// Shown as text, never as markup: a document's HTML must not run in the workspace.
			text = text.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]+>", " ")
					.replaceAll("[ \\t]+", " ");
		}
		return text.length() > DOCUMENT_CHARS ? text.substring(0, DOCUMENT_CHARS) + " …" : text;
	}
}

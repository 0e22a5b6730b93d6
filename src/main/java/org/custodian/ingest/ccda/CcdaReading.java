package org.custodian.ingest.ccda;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * A C-CDA document read into FHIR (after the HL7 C-CDA on FHIR mappings, simplified): the header
 * (document id, type, title, date, confidentiality, authors, the patient's demographics), and the
 * entries of the sections the record keeps as data, recognised by their entry templates (or, for
 * older documents without them, by the section and the kind of entry): problems as Conditions,
 * allergies as AllergyIntolerances, medications as MedicationStatements, immunizations, results as
 * DiagnosticReports with their Observations, vital signs and social history as Observations,
 * and procedures. Another provider's encounters are not this hospital's visits (they would enter its
 * coding and completion work): they stay in the document, which is kept whole, as does everything
 * else, each named in {@link #unmapped()}. Pure: no storage, no patient matching.
 */
final class CcdaReading {

	private static final String T = "2.16.840.1.113883.10.20.22.";

	/** Document templates and what they are. */
	private static final Map<String, String> KINDS = Map.ofEntries(Map.entry(T + "1.2", "Continuity of Care Document"), Map.entry(
			T + "1.8", "Discharge Summary"), Map.entry(T + "1.14", "Referral Note"), Map.entry(T + "1.9", "Progress Note"), Map
					.entry(T + "1.4", "Consultation Note"), Map.entry(T + "1.3", "History and Physical"), Map.entry(T + "1.6",
							"Procedure Note"), Map.entry(T + "1.7", "Operative Note"), Map.entry(T + "1.5", "Diagnostic Imaging Report"),
			Map.entry(T + "1.13", "Transfer Summary"), Map.entry(T + "1.15", "Care Plan"), Map.entry(T + "1.10",
					"Unstructured Document"));

	/** What a section's entries are, by its LOINC code (its template says the same, less reliably across versions). */
	private static final Map<String, String> SECTIONS = Map.of("11450-4", "problem", "48765-2", "allergy", "10160-0",
			"medication", "11369-6", "immunization", "30954-2", "result", "8716-3", "vital", "29762-2", "social", "47519-4",
			"procedure", "29549-3", "medication");

	/** Entry templates and what they become. */
	private static final Map<String, String> ENTRIES = Map.ofEntries(Map.entry(T + "4.3", "problem"), Map.entry(T + "4.30",
			"allergy"), Map.entry(T + "4.16", "medication"), Map.entry(T + "4.52", "immunization"), Map.entry(T + "4.1", "result"),
			Map.entry(T + "4.26", "vital"), Map.entry(T + "4.78", "social"), Map.entry("2.16.840.1.113883.10.22.4.78", "social"),
			Map.entry(T + "4.38", "social"), Map.entry(T + "4.85", "social"), Map.entry(T + "4.14", "procedure"), Map.entry(T
					+ "4.13", "procedure"), Map.entry(T + "4.12", "procedure"), Map.entry(T + "4.33", "diagnosis"), Map.entry(T + "4.34", "diagnosis"), Map.entry(T
					+ "4.35", "discharge-medication"));

	/** The element each kind of entry is, for sections whose entries carry no C-CDA template. */
	private static final Map<String, Set<String>> ELEMENTS = Map.of("problem", Set.of("act", "observation"), "allergy", Set.of(
			"act", "observation"), "medication", Set.of("substanceAdministration"), "immunization", Set.of(
					"substanceAdministration"), "result", Set.of("organizer", "observation"), "vital", Set.of("organizer",
							"observation"), "social", Set.of("observation"), "procedure", Set.of("procedure", "observation", "act"));

	static final String SNOMED = "http://snomed.info/sct";
	static final String LOINC = "http://loinc.org";

	record Header(@Nullable Identifier documentId, @Nullable Identifier setId, @Nullable Integer version, String kind,
			@Nullable CodeableConcept type, @Nullable String title, @Nullable DateTimeType date, @Nullable String confidentiality,
			List<String> authors, @Nullable String custodian) {}

	/** A resource read from an entry, with the section it came from. */
	record Entry(String section, Resource resource) {}

	private final CdaElement root;
	private final Header header;
	private final Patient patient;
	private final List<Entry> entries = new ArrayList<>();
	private final List<String> unmapped = new ArrayList<>();

	private CcdaReading(CdaElement root) {
		this.root = root;
		this.header = header(root);
		this.patient = patient(root);
		CdaElement body = root.at("component", "structuredBody");
		if (body == null) {
			if (root.at("component", "nonXMLBody") != null) {
				unmapped.add("The document's body is not structured (" + contentType(root) + "): it is kept whole, nothing is read"
						+ " from it as data");
			}
			return;
		}
		for (CdaElement component : body.children("component")) {
			CdaElement section = component.child("section");
			if (section != null) {
				section(section, 0);
			}
		}
	}

	/** Reads a document; an IOException says why it is not one (not XML, not a ClinicalDocument). */
	static CcdaReading read(byte[] xml) throws IOException {
		CdaElement root = CdaElement.parse(xml);
		if (!root.name().equals("ClinicalDocument")) {
			throw new IOException("not a CDA document: its root is <" + root.name() + ">, not <ClinicalDocument>");
		}
		if (root.child("recordTarget") == null) {
			throw new IOException("the document names no patient (recordTarget)");
		}
		return new CcdaReading(root);
	}

	Header header() {
		return header;
	}

	Patient patient() {
		return patient;
	}

	List<Entry> entries() {
		return entries;
	}

	/** What was not read as data, one line each, for the import report. */
	List<String> unmapped() {
		return unmapped;
	}

	/** How many entries each section gave, by section title, in document order. */
	Map<String, Integer> mappedBySection() {
		Map<String, Integer> out = new LinkedHashMap<>();
		for (Entry e : entries) {
			out.merge(e.section(), 1, Integer::sum);
		}
		return out;
	}

	private static String contentType(CdaElement root) {
		CdaElement text = root.at("component", "nonXMLBody", "text");
		String type = text == null ? null : text.attr("mediaType");
		return type == null ? "no media type" : type;
	}

	private static Header header(CdaElement root) {
		String kind = "Clinical Document";
		for (String t : root.templates()) {
			if (KINDS.containsKey(t)) {
				kind = KINDS.get(t);
				if (!t.endsWith("1.1")) {
					break;
				}
			}
		}
		Map<String, String> none = Map.of();
		List<String> authors = new ArrayList<>();
		for (CdaElement author : root.children("author")) {
			CdaElement assigned = author.child("assignedAuthor");
			if (assigned == null) {
				continue;
			}
			org.hl7.fhir.r4.model.HumanName name = CdaTypes.name(assigned.at("assignedPerson", "name"));
			String org = CdaTypes.textOf(assigned.at("representedOrganization", "name"));
			String device = CdaTypes.textOf(assigned.at("assignedAuthoringDevice", "softwareName"));
			String who = name != null ? name.getNameAsSingleString() : device;
			if (who != null || org != null) {
				authors.add(who == null ? org : org == null ? who : who + " (" + org + ")");
			}
		}
		CdaElement version = root.child("versionNumber");
		Integer number = null;
		if (version != null && version.attr("value") != null) {
			try {
				number = Integer.valueOf(version.attr("value"));
			} catch (NumberFormatException e) {
				number = null;
			}
		}
		CdaElement confidentiality = root.child("confidentialityCode");
		return new Header(CdaTypes.identifier(root.child("id")), CdaTypes.identifier(root.child("setId")), number, kind, CdaTypes
				.concept(root.child("code"), none), CdaTypes.textOf(root.child("title")), CdaTypes.time(root.child("effectiveTime")),
				confidentiality == null ? null : confidentiality.attr("code"), authors, CdaTypes.textOf(root.at("custodian",
						"assignedCustodian", "representedCustodianOrganization", "name")));
	}

	private static Patient patient(CdaElement root) {
		Patient p = new Patient();
		CdaElement role = root.at("recordTarget", "patientRole");
		if (role == null) {
			return p;
		}
		for (CdaElement id : role.children("id")) {
			Identifier i = CdaTypes.identifier(id);
			// An NPI names a clinician, never a patient: some documents put one there by mistake.
			if (i != null && !"http://hl7.org/fhir/sid/us-npi".equals(i.getSystem())) {
				p.addIdentifier(i);
			}
		}
		role.children("addr").stream().map(CdaTypes::address).filter(java.util.Objects::nonNull).forEach(p::addAddress);
		role.children("telecom").stream().map(CdaTypes::telecom).filter(java.util.Objects::nonNull).forEach(p::addTelecom);
		CdaElement person = role.child("patient");
		if (person == null) {
			return p;
		}
		person.children("name").stream().map(CdaTypes::name).filter(java.util.Objects::nonNull).forEach(p::addName);
		CdaElement gender = person.child("administrativeGenderCode");
		String g = gender == null ? null : gender.attr("code");
		if (g != null) {
			p.setGender(switch (g) {
				case "M" -> AdministrativeGender.MALE;
				case "F" -> AdministrativeGender.FEMALE;
				case "UN" -> AdministrativeGender.OTHER;
				default -> AdministrativeGender.UNKNOWN;
			});
		}
		DateTimeType born = CdaTypes.time(person.child("birthTime"));
		if (born != null) {
			String day = born.getValueAsString();
			p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(day.substring(0, Math.min(10, day.length()))));
		}
		CdaElement deceased = person.child("deceasedInd");
		if (deceased != null && "true".equals(deceased.attr("value"))) {
			DateTimeType died = CdaTypes.time(person.child("deceasedTime"));
			p.setDeceased(died != null ? died : new org.hl7.fhir.r4.model.BooleanType(true));
		}
		return p;
	}

	/** Sections nest (a subsection in a component); deeper than this is not a clinical document's structure. */
	private static final int DEEPEST = 8;

	private void section(CdaElement section, int depth) {
		String title = CdaTypes.textOf(section.child("title"));
		CdaElement code = section.child("code");
		String loinc = code == null ? null : code.attr("code");
		String name = title != null ? title : loinc != null ? "section " + loinc : "untitled section";
		if (section.hasNullFlavor()) {
			return; // "no information": nothing to read
		}
		String sectionKind = loinc == null ? null : SECTIONS.get(loinc);
		Map<String, String> narrative = section.narrativeIds();
		List<CdaElement> list = section.children("entry");
		Map<String, Integer> notMapped = new LinkedHashMap<>();
		for (CdaElement entry : list) {
			CdaElement content = entry.elements().stream().filter(e -> !e.name().equals("templateId")).findFirst().orElse(null);
			if (content == null) {
				continue;
			}
			String kind = entryKind(content, sectionKind);
			int before = entries.size();
			if (kind != null) {
				try {
					read(kind, content, name, narrative);
				} catch (RuntimeException e) {
					unmapped.add(name + ": an entry could not be read (" + e.getMessage() + ")");
					continue;
				}
			}
			if (kind == null || entries.size() == before) {
				String what = content.templates().stream().filter(t -> !t.isBlank()).findFirst().orElse(content.name());
				notMapped.merge(kind == null ? what : what + ", with nothing in it to keep as data", 1, Integer::sum);
			}
		}
		if (!notMapped.isEmpty()) {
			StringBuilder b = new StringBuilder(name).append(": ");
			int n = notMapped.values().stream().mapToInt(Integer::intValue).sum();
			b.append(n).append(n == 1 ? " entry" : " entries").append(" not read as data (");
			b.append(String.join(", ", notMapped.entrySet().stream().map(e -> e.getKey() + (e.getValue() > 1 ? " ×" + e.getValue()
					: "")).toList()));
			b.append("); kept in the document");
			unmapped.add(b.toString());
		} else if (list.isEmpty() && section.child("text") != null) {
			unmapped.add(name + ": narrative only, kept in the document");
		}
		for (CdaElement sub : section.children("component")) {
			CdaElement nested = sub.child("section");
			if (nested != null && depth < DEEPEST) {
				section(nested, depth + 1);
			}
		}
	}

	private static @Nullable String entryKind(CdaElement content, @Nullable String sectionKind) {
		for (String t : content.templates()) {
			String kind = ENTRIES.get(t);
			if (kind != null) {
				return kind;
			}
		}
		if (sectionKind != null && ELEMENTS.get(sectionKind).contains(content.name())) {
			return sectionKind;
		}
		return null;
	}

	private void read(String kind, CdaElement content, String section, Map<String, String> narrative) {
		switch (kind) {
			case "problem" -> problem(content, section, narrative, "problem-list-item", "Problem List Item");
			case "diagnosis" -> problem(content, section, narrative, "encounter-diagnosis", "Encounter Diagnosis");
			case "discharge-medication" -> {
				for (CdaElement given : inner(content, "substanceAdministration", "entryRelationship")) {
					medication(given, section, narrative);
				}
			}
			case "allergy" -> allergy(content, section, narrative);
			case "medication" -> medication(content, section, narrative);
			case "immunization" -> immunization(content, section, narrative);
			case "result" -> result(content, section, narrative, "laboratory");
			case "vital" -> result(content, section, narrative, "vital-signs");
			case "social" -> observation(content, section, narrative, "social-history", null);
			case "procedure" -> procedure(content, section, narrative);
			default -> throw new IllegalStateException(kind);
		}
	}

	/** The observations an act or organizer holds (entryRelationship or component), or the element itself when it is one. */
	private static List<CdaElement> inner(CdaElement content, String element, String relation) {
		if (content.name().equals(element)) {
			return List.of(content);
		}
		List<CdaElement> out = new ArrayList<>();
		for (CdaElement r : content.children(relation)) {
			CdaElement o = r.child(element);
			if (o != null) {
				out.add(o);
			}
		}
		return out;
	}

	private static boolean negated(CdaElement e) {
		return "true".equals(e.attr("negationInd"));
	}

	private static @Nullable String status(CdaElement e) {
		CdaElement s = e.child("statusCode");
		return s == null ? null : s.attr("code");
	}

	/** The first identifier of the element, else of its container: how an entry is known again when a document is imported again. */
	private static void identify(java.util.function.Consumer<Identifier> add, CdaElement... from) {
		for (CdaElement e : from) {
			for (CdaElement id : e.children("id")) {
				Identifier i = CdaTypes.identifier(id);
				if (i != null) {
					add.accept(i);
					return;
				}
			}
		}
	}

	/** A nested observation's coded value, found by its template (problem status, severity, reaction…). */
	private static @Nullable CdaElement nested(CdaElement e, String template) {
		for (CdaElement r : e.children("entryRelationship")) {
			CdaElement o = r.child("observation");
			if (o != null && o.hasTemplate(template)) {
				return o;
			}
		}
		return null;
	}

	private void problem(CdaElement act, String section, Map<String, String> narrative, String category, String display) {
		for (CdaElement o : inner(act, "observation", "entryRelationship")) {
			CodeableConcept code = CdaTypes.concept(o.child("value"), narrative);
			if (code == null) {
				continue;
			}
			Condition c = new Condition();
			identify(c::addIdentifier, o, act);
			c.setCode(code);
			c.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-category", category,
					display)));
			org.hl7.fhir.r4.model.Period when = CdaTypes.period(o.child("effectiveTime"));
			if (when != null && when.hasStart()) {
				c.setOnset(when.getStartElement());
			}
			if (when != null && when.hasEnd()) {
				c.setAbatement(when.getEndElement());
			}
			CdaElement statusObs = nested(o, T + "4.6");
			String statusCode = statusObs == null || statusObs.child("value") == null ? null : statusObs.child("value").attr("code");
			String clinical = "55561003".equals(statusCode) ? "active" : "73425007".equals(statusCode) ? "inactive" : "413322009"
					.equals(statusCode) ? "resolved" : when != null && when.hasEnd() ? "resolved" : "completed".equals(status(act))
							&& act != o ? "resolved" : "active";
			if (c.hasAbatement() && clinical.equals("active")) {
				clinical = "resolved"; // an abated condition is not active (FHIR's con-4)
			}
			c.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical",
					clinical, null)));
			c.setVerificationStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status",
					negated(o) ? "refuted" : "confirmed", null)));
			entries.add(new Entry(section, c));
		}
	}

	private void allergy(CdaElement act, String section, Map<String, String> narrative) {
		for (CdaElement o : inner(act, "observation", "entryRelationship")) {
			AllergyIntolerance a = new AllergyIntolerance();
			identify(a::addIdentifier, o, act);
			CodeableConcept substance = CdaTypes.concept(o.at("participant", "participantRole", "playingEntity", "code"), narrative);
			CdaElement value = o.child("value");
			String type = value == null ? null : value.attr("code");
			if (substance == null || !substance.hasCoding() && negated(o)) {
				if (!negated(o)) {
					continue; // an allergy to nothing named: nothing to keep as data
				}
				// "No known allergies": the allergy observation negated with no substance named, of the kind its value says.
				substance = "416098002".equals(type) || "419511003".equals(type) ? new CodeableConcept(new Coding(SNOMED,
						"409137002", "No known drug allergy")) : "414285001".equals(type) || "418471000".equals(type)
								? new CodeableConcept(new Coding(SNOMED, "429625007", "No known food allergy")) : "426232007".equals(type)
										? new CodeableConcept(new Coding(SNOMED, "428607008", "No known environmental allergy"))
										: new CodeableConcept(new Coding(SNOMED, "716186003", "No known allergy"));
			} else if (negated(o)) {
				a.setVerificationStatus(new CodeableConcept(new Coding(
						"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "refuted", null)));
			}
			a.setCode(substance);
			if (type != null) {
				switch (type) {
					case "416098002", "419511003" -> a.addCategory(AllergyIntolerance.AllergyIntoleranceCategory.MEDICATION);
					case "414285001", "235719002", "418471000" -> a.addCategory(AllergyIntolerance.AllergyIntoleranceCategory.FOOD);
					case "426232007", "419199007" -> a.addCategory(AllergyIntolerance.AllergyIntoleranceCategory.ENVIRONMENT);
					default -> { }
				}
				a.setType(Set.of("59037007", "235719002", "420134006").contains(type)
						? AllergyIntolerance.AllergyIntoleranceType.INTOLERANCE : AllergyIntolerance.AllergyIntoleranceType.ALLERGY);
			}
			CdaElement statusObs = nested(o, T + "4.28");
			String statusCode = statusObs == null || statusObs.child("value") == null ? null : statusObs.child("value").attr("code");
			CdaElement effective = o.child("effectiveTime");
			String clinical = "73425007".equals(statusCode) ? "inactive" : "413322009".equals(statusCode) ? "resolved"
					: "55561003".equals(statusCode) ? "active" : effective != null && effective.child("high") != null && CdaTypes.time(
							effective.child("high")) != null || "completed".equals(status(act)) && act != o ? "resolved" : "active";
			// Always given (FHIR's ait-1), a refuted allergy's too.
			a.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
					clinical, null)));
			DateTimeType onset = CdaTypes.start(o.child("effectiveTime"));
			if (onset != null) {
				a.setOnset(onset);
			}
			for (CdaElement r : o.children("entryRelationship")) {
				CdaElement reaction = r.child("observation");
				if (reaction == null || !reaction.hasTemplate(T + "4.9") && !"MFST".equals(r.attr("typeCode"))) {
					continue;
				}
				CodeableConcept manifestation = CdaTypes.concept(reaction.child("value"), narrative);
				if (manifestation == null) {
					continue;
				}
				AllergyIntolerance.AllergyIntoleranceReactionComponent rc = a.addReaction().addManifestation(manifestation);
				CdaElement severity = nested(reaction, T + "4.8");
				String s = severity == null || severity.child("value") == null ? null : severity.child("value").attr("code");
				if ("255604002".equals(s)) {
					rc.setSeverity(AllergyIntolerance.AllergyIntoleranceSeverity.MILD);
				} else if ("6736007".equals(s)) {
					rc.setSeverity(AllergyIntolerance.AllergyIntoleranceSeverity.MODERATE);
				} else if ("24484000".equals(s)) {
					rc.setSeverity(AllergyIntolerance.AllergyIntoleranceSeverity.SEVERE);
				}
			}
			entries.add(new Entry(section, a));
		}
	}

	private static @Nullable CodeableConcept product(CdaElement sa, Map<String, String> narrative) {
		return CdaTypes.concept(sa.at("consumable", "manufacturedProduct", "manufacturedMaterial", "code"), narrative);
	}

	private void medication(CdaElement sa, String section, Map<String, String> narrative) {
		CodeableConcept drug = product(sa, narrative);
		if (drug == null) {
			return;
		}
		MedicationStatement m = new MedicationStatement();
		identify(m::addIdentifier, sa);
		m.setMedication(drug);
		String s = status(sa);
		m.setStatus(negated(sa) ? MedicationStatement.MedicationStatementStatus.NOTTAKEN : "INT".equals(sa.attr("moodCode"))
				? MedicationStatement.MedicationStatementStatus.INTENDED : s == null ? MedicationStatement.MedicationStatementStatus
						.UNKNOWN : switch (s) {
							case "active" -> MedicationStatement.MedicationStatementStatus.ACTIVE;
							case "completed" -> MedicationStatement.MedicationStatementStatus.COMPLETED;
							case "aborted" -> MedicationStatement.MedicationStatementStatus.STOPPED;
							case "suspended", "held" -> MedicationStatement.MedicationStatementStatus.ONHOLD;
							case "nullified" -> MedicationStatement.MedicationStatementStatus.ENTEREDINERROR;
							default -> MedicationStatement.MedicationStatementStatus.UNKNOWN;
						});
		org.hl7.fhir.r4.model.Dosage dosage = new org.hl7.fhir.r4.model.Dosage();
		for (CdaElement effective : sa.children("effectiveTime")) {
			String type = effective.xsiType();
			if ("PIVL_TS".equals(type)) {
				org.hl7.fhir.r4.model.Quantity period = CdaTypes.quantity(effective.child("period"));
				if (period != null && period.hasUnit()) {
					org.hl7.fhir.r4.model.Timing.UnitsOfTime unit = switch (period.getUnit()) {
						case "h" -> org.hl7.fhir.r4.model.Timing.UnitsOfTime.H;
						case "d" -> org.hl7.fhir.r4.model.Timing.UnitsOfTime.D;
						case "wk" -> org.hl7.fhir.r4.model.Timing.UnitsOfTime.WK;
						case "min" -> org.hl7.fhir.r4.model.Timing.UnitsOfTime.MIN;
						default -> null;
					};
					if (unit != null) {
						dosage.getTiming().getRepeat().setPeriod(period.getValue()).setPeriodUnit(unit);
					}
				}
			} else if (!m.hasEffective()) {
				org.hl7.fhir.r4.model.Type when = CdaTypes.when(effective);
				if (when != null) {
					m.setEffective(when);
				}
			}
		}
		CodeableConcept route = CdaTypes.concept(sa.child("routeCode"), narrative);
		if (route != null) {
			dosage.setRoute(route);
		}
		org.hl7.fhir.r4.model.Quantity dose = CdaTypes.quantity(sa.child("doseQuantity"));
		if (dose != null) {
			dosage.addDoseAndRate().setDose(dose);
		}
		String text = CdaTypes.originalText(sa, narrative);
		CdaElement sig = sa.child("text");
		if (sig != null) {
			CdaElement ref = sig.child("reference");
			String resolved = ref == null || ref.attr("value") == null ? null : narrative.get(ref.attr("value").replaceFirst("^#",
					""));
			text = resolved != null ? resolved : sig.text();
		}
		if (text != null) {
			dosage.setText(text);
		}
		if (!dosage.isEmpty()) {
			m.addDosage(dosage);
		}
		entries.add(new Entry(section, m));
	}

	/** Moods of an intent, not of something done: a plan is not read as a record of care. */
	private static final Set<String> PLANNED = Set.of("INT", "RQO", "PRP", "PRMS", "ARQ", "APT");

	private void immunization(CdaElement sa, String section, Map<String, String> narrative) {
		CodeableConcept vaccine = product(sa, narrative);
		if (vaccine == null || PLANNED.contains(sa.attr("moodCode"))) {
			return;
		}
		Immunization i = new Immunization();
		identify(i::addIdentifier, sa);
		i.setVaccineCode(vaccine);
		i.setStatus(negated(sa) || "cancelled".equals(status(sa)) ? Immunization.ImmunizationStatus.NOTDONE
				: Immunization.ImmunizationStatus.COMPLETED);
		DateTimeType when = CdaTypes.start(sa.child("effectiveTime"));
		if (when != null) {
			i.setOccurrence(when);
		} else {
			i.setOccurrence(new org.hl7.fhir.r4.model.StringType("not stated in the document"));
		}
		String lot = CdaTypes.textOf(sa.at("consumable", "manufacturedProduct", "manufacturedMaterial", "lotNumberText"));
		if (lot != null) {
			i.setLotNumber(lot);
		}
		CodeableConcept route = CdaTypes.concept(sa.child("routeCode"), narrative);
		if (route != null) {
			i.setRoute(route);
		}
		org.hl7.fhir.r4.model.Quantity dose = CdaTypes.quantity(sa.child("doseQuantity"));
		if (dose != null) {
			i.setDoseQuantity(dose);
		}
		entries.add(new Entry(section, i));
	}

	/** A result or vital-signs organizer: its observations, and for results a report over them. */
	private void result(CdaElement content, String section, Map<String, String> narrative, String category) {
		List<CdaElement> observations = inner(content, "observation", "component");
		List<Observation> read = new ArrayList<>();
		for (CdaElement o : observations) {
			Observation obs = observation(o, section, narrative, category, content.name().equals("organizer") ? CdaTypes.start(
					content.child("effectiveTime")) : null);
			if (obs != null) {
				read.add(obs);
			}
		}
		if (!content.name().equals("organizer") || !category.equals("laboratory") || read.isEmpty()) {
			return;
		}
		DiagnosticReport report = new DiagnosticReport();
		identify(report::addIdentifier, content);
		CodeableConcept code = CdaTypes.concept(content.child("code"), narrative);
		report.setCode(code != null ? code : new CodeableConcept().setText("Results"));
		report.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB",
				"Laboratory")));
		String s = status(content);
		report.setStatus("active".equals(s) ? DiagnosticReport.DiagnosticReportStatus.PRELIMINARY : "aborted".equals(s)
				? DiagnosticReport.DiagnosticReportStatus.CANCELLED : DiagnosticReport.DiagnosticReportStatus.FINAL);
		org.hl7.fhir.r4.model.Type when = CdaTypes.when(content.child("effectiveTime"));
		if (when == null && read.get(0).hasEffective()) {
			when = read.get(0).getEffective();
		}
		if (when != null) {
			report.setEffective(when);
		}
		// The results are named by their place in this reading; the import writes them first and points the report at them.
		for (Observation o : read) {
			report.addResult().setResource(o);
		}
		entries.add(new Entry(section, report));
	}

	private @Nullable Observation observation(CdaElement o, String section, Map<String, String> narrative, String category,
			@Nullable DateTimeType organizerTime) {
		CodeableConcept code = CdaTypes.concept(o.child("code"), narrative);
		CdaElement value = o.child("value");
		boolean assertion = code != null && code.getCoding().stream().anyMatch(c -> "ASSERTION".equals(c.getCode()));
		if (assertion && o.hasTemplate(T + "4.78") || o.hasTemplate("2.16.840.1.113883.10.22.4.78")) {
			code = new CodeableConcept(new Coding(LOINC, "72166-2", "Tobacco smoking status"));
		}
		if (code == null || !code.hasCoding() && !code.hasText() || negated(o) || PLANNED.contains(o.attr("moodCode"))) {
			return null; // a negated observation with its value would assert the finding it denies: left in the document
		}
		Observation obs = new Observation();
		identify(obs::addIdentifier, o);
		obs.setCode(code);
		obs.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category", category,
				null)));
		String s = status(o);
		obs.setStatus("active".equals(s) ? Observation.ObservationStatus.PRELIMINARY : "aborted".equals(s)
				? Observation.ObservationStatus.CANCELLED : Observation.ObservationStatus.FINAL);
		org.hl7.fhir.r4.model.Type when = CdaTypes.when(o.child("effectiveTime"));
		if (when != null) {
			obs.setEffective(when);
		} else if (organizerTime != null) {
			obs.setEffective(organizerTime);
		}
		if (value != null && !value.hasNullFlavor()) {
			String type = value.xsiType();
			if ("PQ".equals(type) || "REAL".equals(type) || "INT".equals(type) && value.attr("unit") != null) {
				org.hl7.fhir.r4.model.Quantity q = CdaTypes.quantity(value);
				if (q != null) {
					obs.setValue(q);
				}
			} else if ("INT".equals(type)) {
				java.math.BigDecimal n = CdaTypes.decimal(value.attr("value"));
				if (n != null) {
					obs.setValue(new org.hl7.fhir.r4.model.IntegerType(n.intValue()));
				}
			} else if ("CD".equals(type) || "CE".equals(type) || "CO".equals(type) || "CV".equals(type)) {
				CodeableConcept v = CdaTypes.concept(value, narrative);
				if (v != null) {
					obs.setValue(v);
				}
			} else if ("BL".equals(type) && value.attr("value") != null) {
				obs.setValue(new org.hl7.fhir.r4.model.BooleanType("true".equals(value.attr("value"))));
			} else if ("ST".equals(type) || "ED".equals(type)) {
				String text = value.text();
				if (text != null) {
					obs.setValue(new org.hl7.fhir.r4.model.StringType(text));
				}
			} else if ("IVL_PQ".equals(type)) {
				org.hl7.fhir.r4.model.Range r = new org.hl7.fhir.r4.model.Range();
				org.hl7.fhir.r4.model.Quantity low = CdaTypes.quantity(value.child("low"));
				org.hl7.fhir.r4.model.Quantity high = CdaTypes.quantity(value.child("high"));
				if (low != null) {
					r.setLow(low);
				}
				if (high != null) {
					r.setHigh(high);
				}
				if (!r.isEmpty()) {
					obs.setValue(r);
				}
			}
		}
		for (CdaElement interpretation : o.children("interpretationCode")) {
			CodeableConcept c = CdaTypes.concept(interpretation, narrative);
			if (c != null) {
				obs.addInterpretation(c);
			}
		}
		CdaElement range = o.at("referenceRange", "observationRange");
		if (range != null) {
			Observation.ObservationReferenceRangeComponent rr = new Observation.ObservationReferenceRangeComponent();
			CdaElement ivl = range.child("value");
			if (ivl != null) {
				org.hl7.fhir.r4.model.Quantity low = CdaTypes.quantity(ivl.child("low"));
				org.hl7.fhir.r4.model.Quantity high = CdaTypes.quantity(ivl.child("high"));
				if (low != null) {
					rr.setLow(low);
				}
				if (high != null) {
					rr.setHigh(high);
				}
			}
			String text = CdaTypes.textOf(range.child("text"));
			if (text != null) {
				rr.setText(text);
			}
			if (!rr.isEmpty()) {
				obs.addReferenceRange(rr);
			}
		}
		if (!obs.hasValue() && !negated(o)) {
			obs.setDataAbsentReason(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/data-absent-reason",
					"unknown", "Unknown")));
		}
		entries.add(new Entry(section, obs));
		return obs;
	}

	private void procedure(CdaElement p, String section, Map<String, String> narrative) {
		CodeableConcept code = CdaTypes.concept(p.child("code"), narrative);
		if (code == null || PLANNED.contains(p.attr("moodCode"))) {
			return;
		}
		Procedure proc = new Procedure();
		identify(proc::addIdentifier, p);
		proc.setCode(code);
		String s = status(p);
		proc.setStatus(negated(p) || "cancelled".equals(s) ? Procedure.ProcedureStatus.NOTDONE : "active".equals(s)
				? Procedure.ProcedureStatus.INPROGRESS : "aborted".equals(s) ? Procedure.ProcedureStatus.STOPPED
						: "new".equals(s) ? Procedure.ProcedureStatus.PREPARATION : Procedure.ProcedureStatus.COMPLETED);
		org.hl7.fhir.r4.model.Type when = CdaTypes.when(p.child("effectiveTime"));
		if (when != null) {
			proc.setPerformed(when);
		}
		CodeableConcept site = CdaTypes.concept(p.child("targetSiteCode"), narrative);
		if (site != null) {
			proc.addBodySite(site);
		}
		entries.add(new Entry(section, proc));
	}
}

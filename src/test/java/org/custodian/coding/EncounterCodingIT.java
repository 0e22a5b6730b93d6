package org.custodian.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.custodian.access.Role;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * A coder codes an encounter: the codes its note and problem list support are suggested with the
 * words that support them, what the note denies or only suspects is set apart, and the coder's
 * decisions are kept and measured.
 */
class EncounterCodingIT extends ServerTest {

	private final String tag = Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");

	private String create(Resource r) {
		Response created = fhir.post(r.fhirType(), r);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new IdType(created.header("Location")).getIdPart();
	}

	private String[] encounter() {
		String patient = create(Fixtures.patient("Coded" + tag, "Cora"));
		Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
				.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"))
				.setSubject(new Reference("Patient/" + patient))
				.setPeriod(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2026-02-10T09:00:00Z"))
						.setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2026-02-10T09:40:00Z")));
		String encounter = create(visit);
		DocumentReference note = new DocumentReference().setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus
				.CURRENT).setSubject(new Reference("Patient/" + patient)).setDescription("Office visit");
		note.getContext().addEncounter(new Reference("Encounter/" + encounter));
		note.addContent().setAttachment(new Attachment().setContentType("text/plain").setData(("CHIEF COMPLAINT: Follow-up.\n"
				+ "HISTORY: She denies fever. Rule out pneumonia.\n"
				+ "ASSESSMENT:\n1. Type 2 diabetes mellitus with hyperglycemia.\n2. Hypertension.\n"
				+ "FAMILY HISTORY: Breast cancer in her mother.\n").getBytes()));
		String noteId = create(note);
		Condition problem = new Condition().setSubject(new Reference("Patient/" + patient)).setEncounter(new Reference(
				"Encounter/" + encounter));
		problem.getCode().setText("Hyperlipidemia");
		create(problem);
		org.hl7.fhir.r4.model.Observation potassium = new org.hl7.fhir.r4.model.Observation();
		potassium.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL).setSubject(new Reference("Patient/"
				+ patient)).setEncounter(new Reference("Encounter/" + encounter));
		potassium.getCode().addCoding(new Coding("http://loinc.org", "2823-3", "Potassium [Moles/volume] in Serum or Plasma"));
		potassium.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(6.1).setUnit("mmol/L"));
		potassium.addInterpretation().addCoding(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "H", "High"));
		create(potassium);
		return new String[] {patient, encounter, noteId};
	}

	private FhirHttp coder() {
		return fhir.as(token("coder-" + tag, Set.of(Role.CODER), List.of("user/*.rs"), null));
	}

	private static Map<String, ParametersParameterComponent> byCode(Parameters p) {
		return p.getParameter().stream().filter(x -> x.getName().equals("suggestion")).collect(Collectors.toMap(
				x -> ((Coding) part(x, "code").getValue()).getCode() + "|" + part(x, "status").getValue().primitiveValue(),
				x -> x, (a, b) -> a, java.util.LinkedHashMap::new));
	}

	private static ParametersParameterComponent part(ParametersParameterComponent p, String name) {
		return p.getPart().stream().filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
	}

	@Test
	void suggestsTheCodesTheNoteSupportsWithTheirEvidenceAndSetsApartWhatItDeniesOrSuspects() {
		String[] e = encounter();

		Response r = coder().get("Encounter/" + e[1] + "/$suggest-codes");

		assertThat(r.status()).as(r.body()).isEqualTo(200);
		Parameters p = r.as(Parameters.class);
		assertThat(p.getParameterValue("version").primitiveValue()).isEqualTo("2026");
		Map<String, ParametersParameterComponent> found = byCode(p);
		assertThat(found.keySet()).contains("E11.65|current", "I10|current", "E78.5|current", "R50.9|negated",
				"J18.9|uncertain", "E87.5|current");
		assertThat(part(part(found.get("E87.5|current"), "evidence"), "source").getValue()).isInstanceOfSatisfying(
				Reference.class, ref -> assertThat(ref.getReference()).startsWith("Observation/"));
		assertThat(found.keySet().stream().filter(k -> k.endsWith("|current")).limit(3)).contains("E11.65|current");
		ParametersParameterComponent evidence = part(found.get("E11.65|current"), "evidence");
		assertThat(part(evidence, "source").getValue()).isInstanceOfSatisfying(Reference.class, ref -> assertThat(ref
				.getReference()).isEqualTo("DocumentReference/" + e[2]));
		assertThat(part(evidence, "text").getValue().primitiveValue()).isEqualTo("Type 2 diabetes mellitus with hyperglycemia");
		assertThat(part(evidence, "section").getValue().primitiveValue()).isEqualTo("ASSESSMENT");
		assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = '$suggest-codes' and patients"
				+ " @> array[?]::text[]", Integer.class, "Patient/" + e[0])).as("the read is recorded against the patient")
				.isEqualTo(1);
	}

	@Test
	void keepsTheCodersDecisionsAndMeasuresTheSuggestionsByThem() {
		String[] e = encounter();
		FhirHttp coder = coder();
		Parameters accepted = new Parameters();
		accepted.addParameter("code", new CodeType("E11.65"));
		accepted.addParameter("decision", new CodeType("accepted"));
		accepted.addParameter("rank", new IntegerType(1));
		Parameters edited = new Parameters();
		edited.addParameter("code", new CodeType("I10"));
		edited.addParameter("decision", new CodeType("edited"));
		edited.addParameter("final-code", new CodeType("I11.9"));
		Parameters invalid = new Parameters();
		invalid.addParameter("code", new CodeType("I10"));
		invalid.addParameter("decision", new CodeType("edited"));
		invalid.addParameter("final-code", new CodeType("I11"));
		int before = jdbc.queryForObject("select count(*) from coding_decision", Integer.class);

		Response first = coder.post("Encounter/" + e[1] + "/$coding-decision", accepted);
		Response second = coder.post("Encounter/" + e[1] + "/$coding-decision", edited);
		Response header = coder.post("Encounter/" + e[1] + "/$coding-decision", invalid);
		Response clinician = fhir.as(token("clin-" + tag, Set.of(Role.CLINICIAN), List.of("user/*.rs"), null))
				.post("Encounter/" + e[1] + "/$coding-decision", accepted);

		assertThat(first.status()).as(first.body()).isEqualTo(200);
		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat(header.status()).isEqualTo(400);
		assertThat(header.body()).contains("CUS-7001").contains("is a header");
		assertThat(clinician.status()).isEqualTo(403);
		assertThat(jdbc.queryForObject("select count(*) from coding_decision", Integer.class)).isEqualTo(before + 2);
		assertThat(jdbc.queryForList("select final_code from coding_decision where encounter = ? order by decision_id",
				String.class, "Encounter/" + e[1])).containsExactly("E11.65", "I11.9");
		Parameters accuracy = coder.get("$coding-accuracy").as(Parameters.class);
		assertThat(Integer.parseInt(accuracy.getParameterValue("accepted").primitiveValue())).isPositive();
		assertThat(Integer.parseInt(accuracy.getParameterValue("edited").primitiveValue())).isPositive();
	}

	private String codedStay(String patient, String encounterClass, String start, String end, boolean died, String... codes) {
		Encounter stay = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
				.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", encounterClass, null))
				.setSubject(new Reference("Patient/" + patient))
				.setPeriod(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(start))
						.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(end)));
		if (died) {
			stay.getHospitalization().getDischargeDisposition().addCoding(new Coding(
					"http://terminology.hl7.org/CodeSystem/discharge-disposition", "exp", "Expired"));
		}
		String id = create(stay);
		FhirHttp coder = coder();
		for (String code : codes) {
			Parameters added = new Parameters();
			added.addParameter("code", new CodeType(code));
			added.addParameter("decision", new CodeType("added"));
			Response decided = coder.post("Encounter/" + id + "/$coding-decision", added);
			assertThat(decided.status()).as(decided.body()).isEqualTo(200);
		}
		Response signed = coder.post("Encounter/" + id + "/$coding-sign", new Parameters());
		assertThat(signed.status()).as(signed.body()).isEqualTo(200);
		return id;
	}

	private static ParametersParameterComponent named(Parameters p, String name, String label) {
		return p.getParameter().stream().filter(x -> x.getName().equals(name) && part(x, "label").getValue().primitiveValue()
				.equals(label)).findFirst().orElseThrow(() -> new AssertionError("no " + name + " " + label));
	}

	private static int count(ParametersParameterComponent p, String name) {
		return Integer.parseInt(part(p, name).getValue().primitiveValue());
	}

	@Test
	void reportsTheCaseMixOfTheEncountersFinallyCodedInThePeriodWithTheInpatientStaysSeverity() {
		String patient = create(Fixtures.patient("Mix" + tag, "Carl"));
		// Heart failure with acute respiratory failure: a stay with an MCC.
		codedStay(patient, "IMP", "2025-03-03T08:00:00Z", "2025-03-06T12:00:00Z", false, "I50.22", "J96.01");
		// Cardiogenic shock is an MCC only for a patient who leaves alive: this one died.
		codedStay(patient, "IMP", "2025-03-10T08:00:00Z", "2025-03-12T12:00:00Z", true, "I21.4", "R57.0");
		codedStay(patient, "AMB", "2025-03-15T08:00:00Z", "2025-03-15T09:00:00Z", false, "E11.65");
		codedStay(patient, "IMP", "2025-05-03T08:00:00Z", "2025-05-06T12:00:00Z", false, "I50.22");
		FhirHttp coder = coder();

		Response r = coder.get("$case-mix?from=2025-03-01&to=2025-03-31");
		Response backwards = coder.get("$case-mix?from=2025-03-31&to=2025-03-01");
		Response clinician = fhir.as(token("clin-" + tag, Set.of(Role.CLINICIAN), List.of("user/*.rs"), null)).get(
				"$case-mix");

		assertThat(r.status()).as(r.body()).isEqualTo(200);
		Parameters p = r.as(Parameters.class);
		assertThat(p.getParameterValue("encounters").primitiveValue()).isEqualTo("3");
		assertThat(p.getParameterValue("severity-lists").primitiveValue()).isEqualTo("MS-DRG v40.0");
		ParametersParameterComponent inpatient = named(p, "inpatient", "inpatient stays");
		assertThat(List.of(count(inpatient, "encounters"), count(inpatient, "mcc"), count(inpatient, "cc"), count(inpatient,
				"neither"))).containsExactly(2, 1, 0, 1);
		assertThat(part(inpatient, "capture-rate").getValue().primitiveValue()).isEqualTo("0.5");
		assertThat(count(named(p, "class", "ambulatory"), "encounters")).isEqualTo(1);
		assertThat(count(named(p, "month", "2025-03"), "mcc")).isEqualTo(1);
		assertThat(p.getParameter().stream().filter(x -> x.getName().equals("month"))).hasSize(1);
		ParametersParameterComponent circulatory = p.getParameter().stream().filter(x -> x.getName().equals("chapter"))
				.findFirst().orElseThrow();
		assertThat(part(circulatory, "code").getValue().primitiveValue()).isEqualTo("I00-I99");
		assertThat(count(circulatory, "encounters")).isEqualTo(2);
		ParametersParameterComponent heartFailure = p.getParameter().stream().filter(x -> x.getName().equals("principal"))
				.filter(x -> ((Coding) part(x, "code").getValue()).getCode().equals("I50.22")).findFirst().orElseThrow();
		assertThat(part(heartFailure, "title").getValue().primitiveValue()).containsIgnoringCase("chronic systolic");
		assertThat(backwards.status()).isEqualTo(400);
		assertThat(backwards.body()).contains("CUS-7001");
		assertThat(clinician.status()).isEqualTo(403);
		assertThat(jdbc.queryForList("select outcome from audit_event where subtype = '$case-mix' and actor = ? order by 1",
				Integer.class, "coder-" + tag)).as("the aggregate read is recorded, and the refusal").containsExactly(0, 4);
	}
}

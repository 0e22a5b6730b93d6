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
}

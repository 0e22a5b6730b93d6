package org.custodian.ccda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import ca.uhn.fhir.context.FhirContext;

/**
 * A CCD written from one Synthea patient's real record (the bulk-data sample in ../shared) and a
 * few small observations: every record lands in the section C-CDA gives it, the narrative and the
 * entries agree, and what CDA has no place for is named.
 */
class ContinuityOfCareDocumentTest {

	private static final Path SYNTHEA = Path.of("..", "shared", "corpora", "bulk-data", "synthea-10-patients");
	private static final FhirContext FHIR = FhirContext.forR4Cached();

	static Patient patient;
	static List<Resource> records = new ArrayList<>();
	static Document ccd;
	static ContinuityOfCareDocument.Written written;

	@BeforeAll
	static void write() throws Exception {
		List<Resource> patients = read("Patient.000.ndjson");
		// The patient with the most conditions, so every section has something in it.
		List<Resource> conditions = read("Condition.000.ndjson.gz");
		patient = (Patient) patients.stream().max(java.util.Comparator.comparingLong(p -> conditions.stream().filter(c ->
				((Condition) c).getSubject().getReference().endsWith(p.getIdElement().getIdPart())).count())).orElseThrow();
		patient.setId(patient.getIdElement().getIdPart());
		String id = patient.getIdElement().getIdPart();
		for (String file : List.of("Condition.000.ndjson.gz", "AllergyIntolerance.000.ndjson", "MedicationRequest.000.ndjson.gz",
				"Procedure.000.ndjson.gz", "Immunization.000.ndjson", "Encounter.000.ndjson.gz",
				"DocumentReference.000.ndjson.gz")) {
			records.addAll(read(file, "\"reference\":\"Patient/" + id + "\""));
		}
		records.addAll(observations(id));
		records.add(new org.hl7.fhir.r4.model.CarePlan().setIdElement(new org.hl7.fhir.r4.model.IdType("CarePlan", "cp1")));
		written = ContinuityOfCareDocument.write(new ContinuityOfCareDocument.Header("Springfield General Hospital",
				new Date()), patient, records);
		DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
		f.setNamespaceAware(false);
		f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		ccd = f.newDocumentBuilder().parse(new ByteArrayInputStream(written.xml()));
	}

	/** A lab panel in a report, a blood pressure panel and a weight taken together, and a smoking status. */
	private static List<Resource> observations(String patient) {
		Reference subject = new Reference("Patient/" + patient);
		Observation glucose = lab("glu1", "2345-7", "Glucose [Mass/volume] in Serum or Plasma", "182", "mg/dL", subject);
		glucose.addInterpretation(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "H", "High")));
		Observation a1c = lab("a1c1", "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "8.1", "%", subject);
		DiagnosticReport panel = new DiagnosticReport();
		panel.setId("DiagnosticReport/rep1");
		panel.setSubject(subject).setEffective(new DateTimeType("2024-03-01T09:30:00-05:00"));
		panel.setCode(new CodeableConcept(new Coding("http://loinc.org", "24323-8", "Comprehensive metabolic panel")));
		panel.addResult(new Reference("Observation/glu1")).addResult(new Reference("Observation/a1c1"));
		Observation bp = vital("bp1", "85354-9", "Blood pressure panel", null, null, subject);
		bp.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "8480-6", "Systolic blood pressure")))
				.setValue(new Quantity().setValue(new java.math.BigDecimal("128")).setCode("mm[Hg]").setSystem("http://unitsofmeasure.org").setUnit("mm[Hg]"));
		bp.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "8462-4", "Diastolic blood pressure")))
				.setValue(new Quantity().setValue(new java.math.BigDecimal("84")).setCode("mm[Hg]").setSystem("http://unitsofmeasure.org").setUnit("mm[Hg]"));
		Observation weight = vital("wt1", "29463-7", "Body weight", 81.5, "kg", subject);
		Observation smoking = new Observation();
		smoking.setId("Observation/sm1");
		smoking.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
				"social-history", null)));
		smoking.setCode(new CodeableConcept(new Coding("http://loinc.org", "72166-2", "Tobacco smoking status")));
		smoking.setValue(new CodeableConcept(new Coding("http://snomed.info/sct", "8517006", "Ex-smoker")));
		smoking.setEffective(new DateTimeType("2024-03-01"));
		return List.of(glucose, a1c, panel, bp, weight, smoking);
	}

	private static Observation lab(String id, String loinc, String name, String value, String unit, Reference subject) {
		Observation o = new Observation();
		o.setId("Observation/" + id);
		o.setSubject(subject);
		o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
				"laboratory", null)));
		o.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, name)));
		o.setValue(new Quantity().setValue(new java.math.BigDecimal(value)).setUnit(unit).setCode(unit)
				.setSystem("http://unitsofmeasure.org"));
		o.setEffective(new DateTimeType("2024-03-01T09:30:00-05:00"));
		return o;
	}

	private static Observation vital(String id, String loinc, String name, Double value, String unit, Reference subject) {
		Observation o = new Observation();
		o.setId("Observation/" + id);
		o.setSubject(subject);
		o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
				"vital-signs", null)));
		o.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, name)));
		if (value != null) {
			o.setValue(new Quantity(value).setUnit(unit).setCode(unit).setSystem("http://unitsofmeasure.org"));
		}
		o.setEffective(new DateTimeType("2024-03-02T08:00:00-05:00"));
		return o;
	}

	private static List<Resource> read(String file) throws IOException {
		return read(file, "");
	}

	/** The records in an NDJSON file whose line contains {@code mark}. */
	private static List<Resource> read(String file, String mark) throws IOException {
		Path path = SYNTHEA.resolve(file);
		List<Resource> out = new ArrayList<>();
		try (BufferedReader in = new BufferedReader(new InputStreamReader(file.endsWith(".gz") ? new GZIPInputStream(
				Files.newInputStream(path)) : Files.newInputStream(path), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				if (!line.isBlank() && line.contains(mark)) {
					out.add((Resource) FHIR.newJsonParser().parseResource(line));
				}
			}
		}
		return out;
	}

	private static NodeList nodes(String xpath) throws Exception {
		return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, ccd, XPathConstants.NODESET);
	}

	private static String string(String xpath) throws Exception {
		return XPathFactory.newInstance().newXPath().evaluate(xpath, ccd);
	}

	private static long count(Class<? extends Resource> type) {
		return records.stream().filter(type::isInstance).count();
	}

	private static String section(String loinc) {
		return "/ClinicalDocument/component/structuredBody/component/section[code/@code='" + loinc + "']";
	}

	@Test
	void isAContinuityOfCareDocumentUnderTheUsRealmHeader() throws Exception {
		assertThat(string("/ClinicalDocument/templateId[@root='2.16.840.1.113883.10.20.22.1.2']/@extension"))
				.isEqualTo("2015-08-01");
		assertThat(string("/ClinicalDocument/templateId[@root='2.16.840.1.113883.10.20.22.1.1']/@extension"))
				.isEqualTo("2015-08-01");
		assertThat(string("/ClinicalDocument/code/@code")).isEqualTo("34133-9");
		assertThat(string("/ClinicalDocument/recordTarget/patientRole/patient/name/family"))
				.isEqualTo(patient.getNameFirstRep().getFamily());
		assertThat(string("/ClinicalDocument/recordTarget/patientRole/patient/birthTime/@value"))
				.isEqualTo(patient.getBirthDateElement().getValueAsString().replace("-", ""));
		assertThat(string("/ClinicalDocument/recordTarget/patientRole/patient/raceCode/@codeSystem"))
				.isEqualTo("2.16.840.1.113883.6.238");
		assertThat(string("/ClinicalDocument/custodian/assignedCustodian/representedCustodianOrganization/name"))
				.isEqualTo("Springfield General Hospital");
		assertThat(string("/ClinicalDocument/documentationOf/serviceEvent/effectiveTime/low/@value")).isNotBlank();
	}

	@Test
	void hasEverySectionACcdRequires() throws Exception {
		for (String loinc : List.of("48765-2", "10160-0", "11450-4", "30954-2", "29762-2", "8716-3")) {
			assertThat(nodes(section(loinc))).as("section " + loinc).extracting(NodeList::getLength).isEqualTo(1);
		}
	}

	@Test
	void putsEachRecordInItsSectionAsItsEntryTemplate() throws Exception {
		assertThat(nodes(section("11450-4") + "/entry/act/entryRelationship/observation[templateId/@root="
				+ "'2.16.840.1.113883.10.20.22.4.4']").getLength()).isEqualTo(count(Condition.class)).isPositive();
		assertThat(nodes(section("10160-0") + "/entry/substanceAdministration").getLength())
				.isEqualTo(count(MedicationRequest.class)).isPositive();
		assertThat(nodes(section("46240-8") + "/entry/encounter").getLength()).isEqualTo(count(Encounter.class))
				.isPositive();
		assertThat(nodes(section("11369-6") + "/entry/substanceAdministration/consumable/manufacturedProduct"
				+ "/manufacturedMaterial/code[@codeSystem='2.16.840.1.113883.12.292']").getLength())
				.isEqualTo(count(org.hl7.fhir.r4.model.Immunization.class));
		Condition first = (Condition) records.stream().filter(Condition.class::isInstance).findFirst().orElseThrow();
		assertThat(string(section("11450-4") + "/entry/act/entryRelationship/observation[id/@extension='Condition/"
				+ first.getIdElement().getIdPart() + "']/value/@code")).isEqualTo(first.getCode().getCodingFirstRep().getCode());
	}

	@Test
	void groupsResultsByTheirReportAndVitalSignsByWhenTheyWereTaken() throws Exception {
		String report = section("30954-2") + "/entry/organizer[id/@extension='DiagnosticReport/rep1']";
		assertThat(string(report + "/code/@code")).isEqualTo("24323-8");
		assertThat(nodes(report + "/component/observation").getLength()).isEqualTo(2);
		assertThat(string(report + "/component/observation[code/@code='2345-7']/value/@value")).isEqualTo("182");
		assertThat(string(report + "/component/observation[code/@code='2345-7']/value/@unit")).isEqualTo("mg/dL");
		assertThat(string(report + "/component/observation[code/@code='2345-7']/interpretationCode/@code")).isEqualTo("H");
		assertThat(string(report + "/component/observation[code/@code='2345-7']/effectiveTime/@value"))
				.isEqualTo("20240301093000-0500");
		String vitals = section("8716-3") + "/entry/organizer";
		assertThat(nodes(vitals).getLength()).as("taken together: one organizer").isEqualTo(1);
		assertThat(nodes(vitals + "/component/observation").getLength()).as("systolic, diastolic, weight").isEqualTo(3);
		assertThat(string(vitals + "/component/observation[code/@code='8480-6']/value/@value")).isEqualTo("128");
		assertThat(string(section("29762-2") + "/entry/observation[templateId/@root='2.16.840.1.113883.10.20.22.4.78']"
				+ "/value/@code")).isEqualTo("8517006");
	}

	@Test
	void everyEntryPointsAtARowOfTheNarrative() throws Exception {
		Set<String> ids = new HashSet<>();
		NodeList content = nodes("//section/text//content/@ID");
		for (int i = 0; i < content.getLength(); i++) {
			ids.add("#" + content.item(i).getNodeValue());
		}
		NodeList references = nodes("//entry//text/reference/@value");
		assertThat(references.getLength()).isGreaterThan(100);
		for (int i = 0; i < references.getLength(); i++) {
			assertThat(ids).contains(references.item(i).getNodeValue());
		}
	}

	@Test
	void carriesEachNoteWholeAndNamesWhatItCannotRepresent() throws Exception {
		long notes = count(org.hl7.fhir.r4.model.DocumentReference.class);
		assertThat(nodes("//section[code/@code='11488-4']/entry/act/text[@representation='B64']").getLength())
				.isEqualTo(notes).isPositive();
		assertThat(written.notRepresented()).containsExactly("CarePlan/cp1");
		assertThat(written.represented()).hasSize(records.size() - 1);
	}
}

package org.custodian.ingest.ccda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.custodian.testkit.SharedCorpora;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * C-CDA documents from other providers read into FHIR: the header and patient, each kind of entry the
 * record keeps as data, and a line for everything that stays only in the document.
 */
class CcdaReadingTest {

	private static CcdaReading read(String corpusPath) throws IOException {
		return CcdaReading.read(Files.readAllBytes(SharedCorpora.path(corpusPath)));
	}

	private static <T extends Resource> List<T> of(CcdaReading r, Class<T> type) {
		return r.entries().stream().map(CcdaReading.Entry::resource).filter(type::isInstance).map(type::cast).toList();
	}

	@Test
	void readsTheHl7ExampleCcdIntoProblemsAllergiesMedicationsImmunizationsAndResults() throws IOException {
		CcdaReading r = read("ccda/hl7-c-cda-examples/documents/CCD__CCD 1__CCD.XML");

		assertThat(r.header().kind()).isEqualTo("Continuity of Care Document");
		assertThat(r.patient().getNameFirstRep().getFamily()).isNotBlank();
		assertThat(r.patient().hasBirthDate()).isTrue();
		assertThat(of(r, Condition.class)).isNotEmpty().allSatisfy(c -> assertThat(c.getCode().hasCoding()).isTrue());
		assertThat(of(r, AllergyIntolerance.class)).isNotEmpty();
		assertThat(of(r, MedicationStatement.class)).isNotEmpty().allSatisfy(m -> assertThat(m.getMedicationCodeableConcept()
				.getCodingFirstRep().getSystem()).isEqualTo("http://www.nlm.nih.gov/research/umls/rxnorm"));
		assertThat(of(r, Immunization.class)).isNotEmpty();
		DiagnosticReport report = of(r, DiagnosticReport.class).get(0);
		assertThat(report.getResult()).isNotEmpty().allSatisfy(ref -> assertThat(ref.getResource()).isInstanceOf(
				Observation.class));
		assertThat(of(r, Observation.class)).anySatisfy(o -> assertThat(o.getCategoryFirstRep().getCodingFirstRep().getCode())
				.isEqualTo("vital-signs"));
	}

	@Test
	void aDischargeSummaryGivesItsDischargeDiagnosesAndMedications() throws IOException {
		CcdaReading r = read("ccda/hl7-c-cda-examples/documents/Discharge Summary__Discharge_Summary.xml");

		assertThat(r.header().kind()).isEqualTo("Discharge Summary");
		assertThat(of(r, Condition.class)).anySatisfy(c -> assertThat(c.getCategoryFirstRep().getCodingFirstRep().getCode())
				.isEqualTo("encounter-diagnosis"));
		assertThat(r.mappedBySection()).containsKey("DISCHARGE MEDICATIONS");
		assertThat(r.unmapped()).contains("HOSPITAL COURSE: narrative only, kept in the document");
	}

	@Test
	void aNegatedProblemIsRefutedAndNoKnownAllergiesIsSaidSo() throws IOException {
		String doc = "<ClinicalDocument xmlns='urn:hl7-org:v3' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'>"
				+ "<templateId root='2.16.840.1.113883.10.20.22.1.2'/><recordTarget><patientRole><id root='2.16.840.1.113883.19.5'"
				+ " extension='998991'/><patient><name><given>Isabella</given><family>Jones</family></name>"
				+ "<administrativeGenderCode code='F'/><birthTime value='19470501'/></patient></patientRole></recordTarget>"
				+ "<component><structuredBody>"
				+ section("11450-4", "Problems", "<act classCode='ACT' moodCode='EVN'><templateId root='2.16.840.1.113883.10.20.22.4.3'/>"
						+ "<id root='ab1791b0-5c71-11db-b0de-0800200c9a66'/><statusCode code='active'/><entryRelationship typeCode='SUBJ'>"
						+ "<observation classCode='OBS' moodCode='EVN' negationInd='true'><templateId root='2.16.840.1.113883.10.20.22.4.4'/>"
						+ "<id root='2.16.840.1.113883.19' extension='p1'/><effectiveTime><low value='20080103'/></effectiveTime>"
						+ "<value xsi:type='CD' code='44054006' codeSystem='2.16.840.1.113883.6.96' displayName='Diabetes'/>"
						+ "</observation></entryRelationship></act>")
				+ section("48765-2", "Allergies", "<act classCode='ACT' moodCode='EVN'><templateId root='2.16.840.1.113883.10.20.22.4.30'/>"
						+ "<statusCode code='active'/><entryRelationship typeCode='SUBJ'><observation classCode='OBS' moodCode='EVN'"
						+ " negationInd='true'><templateId root='2.16.840.1.113883.10.20.22.4.7'/><value xsi:type='CD' code='419199007'"
						+ " codeSystem='2.16.840.1.113883.6.96'/><participant typeCode='CSM'><participantRole><playingEntity>"
						+ "<code nullFlavor='NA'/></playingEntity></participantRole></participant></observation></entryRelationship></act>")
				+ section("29545-1", "Physical Exam", null)
				+ section("18776-5", "Plan of Treatment", "<observation classCode='OBS' moodCode='RQO'><templateId"
						+ " root='2.16.840.1.113883.10.20.22.4.44'/><code code='2345-7' codeSystem='2.16.840.1.113883.6.1'/></observation>")
				+ "</structuredBody></component></ClinicalDocument>";

		CcdaReading r = CcdaReading.read(doc.getBytes(StandardCharsets.UTF_8));

		Condition diabetes = of(r, Condition.class).get(0);
		assertThat(diabetes.getVerificationStatus().getCodingFirstRep().getCode()).isEqualTo("refuted");
		assertThat(diabetes.getIdentifierFirstRep().getValue()).isEqualTo("p1");
		assertThat(diabetes.getOnsetDateTimeType().getValueAsString()).isEqualTo("2008-01-03");
		AllergyIntolerance none = of(r, AllergyIntolerance.class).get(0);
		assertThat(none.getCode().getCodingFirstRep().getCode()).isEqualTo("716186003");
		assertThat(r.patient().getBirthDateElement().getValueAsString()).isEqualTo("1947-05-01");
		assertThat(r.unmapped()).containsExactly("Physical Exam: narrative only, kept in the document",
				"Plan of Treatment: 1 entry not read as data (2.16.840.1.113883.10.20.22.4.44); kept in the document");
	}

	private static String section(String loinc, String title, String entry) {
		return "<component><section><code code='" + loinc + "' codeSystem='2.16.840.1.113883.6.1'/><title>" + title
				+ "</title><text>narrative</text>" + (entry == null ? "" : "<entry>" + entry + "</entry>") + "</section></component>";
	}

	@Test
	void aDocumentWithADoctypeIsRefusedWithoutReadingAnything() {
		String xxe = "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><ClinicalDocument"
				+ " xmlns='urn:hl7-org:v3'><title>&e;</title></ClinicalDocument>";
		assertThatThrownBy(() -> CcdaReading.read(xxe.getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class)
				.hasMessageContaining("not well-formed");
	}

	@Test
	void aTimeWithoutAnOffsetIsKeptToTheDayAndAnImpossibleDateIsLeftOut() {
		assertThat(CdaTypes.dateTime("20120806103000").getValueAsString()).isEqualTo("2012-08-06");
		assertThat(CdaTypes.dateTime("20120806103000-0500").getValueAsString()).isEqualTo("2012-08-06T10:30:00-05:00");
		assertThat(CdaTypes.dateTime("200130311")).isNull();
		assertThat(CdaTypes.dateTime("000000")).isNull();
	}

	/** Every whole document in the corpus is read or refused with a reason; none breaks the reader. */
	@Test
	void everyDocumentInTheCorpusIsReadOrRefusedWithAReason() throws IOException {
		List<Path> documents = new ArrayList<>();
		try (Stream<Path> files = Files.walk(SharedCorpora.path("ccda"))) {
			files.filter(p -> p.toString().toLowerCase().endsWith(".xml")).forEach(documents::add);
		}
		int read = 0;
		int entries = 0;
		List<String> refused = new ArrayList<>();
		for (Path p : documents) {
			byte[] xml = Files.readAllBytes(p);
			if (!new String(xml, 0, Math.min(xml.length, 4000), StandardCharsets.UTF_8).contains("ClinicalDocument")) {
				continue; // a fragment (a section or an entry), not a document
			}
			try {
				CcdaReading r = CcdaReading.read(xml);
				read++;
				entries += r.entries().size();
			} catch (IOException e) {
				refused.add(p.getFileName() + ": " + e.getMessage());
			}
		}
		System.out.println("C-CDA corpus: " + read + " documents read, " + entries + " entries; refused " + refused);
		assertThat(read).isGreaterThan(50);
		assertThat(entries).isGreaterThan(read * 5);
		assertThat(refused).allSatisfy(reason -> assertThat(reason).containsAnyOf("not well-formed", "not a CDA document",
				"names no patient"));
	}
}

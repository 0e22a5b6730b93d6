package org.custodian.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.custodian.access.EmergencyAccess;
import org.custodian.access.Role;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ChartReaderIT extends ChartTest {

	@Autowired
	ChartReader charts;
	@Autowired
	EmergencyAccess emergencies;

	private String patient;

	@BeforeEach
	void aPatientWithARecord() {
		Patient p = Fixtures.patient("Chart" + unique(), "Ada");
		p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1950-02-03"));
		p.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", "restricted");
		patient = create(p);
		Condition diabetes = new Condition();
		diabetes.setSubject(new Reference("Patient/" + patient));
		diabetes.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "44054006", "Diabetes mellitus type 2")));
		diabetes.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
		diabetes.setOnset(new DateTimeType("2001-05-06"));
		create(diabetes);
		AllergyIntolerance peanut = new AllergyIntolerance();
		peanut.setPatient(new Reference("Patient/" + patient));
		peanut.setCode(new CodeableConcept().setText("Peanut"));
		peanut.setCriticality(AllergyIntolerance.AllergyIntoleranceCriticality.HIGH);
		create(peanut);
		for (int i = 0; i < 3; i++) {
			Observation weight = new Observation();
			weight.setStatus(Observation.ObservationStatus.FINAL);
			weight.setSubject(new Reference("Patient/" + patient));
			weight.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
					"vital-signs", null)));
			weight.setCode(new CodeableConcept(new Coding("http://loinc.org", "29463-7", "Body weight")));
			weight.setEffective(new DateTimeType("2020-0" + (i + 1) + "-01T10:00:00Z"));
			weight.getValueQuantity().setValue(80 + i).setUnit("kg");
			create(weight);
		}
		DocumentReference note = new DocumentReference();
		note.setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT);
		note.setSubject(new Reference("Patient/" + patient));
		note.setType(new CodeableConcept().setText("Progress note"));
		note.setDate(new Date());
		note.addContent().getAttachment().setContentType("text/plain")
				.setData("Patient doing well. <script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
		create(note);
	}

	@Test
	void showsIdentityWarningsSectionsTrendsAndNotesToHimStaff() {
		Chart chart = charts.open(reader("him-" + unique(), Role.HIM, "HOPERAT", null), patient);

		assertThat(chart.identity().id()).isEqualTo(patient);
		assertThat(chart.identity().name()).startsWith("Ada Chart");
		assertThat(chart.identity().birthDate()).isEqualTo("1950-02-03");
		assertThat(chart.warnings()).extracting(Chart.Warning::kind)
				.containsExactlyInAnyOrder(Chart.Warning.Kind.SENSITIVE, Chart.Warning.Kind.ALLERGY);
		assertThat(chart.warnings()).extracting(Chart.Warning::text).contains("Allergy: Peanut (high risk)");
		assertThat(chart.section("problems").entries()).singleElement().satisfies(e -> {
			assertThat(e.what()).isEqualTo("Diabetes mellitus type 2");
			assertThat(e.when()).isEqualTo("2001-05-06");
			assertThat(e.status()).isEqualTo("active");
		});
		assertThat(chart.trends()).singleElement().satisfies(t -> {
			assertThat(t.name()).isEqualTo("Body weight");
			assertThat(t.values()).containsExactly(80, 81, 82);
			assertThat(t.latest()).isEqualTo("82");
		});
		// Kept as text: the page escapes it, so the markup never runs.
		assertThat(chart.documents()).singleElement().satisfies(d -> assertThat(d.text()).contains("<script>"));
	}

	@Test
	void recordsTheOpeningWithEveryResourceShown() {
		String user = "him-" + unique();
		charts.open(reader(user, Role.HIM, "HOPERAT", null), patient);

		List<Map<String, Object>> trail = trailOf(user);
		assertThat(trail).last().satisfies(r -> {
			assertThat(r).containsEntry("category", "screen").containsEntry("subtype", "chart").containsEntry("outcome", 0)
					.containsEntry("patients", "Patient/" + patient);
			assertThat((Integer) r.get("entities")).isEqualTo(7); // the patient, 1 condition, 1 allergy, 3 weights, 1 note
		});
	}

	@Test
	void refusesAClinicianWithoutATreatmentRelationshipAndRecordsTheRefusal() {
		String dr = create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Doc")));
		String user = "dr-" + unique();

		assertThatThrownBy(() -> charts.open(reader(user, Role.CLINICIAN, "TREAT", "Practitioner/" + dr), patient))
				.isInstanceOfSatisfying(CustodianException.Forbidden.class,
						e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_NO_TREATMENT_RELATIONSHIP));

		assertThat(trailOf(user)).last().satisfies(r -> assertThat(r).containsEntry("subtype", "chart")
				.containsEntry("outcome", 4).containsEntry("detail", "403 CUS-5006"));
	}

	@Test
	void opensToAClinicianOnTheCareTeam() {
		String dr = create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Doc")));
		CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE).setSubject(new Reference("Patient/" + patient));
		team.addParticipant().setMember(new Reference("Practitioner/" + dr));
		create(team);

		Chart chart = charts.open(reader("dr-" + unique(), Role.CLINICIAN, "TREAT", "Practitioner/" + dr), patient);

		assertThat(chart.section("problems").entries()).hasSize(1);
		assertThat(chart.emergency()).isFalse();
	}

	@Test
	void opensUnderBreakTheGlassAndSaysSo() {
		String dr = create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Doc")));
		String user = "dr-" + unique();
		emergencies.breakTheGlass(reader(user, Role.CLINICIAN, "TREAT", "Practitioner/" + dr), patient,
				"Unconscious in the emergency department", "ETREAT");

		Chart chart = charts.open(reader(user, Role.CLINICIAN, "ETREAT", "Practitioner/" + dr), patient);

		assertThat(chart.emergency()).isTrue();
		assertThat(chart.section("problems").entries()).hasSize(1);
	}

	@Test
	void flagsAVipToThePrivacyOfficerAndHidesTheRecordFromOthers() {
		Patient vip = Fixtures.patient("Vip" + unique(), "Val");
		vip.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "V", "very restricted");
		String id = create(vip);

		assertThat(charts.open(reader("po-" + unique(), Role.PRIVACY_OFFICER, "HOPERAT", null), id).warnings())
				.extracting(Chart.Warning::kind).containsExactly(Chart.Warning.Kind.VIP);
		assertThatThrownBy(() -> charts.open(reader("him-" + unique(), Role.HIM, "HOPERAT", null), id))
				.isInstanceOf(CustodianException.NotFound.class);
	}

	@Test
	void aMissingPatientIsNotFound() {
		assertThatThrownBy(() -> charts.open(reader("him-" + unique(), Role.HIM, "HOPERAT", null), "no-such-" + unique()))
				.isInstanceOf(CustodianException.NotFound.class);
	}
}

package org.custodian.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Sensitive data labelled as it is written, by rules stored as data. */
class SensitivityLabellingIT extends AccessTest {

	private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	private static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

	@Autowired
	SensitivityLabelling labelling;

	private String patient;

	@BeforeEach
	void aPatient() {
		patient = create(Fixtures.patient("Labelled" + unique(), "Lee"));
	}

	@Test
	void anHivDiagnosisIsLabelledAsWrittenAndSearchableByItsLabel() {
		String id = create(condition(ICD10CM, "B20"));
		Condition stored = fhir.get("Condition/" + id).as(Condition.class);
		assertThat(labels(stored.getMeta().getSecurity())).containsExactly(ACT_CODE + "|HIV");
		assertThat(ids(fhir.get("Condition?_id=" + id + "&_security=" + ACT_CODE + "|HIV").as(Bundle.class)))
				.as("the label is searchable").containsExactly(id);

		String hypertension = create(condition(ICD10CM, "I10"));
		assertThat(fhir.get("Condition/" + hypertension).as(Condition.class).getMeta().getSecurity()).isEmpty();
	}

	@Test
	void aLabelARuleAddsCannotBeRemovedByWritingTheResourceAgain() {
		String id = create(condition(ICD10CM, "F32.9"));
		Condition stored = fhir.get("Condition/" + id).as(Condition.class);
		assertThat(labels(stored.getMeta().getSecurity())).containsExactly(ACT_CODE + "|PSY");
		stored.getMeta().getSecurity().clear();
		stored.setNote(List.of(new org.hl7.fhir.r4.model.Annotation().setText("edited")));
		assertThat(fhir.put("Condition/" + id, stored).status()).isEqualTo(200);
		assertThat(labels(fhir.get("Condition/" + id).as(Condition.class).getMeta().getSecurity()))
				.containsExactly(ACT_CODE + "|PSY");
	}

	@Test
	void aRuleCanNameAStoredValueSet() {
		String url = "http://example.org/fhir/ValueSet/abuse-screening-" + unique();
		ValueSet vs = new ValueSet();
		vs.setUrl(url).setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
		vs.getCompose().addInclude().setSystem("http://loinc.org").addConcept().setCode("76499-3");
		create(vs);
		String rule = "abuse-screening-" + unique();
		labelling.save(new SensitivityLabelling.Rule(rule, "Abuse screening", List.of("Observation.code"), null, null, null,
				url, new Sensitivity.Label(ACT_CODE, "SDV"), true, java.time.Instant.now(), "test"), "test");
		try {
			Observation screening = Fixtures.heartRate("Patient/" + patient);
			screening.getCode().getCodingFirstRep().setCode("76499-3");
			String id = create(screening);
			assertThat(labels(fhir.get("Observation/" + id).as(Observation.class).getMeta().getSecurity()))
					.containsExactly(ACT_CODE + "|SDV");
			assertThat(labelling.rules()).anyMatch(r -> r.id().equals(rule) && r.changedBy().equals("test"));
		} finally {
			labelling.enable(rule, false, "test");
		}
	}

	@Test
	void aDisabledRuleLabelsNothingUntilEnabled() {
		String before = create(condition(ICD10CM, "F10.20"));
		assertThat(fhir.get("Condition/" + before).as(Condition.class).getMeta().getSecurity())
				.as("substance use ships disabled: Part 2 applies to Part 2 programs").isEmpty();
		String dr = create(practitioner("Labels"));
		create(careTeam(patient, dr, org.hl7.fhir.r4.model.CareTeam.CareTeamStatus.ACTIVE));
		assertThat(clinician(dr).get("Condition/" + before).status()).isEqualTo(200);
		labelling.enable("substance-use-icd10cm", true, "test");
		try {
			String after = create(condition(ICD10CM, "F10.20"));
			assertThat(labels(fhir.get("Condition/" + after).as(Condition.class).getMeta().getSecurity()))
					.containsExactly(ACT_CODE + "|ETH");
			assertThat(clinician(dr).get("Condition/" + after).status()).as("42 CFR Part 2: not without consent")
					.isEqualTo(404);
		} finally {
			labelling.enable("substance-use-icd10cm", false, "test");
		}
		assertThat(jdbc.queryForList("select detail from audit_event where subtype = 'labelling-rule' and actor = 'test'"
				+ " and entities = '{labelling-rule/substance-use-icd10cm}' order by seq desc limit 2", String.class))
				.as("each change recorded in the audit trail").containsExactly("disabled", "enabled");
	}

	@Test
	void refusesRulesTheGateCouldNotEnforce() {
		assertThatThrownBy(() -> labelling.save(rule("x-" + unique(), "http://example.org|SECRET", null), "test"))
				.hasMessageContaining("marks no sensitivity");
		assertThatThrownBy(() -> labelling.save(rule("y-" + unique(), ACT_CODE + "|HIV", "http://example.org/ValueSet/none"),
				"test")).hasMessageContaining("not stored");
		assertThatThrownBy(() -> labelling.save(rule("Bad Id", ACT_CODE + "|HIV", null), "test"))
				.hasMessageContaining("rule id");
	}

	private static SensitivityLabelling.Rule rule(String id, String label, String valueSet) {
		int bar = label.lastIndexOf('|');
		return new SensitivityLabelling.Rule(id, "test", List.of("Condition.code"), valueSet == null ? ICD10CM : null,
				valueSet == null ? List.of("Z99") : null, null, valueSet,
				new Sensitivity.Label(label.substring(0, bar), label.substring(bar + 1)), true, java.time.Instant.now(), "test");
	}

	private Condition condition(String system, String code) {
		Condition c = new Condition();
		c.setSubject(new Reference("Patient/" + patient));
		c.getCode().addCoding().setSystem(system).setCode(code);
		return c;
	}

	private static List<String> labels(List<Coding> security) {
		return security.stream().map(c -> c.getSystem() + "|" + c.getCode()).toList();
	}
}

package org.custodian.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A patient's privacy consent, enforced by the gate at every read and search: opt-outs, denials of
 * one clinician, one type or one kind of sensitive data, purposes of use, permissions that open
 * substance-use records to a named clinician (42 CFR Part 2), and withdrawal.
 */
class ConsentIT extends AccessTest {

	private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

	private String family;
	private String patient;
	private String drA;
	private String drB;
	private String careTeam;
	private String observation;
	private String hivCondition;
	private String substanceUse;

	@BeforeEach
	void aPatientTreatedByTwoClinicians() {
		family = "Consenting" + unique();
		patient = create(Fixtures.patient(family, "Cora"));
		drA = create(practitioner("A"));
		drB = create(practitioner("B"));
		CareTeam team = careTeam(patient, drA, CareTeam.CareTeamStatus.ACTIVE);
		team.addParticipant().setMember(new Reference("Practitioner/" + drB));
		careTeam = create(team);
		observation = create(Fixtures.heartRate("Patient/" + patient));
		hivCondition = create(labelled(condition("86406008"), "HIV"));
		substanceUse = create(labelled(condition("7200002"), "ETH"));
	}

	@Test
	void anOptOutWithholdsTheWholeRecordFromClinicians() {
		create(consent(ConsentProvisionType.DENY));
		FhirHttp a = clinician(drA);
		assertWithheld(a.get("Observation/" + observation));
		assertWithheld(a.get("Patient/" + patient));
		assertThat(a.get("Observation?subject=Patient/" + patient + "&_total=accurate").as(Bundle.class).getTotal()).isZero();
		assertThat(ids(a.get("Patient?family=" + family).as(Bundle.class))).isEmpty();
		assertThat(ids(a.get("CareTeam?_id=" + careTeam + "&_include=CareTeam:subject").as(Bundle.class))).isEmpty();
		assertThat(ids(a.get("Practitioner?_id=" + drA + "&_has:Observation:performer:subject=Patient/" + patient)
				.as(Bundle.class))).isEmpty();
		Response everything = a.get("Patient/" + patient + "/$everything");
		assertThat(everything.body()).doesNotContain(family).doesNotContain(observation);

		assertThat(fhir.get("Observation/" + observation).status()).as("the privacy officer is not bound").isEqualTo(200);
		FhirHttp portal = fhir.as(token("portal-" + unique(), Set.of(Role.PATIENT), List.of("patient/*.rs"), patient));
		assertThat(portal.get("Observation/" + observation).status()).as("nor is the patient").isEqualTo(200);
		FhirHttp him = fhir.as(token("him-" + unique(), Set.of(Role.HIM), List.of("user/*.rs"), null));
		assertWithheld(him.get("Observation/" + observation));
	}

	@Test
	void breakingTheGlassSetsAnOptOutAsideForThatRecord() {
		create(consent(ConsentProvisionType.DENY));
		FhirHttp a = clinician(drA);
		assertWithheld(a.get("Observation/" + observation));
		Parameters reason = new Parameters();
		reason.addParameter().setName("reason").setValue(new StringType("Collapsed in clinic, needs history now"));
		assertThat(a.post("Patient/" + patient + "/$break-the-glass", reason).status()).isEqualTo(200);
		assertThat(a.get("Observation/" + observation).status()).isEqualTo(200);
		assertWithheld(clinician(drB).get("Observation/" + observation));
	}

	@Test
	void aDenialNamingOneClinicianWithholdsFromThemAlone() {
		Consent consent = consent(ConsentProvisionType.PERMIT);
		exception(consent, ConsentProvisionType.DENY).addActor().setReference(new Reference("Practitioner/" + drA))
				.getRole().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType").setCode("PRCP");
		create(consent);
		assertWithheld(clinician(drA).get("Observation/" + observation));
		assertThat(ids(clinician(drA).get("Observation?subject=Patient/" + patient).as(Bundle.class))).isEmpty();
		assertThat(clinician(drB).get("Observation/" + observation).status()).isEqualTo(200);
	}

	@Test
	void aDenialOfOneTypeOrOneSensitivityWithholdsOnlyThat() {
		Consent consent = consent(ConsentProvisionType.PERMIT);
		exception(consent, ConsentProvisionType.DENY).addClass_().setSystem("http://hl7.org/fhir/resource-types")
				.setCode("Observation");
		exception(consent, ConsentProvisionType.DENY).addSecurityLabel().setSystem(ACT_CODE).setCode("HIV");
		create(consent);
		FhirHttp a = clinician(drA);
		assertWithheld(a.get("Observation/" + observation));
		assertWithheld(a.get("Condition/" + hivCondition));
		assertThat(a.get("Patient/" + patient).status()).isEqualTo(200);
		Condition plain = condition("38341003");
		String hypertension = create(plain);
		assertThat(ids(a.get("Condition?subject=Patient/" + patient).as(Bundle.class))).containsExactly(hypertension);
	}

	@Test
	void aDenialForResearchLeavesTreatmentAlone() {
		Consent consent = consent(ConsentProvisionType.PERMIT);
		exception(consent, ConsentProvisionType.DENY).addPurpose().setSystem(ACT_CODE).setCode("HRESCH");
		create(consent);
		assertThat(clinician(drA).get("Observation/" + observation).status()).isEqualTo(200);
		assertWithheld(clinician(drA, "HRESCH").get("Observation/" + observation));
	}

	@Test
	void anOptOutWithAnExceptionForOneCareTeam() {
		String drC = create(practitioner("C"));
		create(careTeam(patient, drC, CareTeam.CareTeamStatus.ACTIVE));
		Consent consent = consent(ConsentProvisionType.DENY);
		exception(consent, ConsentProvisionType.PERMIT).addActor().setReference(new Reference("CareTeam/" + careTeam))
				.getRole().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-RoleClass").setCode("CAREGIVER");
		create(consent);
		assertThat(clinician(drA).get("Observation/" + observation).status()).isEqualTo(200);
		assertThat(clinician(drB).get("Observation/" + observation).status()).isEqualTo(200);
		assertWithheld(clinician(drC).get("Observation/" + observation));
	}

	@Test
	void aConsentToShareSubstanceUseRecordsOpensThemToTheNamedClinicianOnly() {
		assertWithheld(clinician(drA).get("Condition/" + substanceUse));
		Consent consent = consent(ConsentProvisionType.PERMIT);
		ProvisionComponent share = exception(consent, ConsentProvisionType.PERMIT);
		share.addActor().setReference(new Reference("Practitioner/" + drA)).getRole().addCoding()
				.setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType").setCode("IRCP");
		share.addSecurityLabel().setSystem(ACT_CODE).setCode("42CFRPart2");
		create(consent);
		assertThat(clinician(drA).get("Condition/" + substanceUse).status()).isEqualTo(200);
		assertThat(ids(clinician(drA).get("Condition?subject=Patient/" + patient).as(Bundle.class)))
				.contains(substanceUse, hivCondition);
		assertWithheld(clinician(drB).get("Condition/" + substanceUse));
	}

	@Test
	void withdrawingOrEndingAConsentRestoresAccessAtOnce() {
		Consent consent = consent(ConsentProvisionType.DENY);
		String id = create(consent);
		FhirHttp a = clinician(drA);
		assertWithheld(a.get("Observation/" + observation));
		consent.setId(id);
		consent.setStatus(Consent.ConsentState.INACTIVE);
		assertThat(fhir.put("Consent/" + id, consent).status()).isEqualTo(200);
		assertThat(a.get("Observation/" + observation).status()).isEqualTo(200);

		Consent expired = consent(ConsentProvisionType.DENY);
		expired.getProvision().getPeriod().setStart(Date.from(Instant.now().minusSeconds(86_400)))
				.setEnd(Date.from(Instant.now().minusSeconds(3_600)));
		create(expired);
		assertThat(a.get("Observation/" + observation).status()).isEqualTo(200);

		String again = create(consent(ConsentProvisionType.DENY));
		assertWithheld(a.get("Observation/" + observation));
		assertThat(fhir.delete("Consent/" + again).status()).isIn(200, 204);
		assertThat(a.get("Observation/" + observation).status()).isEqualTo(200);
	}

	@Test
	void aConsentToTreatmentRestrictsNothing() {
		Consent treatment = consent(ConsentProvisionType.DENY);
		treatment.getScope().getCodingFirstRep().setCode("treatment");
		create(treatment);
		assertThat(clinician(drA).get("Observation/" + observation).status()).isEqualTo(200);
	}

	// --- helpers -------------------------------------------------------------------------------

	/** An active privacy consent of the patient whose root provision is {@code type}. */
	private Consent consent(ConsentProvisionType type) {
		Consent c = new Consent();
		c.setStatus(Consent.ConsentState.ACTIVE).setPatient(new Reference("Patient/" + patient));
		c.getScope().addCoding().setSystem(ConsentProvisions.SCOPE_SYSTEM).setCode("patient-privacy");
		c.addCategory().addCoding().setSystem("http://loinc.org").setCode("59284-0");
		c.getPolicyRule().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("OPTIN");
		c.getProvision().setType(type);
		return c;
	}

	private static ProvisionComponent exception(Consent consent, ConsentProvisionType type) {
		return consent.getProvision().addProvision().setType(type);
	}

	private Condition condition(String snomed) {
		Condition c = new Condition();
		c.setSubject(new Reference("Patient/" + patient));
		c.getCode().addCoding().setSystem("http://snomed.info/sct").setCode(snomed);
		return c;
	}

	private static <T extends org.hl7.fhir.r4.model.Resource> T labelled(T resource, String code) {
		resource.getMeta().addSecurity().setSystem(ACT_CODE).setCode(code);
		return resource;
	}

	private void assertWithheld(Response r) {
		assertThat(r.status()).as(r.body()).isEqualTo(404);
		assertThat(r.body()).doesNotContain(family);
	}
}

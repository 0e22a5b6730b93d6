package org.custodian.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every role against the shipped policies, each with a token claiming everything
 * ({@code system/*.cruds}, or {@code patient/*.cruds} for the patient): which interactions on a
 * patient's record, a directory entry and the audit trail are allowed, and that every refusal is a
 * 403 carrying none of the patient's data.
 */
class RoleMatrixIT extends AccessTest {

	private String family;
	private String patient;
	private String observation;
	private String practitioner;

	@BeforeEach
	void aRecord() {
		family = "Matrix" + unique();
		patient = create(Fixtures.patient(family, "Max"));
		observation = create(Fixtures.heartRate("Patient/" + patient));
		practitioner = create(practitioner("Matrix"));
	}

	@Test
	void eachRoleMayDoWhatItsPolicySaysAndNothingElse() {
		// role: read Observation, search Observation, create Observation, update Observation, delete Observation,
		// update Practitioner, search AuditEvent
		check(Role.HIM, "yyyyn" + "y" + "y");
		check(Role.CODER, "yynnn" + "n" + "y");
		check(Role.ROI, "yynnn" + "n" + "y");
		check(Role.PRIVACY_OFFICER, "yynnn" + "n" + "y");
		check(Role.INTEGRATION, "yyyyy" + "y" + "y");
		check(Role.AUDITOR, "nnnnn" + "n" + "y");
		check(Role.ADMINISTRATOR, "nnnnn" + "y" + "n");
		check(Role.RESEARCHER, "nnnnn" + "n" + "n");
		check(Role.PATIENT, "yyyyn" + "n" + "y");
	}

	private void check(Role role, String expected) {
		List<String> scopes = List.of(role == Role.PATIENT ? "patient/*.cruds" : "system/*.cruds");
		FhirHttp as = fhir.as(token(role.externalName() + "-" + unique(), Set.of(role), scopes,
				role == Role.PATIENT ? patient : null));
		Observation changed = Fixtures.heartRate("Patient/" + patient);
		changed.setId(observation);
		Practitioner renamed = practitioner("Renamed");
		renamed.setId(practitioner);
		Response[] responses = {as.get("Observation/" + observation), as.get("Observation?subject=Patient/" + patient),
				as.post("Observation", Fixtures.heartRate("Patient/" + patient)), as.put("Observation/" + observation, changed),
				null, as.put("Practitioner/" + practitioner, renamed), as.get("AuditEvent?_count=1")};
		for (int i = 0; i < responses.length; i++) {
			if (i == 4) {
				continue; // the delete runs last: it removes the observation the others use
			}
			assertOutcome(role, i, expected.charAt(i), responses[i]);
		}
		String toDelete = create(Fixtures.heartRate("Patient/" + patient));
		assertOutcome(role, 4, expected.charAt(4), as.delete("Observation/" + toDelete));
	}

	private void assertOutcome(Role role, int what, char expected, Response r) {
		String label = role.externalName() + " #" + what + ": " + r.body();
		if (expected == 'y') {
			assertThat(r.status()).as(label).isBetween(200, 299);
		} else {
			assertThat(r.status()).as(label).isEqualTo(403);
			assertThat(r.errorCode()).as(label).isEqualTo("CUS-5002");
			assertThat(r.body()).as(label).doesNotContain(family).doesNotContain(observation);
		}
	}
}

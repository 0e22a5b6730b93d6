package org.custodian.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Roles as data: a token reaches no further than its roles' stored, versioned policies permit. */
class RolePoliciesIT extends AccessTest {

	@Autowired
	RolePolicies policies;

	@Test
	void aRoleDoesOnlyWhatItsPolicyPermitsWhateverItsTokenSays() {
		String patient = create(Fixtures.patient("Policy" + unique(), "Pat"));
		FhirHttp admin = fhir.as(token("admin-" + unique(), Set.of(Role.ADMINISTRATOR), List.of("system/*.cruds"), null));
		assertThat(admin.post("Practitioner", practitioner("Directory")).status()).isEqualTo(201);
		assertThat(admin.get("Patient/" + patient).status()).as("no patient data for administrators").isEqualTo(403);
		assertThat(admin.get("Patient/" + patient).body()).doesNotContain("Policy");

		FhirHttp coder = fhir.as(token("coder-" + unique(), Set.of(Role.CODER), List.of("system/*.cruds"), null));
		String observation = create(Fixtures.heartRate("Patient/" + patient));
		assertThat(coder.get("Observation/" + observation).status()).isEqualTo(200);
		assertThat(coder.post("Condition", diagnosis(patient)).status()).isEqualTo(201);
		assertThat(coder.delete("Observation/" + observation).status()).as("coders delete nothing").isEqualTo(403);
		assertThat(fhir.get("Observation/" + observation).status()).isEqualTo(200);

		FhirHttp both = fhir.as(token("admin-coder-" + unique(), Set.of(Role.ADMINISTRATOR, Role.CODER),
				List.of("system/*.rs"), null));
		assertThat(both.get("Patient/" + patient).status()).as("roles' permissions add up").isEqualTo(200);
		assertThat(both.post("Condition", diagnosis(patient)).status()).as("but never beyond the token's scopes")
				.isEqualTo(403);
	}

	@Test
	void aChangedPolicyAppliesAtOnceAndEveryVersionIsKept() {
		String patient = create(Fixtures.patient("Nursed" + unique(), "Nia"));
		String nurse = create(practitioner("Nurse"));
		create(careTeam(patient, nurse, CareTeam.CareTeamStatus.ACTIVE));
		Condition hiv = diagnosis(patient);
		hiv.getMeta().addSecurity().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("HIV");
		String labelled = create(hiv);
		String client = "nurse-" + unique();
		tokens.registerClient(client, "test", Set.of(Role.NURSE), List.of("user/*.rs"), "Practitioner/" + nurse);
		FhirHttp asNurse = fhir.as(tokens.issue(client, List.of("user/*.rs"), null, null));
		assertThat(asNurse.get("Condition/" + labelled).status()).isEqualTo(200);

		RolePolicy before = policies.current().get(Role.NURSE);
		Set<Sensitivity> narrower = EnumSet.copyOf(before.clearances());
		narrower.remove(Sensitivity.HIV);
		RolePolicy changed = policies.change(Role.NURSE, "*.crus", narrower, true, false, false, false, false, "privacy-officer-1",
				"Nurses no longer see HIV status by default");
		try {
			assertThat(changed.version()).isEqualTo(before.version() + 1);
			assertThat(asNurse.get("Condition/" + labelled).status()).as("the same token, the new policy").isEqualTo(404);
		} finally {
			policies.change(Role.NURSE, "*.crus", before.clearances(), true, false, false, false, false, "privacy-officer-1",
					"Restored after the test of a policy change");
		}
		assertThat(asNurse.get("Condition/" + labelled).status()).isEqualTo(200);
		List<RolePolicy> history = policies.history(Role.NURSE);
		assertThat(history.get(1).reason()).isEqualTo("Nurses no longer see HIV status by default");
		assertThat(history.get(1).changedBy()).isEqualTo("privacy-officer-1");
		assertThat(history.get(1).clearances()).doesNotContain(Sensitivity.HIV);
		assertThat(history).extracting(RolePolicy::version).startsWith(changed.version() + 1, changed.version());
		assertThat(jdbc.queryForObject("select detail from audit_event where subtype = 'role-policy' and entities = ?::text[]",
				String.class, "{role-policy/nurse v" + changed.version() + "}")).as("recorded in the audit trail")
				.isEqualTo("Nurses no longer see HIV status by default");
	}

	@Test
	void aPatientReachesOnlyTheirOwnRecordWhateverScopesTheirTokenClaims() {
		String me = create(Fixtures.patient("Own" + unique(), "Olu"));
		String other = create(Fixtures.patient("Other" + unique(), "Oz"));
		String otherObservation = create(Fixtures.heartRate("Patient/" + other));
		String client = "escalating-patient-" + unique();
		tokens.registerClient(client, "test", Set.of(Role.PATIENT), List.of("user/*.rs", "system/*.rs"), "Patient/" + me);
		FhirHttp escalated = fhir.as(tokens.issue(client, List.of("user/*.rs", "system/*.rs"), null, null));
		assertThat(escalated.get("Patient/" + me).status()).isEqualTo(200);
		assertThat(escalated.get("Patient/" + other).status()).isEqualTo(404);
		assertThat(escalated.get("Observation/" + otherObservation).status()).isEqualTo(404);
		assertThat(escalated.get("Observation?subject=Patient/" + other).body()).doesNotContain(otherObservation);

		String nobody = "patient-without-record-" + unique();
		tokens.registerClient(nobody, "test", Set.of(Role.PATIENT), List.of("user/*.rs"));
		FhirHttp unknown = fhir.as(tokens.issue(nobody, List.of("user/*.rs"), null, null));
		assertThat(unknown.get("Patient/" + other).status()).as("no record of its own: nothing").isEqualTo(404);
	}

	@Test
	void refusesAPolicyChangeWithoutAReasonOrWithPermissionsItCannotRead() {
		RolePolicy before = policies.current().get(Role.ROI);
		assertThatThrownBy(() -> policies.change(Role.ROI, "*.rs", before.clearances(), false, false, false, false, false, "x", "because"))
				.hasMessageContaining("reason");
		assertThatThrownBy(() -> policies.change(Role.ROI, "*.sr", before.clearances(), false, false, false, false, false, "x",
				"Reordered letters are refused")).hasMessageContaining("Type.cruds");
		assertThatThrownBy(() -> policies.change(Role.ROI, "observation.rs", before.clearances(), false, false, false, false, false, "x",
				"Lower-case types are refused")).hasMessageContaining("Type.cruds");
		assertThat(policies.current().get(Role.ROI).version()).isEqualTo(before.version());
	}

	private static Condition diagnosis(String patient) {
		Condition c = new Condition();
		c.setSubject(new Reference("Patient/" + patient));
		c.getCode().addCoding().setSystem("http://hl7.org/fhir/sid/icd-10-cm").setCode("I10");
		return c;
	}
}

package org.custodian.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.custodian.support.ErrorCode;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The gate reports each decision, allowed and refused, to its audit hook, naming who, what and why. */
class AccessDecisionsIT extends AccessTest {

	@Autowired
	AccessDecisions decisions;

	@Test
	void reportsAllowedAndRefusedInteractionsWithTheirReason() throws Exception {
		String client = "hooked-" + unique();
		FhirHttp patientsOnly = fhir.as(token(client, Set.of(Role.INTEGRATION), List.of("system/Patient.rs"), null));
		String patient = create(Fixtures.patient("Hooked" + unique(), "Ida"));
		List<AccessDecision> seen = new CopyOnWriteArrayList<>();
		try (AutoCloseable s = decisions.subscribe(d -> {
			if (d.client().equals(client)) {
				seen.add(d);
			}
		})) {
			assertThat(patientsOnly.get("Patient/" + patient).status()).isEqualTo(200);
			assertThat(patientsOnly.get("Observation?subject=Patient/" + patient).status()).isEqualTo(403);
		}
		assertThat(seen).extracting(AccessDecision::action, AccessDecision::type, AccessDecision::permitted,
				AccessDecision::refusal).containsExactly(
						org.assertj.core.groups.Tuple.tuple("read", "Patient", true, null),
						org.assertj.core.groups.Tuple.tuple("search", "Observation", false, ErrorCode.ACCESS_SCOPE_INSUFFICIENT));
		assertThat(seen.get(0).roles()).containsExactly("integration");
		assertThat(seen.get(0).purpose()).isEqualTo("TREAT");
		assertThat(seen.get(0).origin()).isEqualTo("127.0.0.1");
	}

	@Test
	void reportsARefusedRecordAndTheGlassBrokenWithThePatientConcerned() throws Exception {
		String dr = create(practitioner("Hook"));
		String patient = create(Fixtures.patient("Glass" + unique(), "Gil"));
		FhirHttp doctor = clinician(dr);
		List<AccessDecision> seen = new CopyOnWriteArrayList<>();
		try (AutoCloseable s = decisions.subscribe(d -> {
			if (d.actor().startsWith("clinician-") && ("record".equals(d.action()) || "break-the-glass".equals(d.action()))) {
				seen.add(d);
			}
		})) {
			assertThat(doctor.get("Patient/" + patient + "/$everything").status()).isEqualTo(403);
			Parameters reason = new Parameters();
			reason.addParameter().setName("reason").setValue(new StringType("Arrived by ambulance, unresponsive"));
			assertThat(doctor.post("Patient/" + patient + "/$break-the-glass", reason).status()).isEqualTo(200);
			assertThat(doctor.get("Patient/" + patient + "/$everything").status()).isEqualTo(200);
		}
		assertThat(seen).extracting(AccessDecision::action, AccessDecision::permitted).containsExactly(
				org.assertj.core.groups.Tuple.tuple("record", false), org.assertj.core.groups.Tuple.tuple("break-the-glass", true),
				org.assertj.core.groups.Tuple.tuple("record", true));
		assertThat(seen.get(0).refusal()).isEqualTo(ErrorCode.ACCESS_NO_TREATMENT_RELATIONSHIP);
		assertThat(seen.get(1).patient()).isEqualTo(seen.get(0).patient()).isNotNull();
		assertThat(seen.get(2).emergency()).as("the record is reached under emergency access").contains(seen.get(0).patient());
	}
}

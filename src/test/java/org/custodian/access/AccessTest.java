package org.custodian.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Tests of the access gate over HTTP: the callers (clinicians by practitioner) and the records they reach. */
abstract class AccessTest extends ServerTest {

	protected FhirHttp clinician(String practitioner) {
		return clinician(practitioner, null);
	}

	/** A clinician acting as {@code Practitioner/practitioner}, for {@code purpose} of use (null: treatment). */
	protected FhirHttp clinician(String practitioner, String purpose) {
		String client = "clinician-" + unique();
		tokens.registerClient(client, "test", Set.of(Role.CLINICIAN), List.of("user/*.rs"), "Practitioner/" + practitioner);
		return fhir.as(tokens.issue(client, List.of("user/*.rs"), null, purpose));
	}

	protected static CareTeam careTeam(String patient, String practitioner, CareTeam.CareTeamStatus status) {
		CareTeam team = new CareTeam();
		team.setStatus(status).setSubject(new Reference("Patient/" + patient));
		team.addParticipant().setMember(new Reference("Practitioner/" + practitioner));
		return team;
	}

	protected static Practitioner practitioner(String name) {
		Practitioner p = new Practitioner();
		p.addName().setFamily("Doctor" + name);
		return p;
	}

	protected static Encounter encounter(String patient, String practitioner, int endedDaysAgo) {
		Encounter e = new Encounter();
		e.setStatus(Encounter.EncounterStatus.FINISHED).setSubject(new Reference("Patient/" + patient));
		e.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
		e.addParticipant().setIndividual(new Reference("Practitioner/" + practitioner));
		Instant end = Instant.now().minus(java.time.Duration.ofDays(endedDaysAgo));
		e.getPeriod().setStart(Date.from(end.minus(java.time.Duration.ofHours(1)))).setEnd(Date.from(end));
		return e;
	}

	protected String create(Resource resource) {
		Response r = fhir.post(resource.fhirType(), resource);
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return new IdType(r.header("Location")).getIdPart();
	}

	protected static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(res -> !(res instanceof org.hl7.fhir.r4.model.OperationOutcome))
				.map(res -> res.getIdElement().getIdPart()).toList();
	}

	protected static String unique() {
		return Long.toString(System.nanoTime(), 36);
	}
}

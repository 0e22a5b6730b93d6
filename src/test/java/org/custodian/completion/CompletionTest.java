package org.custodian.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Chart-completion tests over HTTP: the clinicians (by practitioner, on their patients' care teams) and what they write. */
abstract class CompletionTest extends ServerTest {

	/** Letters only, so names made with it are searchable as names. */
	protected final String tag = Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");

	protected String create(Resource r) {
		Response created = fhir.post(r.fhirType(), r);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new IdType(created.header("Location")).getIdPart();
	}

	protected String practitioner(String family) {
		Practitioner p = new Practitioner();
		p.addName().setFamily(family + tag);
		return create(p);
	}

	/** A clinician acting as the practitioner, on the care team of {@code patient}. */
	protected FhirHttp clinician(String practitioner, String patient) {
		CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE).setSubject(new Reference("Patient/" + patient));
		team.addParticipant().setMember(new Reference("Practitioner/" + practitioner));
		create(team);
		String client = "clinician-" + practitioner + "-" + tag;
		tokens.registerClient(client, "test", Set.of(Role.CLINICIAN), List.of("user/*.cruds"), "Practitioner/" + practitioner);
		return fhir.as(tokens.issue(client, List.of("user/*.cruds"), null, null));
	}

	protected static ParametersParameterComponent part(ParametersParameterComponent p, String name) {
		return p.getPart().stream().filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
	}
}

package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** Patient/$ihe-pix (IHE PIXm ITI-83): a person's identifiers across assigning authorities, merges followed. */
class CrossReferencesIT extends ServerTest {

	private final String tag = Long.toString(System.nanoTime(), 36);
	private final String hospital = "urn:oid:1.2.3." + System.nanoTime();
	private final String clinic = "urn:oid:1.2.4." + System.nanoTime();
	private final String nationalId = "urn:oid:2.16.840.1.113883.4.1";

	private String patient(String system, String value, String ssn) {
		Patient p = new Patient();
		p.addName().setFamily("Pix").addGiven("Quinn");
		p.addIdentifier().setSystem(system).setValue(value);
		if (ssn != null) {
			p.addIdentifier().setSystem(nationalId).setValue(ssn);
		}
		Response r = fhir.post("Patient", p);
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return new IdType(r.header("Location")).getIdPart();
	}

	private FhirHttp him() {
		return fhir.as(token("him-pix-" + tag, Set.of(Role.HIM), List.of("user/*.crus"), null));
	}

	@Test
	void findsEveryIdentifierOfThePersonAcrossMergedCharts() {
		String a = patient(hospital, "H-" + tag, "999-" + tag);
		String b = patient(clinic, "C-" + tag, null);
		Parameters merge = new Parameters();
		merge.addParameter("source-patient", new Reference("Patient/" + a));
		merge.addParameter("target-patient", new Reference("Patient/" + b));
		merge.addParameter("reason", new StringType("same person registered at both sites"));
		assertThat(him().post("Patient/$merge", merge).status()).isEqualTo(200);
		FhirHttp him = him();

		Response all = him.get("Patient/$ihe-pix?sourceIdentifier=" + hospital + "|H-" + tag);
		Response clinicOnly = him.get("Patient/$ihe-pix?sourceIdentifier=" + hospital + "|H-" + tag + "&targetSystem=" + clinic);

		assertThat(all.status()).as(all.body()).isEqualTo(200);
		Parameters out = all.as(Parameters.class);
		assertThat(out.getParameter().stream().filter(p -> p.getName().equals("targetIdentifier"))
				.map(p -> ((Identifier) p.getValue()).getSystem() + "|" + ((Identifier) p.getValue()).getValue()))
				.containsExactlyInAnyOrder(clinic + "|C-" + tag, nationalId + "|999-" + tag);
		assertThat(out.getParameter().stream().filter(p -> p.getName().equals("targetId"))
				.map(p -> ((Reference) p.getValue()).getReference())).containsExactly("Patient/" + b, "Patient/" + a);
		assertThat(clinicOnly.as(Parameters.class).getParameter().stream().filter(p -> p.getName().equals("targetIdentifier"))
				.map(p -> ((Identifier) p.getValue()).getValue())).containsExactly("C-" + tag);
		assertThat(jdbc.queryForList("select array_to_string(patients, ' ') from audit_event where subtype = '$ihe-pix'"
				+ " and client = ?", String.class, "him-pix-" + tag)).isNotEmpty().allSatisfy(p -> assertThat(p).contains("Patient/" + b));
	}

	@Test
	void answersAsPixmSaysWhenTheIdentifierOrADomainIsUnknown() {
		patient(hospital, "H-" + tag, null);
		FhirHttp him = him();

		Response unknownPatient = him.get("Patient/$ihe-pix?sourceIdentifier=" + hospital + "|nobody");
		Response unknownDomain = him.get("Patient/$ihe-pix?sourceIdentifier=urn:oid:9.9.9." + tag.length() + tag + "|H-" + tag);
		Response unknownTarget = him.get("Patient/$ihe-pix?sourceIdentifier=" + hospital + "|H-" + tag
				+ "&targetSystem=urn:oid:8.8.8");

		assertThat(unknownPatient.status()).isEqualTo(404);
		assertThat(unknownPatient.body()).contains("sourceIdentifier Patient Identifier not found");
		assertThat(unknownDomain.status()).isEqualTo(400);
		assertThat(unknownDomain.body()).contains("sourceIdentifier Assigning Authority not found").contains("code-invalid");
		assertThat(unknownTarget.status()).isEqualTo(403);
		assertThat(unknownTarget.body()).contains("targetSystem not found");
	}
}

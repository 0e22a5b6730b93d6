package org.custodian.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** The patient's own copy of their whole record, at once, with no one on staff involved, and recorded. */
class RightOfAccessIT extends ServerTest {

	private final String tag = Long.toString(System.nanoTime(), 36);

	private String create(Resource r) {
		Response created = fhir.post(r.fhirType(), r);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new IdType(created.header("Location")).getIdPart();
	}

	@Test
	void aPatientTakesTheirWholeRecordSensitiveRecordsIncludedAndTheAccessHistoryShowsIt() {
		String mine = create(Fixtures.patient("Own" + tag.replaceAll("[0-9]", ""), "Olga"));
		Condition hiv = new Condition().setSubject(new Reference("Patient/" + mine));
		hiv.getCode().setText("HIV infection");
		hiv.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HIV", null);
		create(hiv);
		String theirs = create(Fixtures.patient("Else" + tag.replaceAll("[0-9]", ""), "Ed"));
		Condition other = new Condition().setSubject(new Reference("Patient/" + theirs));
		other.getCode().setText("Someone else's asthma");
		create(other);
		tokens.registerClient("portal-" + tag, "patient portal", Set.of(Role.PATIENT), List.of("patient/*.rs"), "Patient/" + mine);
		FhirHttp patient = fhir.as(tokens.issue("portal-" + tag, List.of("patient/*.rs"), mine, null));

		Response copy = patient.get("Patient/$my-record?format=fhir");

		assertThat(copy.status()).as(copy.body()).isEqualTo(200);
		Bundle bundle = copy.as(Bundle.class);
		assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType()).containsExactlyInAnyOrder("Patient",
				"Condition");
		assertThat(copy.body()).contains("HIV infection").doesNotContain("Someone else");
		assertThat(jdbc.queryForObject("select count(*) from disclosure where patient = ? and not accountable", Integer.class,
				mine)).isEqualTo(1);
		assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = 'privacy-disclosure' and patients"
				+ " @> array[?]::text[]", Integer.class, "Patient/" + mine)).isEqualTo(1);

		Response ccda = patient.get("Patient/$my-record?format=ccda");
		assertThat(ccda.status()).as(ccda.body()).isEqualTo(200);
		assertThat(ccda.body()).contains("<ClinicalDocument").contains("2.16.840.1.113883.10.20.22.1.2")
				.contains("HIV infection").doesNotContain("Someone else");
		assertThat(jdbc.queryForObject("select count(*) from disclosure where patient = ? and not accountable", Integer.class,
				mine)).as("each copy is in the access history").isEqualTo(2);
		assertThat(fhir.as(token("roi-own-" + tag, Set.of(Role.ROI), List.of("user/*.rs"), null))
				.get("Patient/$my-record").status()).isEqualTo(403);
	}
}

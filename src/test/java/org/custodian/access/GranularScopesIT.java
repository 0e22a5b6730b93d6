package org.custodian.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMART v2 finer-grained scopes ({@code patient/Observation.rs?category=…|laboratory}): the scope's
 * query bounds what it reaches, in reads, searches, totals, includes and {@code $everything}, and
 * what it may write.
 */
class GranularScopesIT extends AccessTest {

	private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

	private String patient;
	private String lab;
	private String vitals;

	@BeforeEach
	void labsAndVitals() {
		patient = create(Fixtures.patient("Granular" + unique(), "Gus"));
		lab = create(categorized("laboratory"));
		vitals = create(categorized("vital-signs"));
	}

	@Test
	void aLaboratoryScopeReachesLaboratoryResultsOnly() {
		FhirHttp app = app("patient/Observation.rs?category=" + CATEGORY + "|laboratory", "patient/Patient.rs");
		assertThat(app.get("Observation/" + lab).status()).isEqualTo(200);
		assertThat(app.get("Observation/" + vitals).status()).isEqualTo(404);
		Bundle all = app.get("Observation?subject=Patient/" + patient + "&_total=accurate").as(Bundle.class);
		assertThat(ids(all)).containsExactly(lab);
		assertThat(all.getTotal()).isEqualTo(1);
		Response everything = app.get("Patient/" + patient + "/$everything");
		assertThat(everything.status()).isEqualTo(200);
		assertThat(ids(everything.as(Bundle.class))).containsExactlyInAnyOrder(patient, lab);
		assertThat(ids(app.get("Patient?_id=" + patient + "&_revinclude=Observation:subject").as(Bundle.class)))
				.containsExactlyInAnyOrder(patient, lab);
		assertThat(app.get("Condition?subject=Patient/" + patient).status()).as("no scope for conditions").isEqualTo(403);
	}

	@Test
	void aScopeWhoseQueryCannotBeEnforcedGrantsNothing() {
		FhirHttp app = app("patient/Observation.rs?subject.name=Gus");
		assertThat(app.get("Observation/" + lab).status()).isEqualTo(404);
		assertThat(ids(app.get("Observation?subject=Patient/" + patient).as(Bundle.class))).isEmpty();
	}

	@Test
	void aWritingScopeWithAQueryWritesOnlyWhatMatchesIt() {
		FhirHttp app = app("patient/Observation.crs?category=" + CATEGORY + "|survey");
		Response refused = app.post("Observation", categorized("laboratory"));
		assertThat(refused.status()).as(refused.body()).isEqualTo(403);
		assertThat(app.post("Observation", categorized("survey")).status()).isEqualTo(201);
	}

	private FhirHttp app(String... scopes) {
		return fhir.as(token("granular-" + unique(), Set.of(Role.INTEGRATION), List.of(scopes), patient));
	}

	private Observation categorized(String category) {
		Observation o = Fixtures.heartRate("Patient/" + patient);
		o.addCategory().addCoding().setSystem(CATEGORY).setCode(category);
		return o;
	}
}

package org.custodian.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class TransactionIT extends ServerTest {

	@Test
	void resolvesUrnUuidPlaceholdersToTheServerAssignedIds() {
		Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
		Patient patient = Fixtures.patient("Tx", "Uuid");
		tx.addEntry().setFullUrl("urn:uuid:6f1c1b9a-0000-4000-8000-000000000001").setResource(patient)
				.getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
		tx.addEntry().setResource(Fixtures.heartRate("urn:uuid:6f1c1b9a-0000-4000-8000-000000000001"))
				.getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");

		Response response = fhir.post("", tx);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		Bundle out = response.as(Bundle.class);
		assertThat(out.getType()).isEqualTo(BundleType.TRANSACTIONRESPONSE);
		assertThat(out.getEntry()).extracting(e -> e.getResponse().getStatus()).containsExactly("201 Created", "201 Created");
		String patientId = new IdType(out.getEntry().get(0).getResponse().getLocation()).getIdPart();
		String observationId = new IdType(out.getEntry().get(1).getResponse().getLocation()).getIdPart();
		Observation stored = fhir.get("Observation/" + observationId).as(Observation.class);
		assertThat(stored.getSubject().getReference()).isEqualTo("Patient/" + patientId);
	}

	@Test
	void resolvesConditionalReferencesToTheOneMatchingResource() {
		Organization org = new Organization().setName("Mercy " + System.nanoTime());
		String npi = "NPI-" + System.nanoTime();
		org.addIdentifier().setSystem("http://hl7.org/fhir/sid/us-npi").setValue(npi);
		String orgId = new IdType(fhir.post("Organization", org).header("Location")).getIdPart();
		Patient patient = Fixtures.patient("Cond", "Ref");
		patient.setManagingOrganization(new Reference("Organization?identifier=http://hl7.org/fhir/sid/us-npi|" + npi));
		Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
		tx.addEntry().setResource(patient).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");

		Response response = fhir.post("", tx);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		String patientId = new IdType(response.as(Bundle.class).getEntryFirstRep().getResponse().getLocation()).getIdPart();
		assertThat(fhir.get("Patient/" + patientId).as(Patient.class).getManagingOrganization().getReference())
				.isEqualTo("Organization/" + orgId);
	}

	@Test
	void rollsBackEveryEntryWhenOneEntryFails() {
		String family = "Rollback" + System.nanoTime();
		int patientsBefore = countVersions("Patient");
		Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
		tx.addEntry().setResource(Fixtures.patient(family, "One")).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
		tx.addEntry().setResource(Fixtures.heartRate("Patient/does-not-exist")).getRequest().setMethod(HTTPVerb.POST)
				.setUrl("Observation");

		Response response = fhir.post("", tx);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.errorCode()).isEqualTo("CUS-2005");
		assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("Entry 1").contains("Patient/does-not-exist");
		assertThat(countVersions("Patient")).isEqualTo(patientsBefore);
		assertThat(jdbc.queryForObject("select count(*) from idx_string where value_exact = ?", Integer.class, family))
				.isZero();
	}

	@Test
	void conditionalCreateInATransactionReusesTheExistingResource() {
		Patient p = Fixtures.patient("Tx", "Existing");
		String condition = "identifier=" + Fixtures.MRN_SYSTEM + "|" + p.getIdentifierFirstRep().getValue();
		String existing = new IdType(fhir.post("Patient", p).header("Location")).getIdPart();
		Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
		tx.addEntry().setFullUrl("urn:uuid:6f1c1b9a-0000-4000-8000-000000000002").setResource(p).getRequest()
				.setMethod(HTTPVerb.POST).setUrl("Patient").setIfNoneExist(condition);
		tx.addEntry().setResource(Fixtures.heartRate("urn:uuid:6f1c1b9a-0000-4000-8000-000000000002")).getRequest()
				.setMethod(HTTPVerb.POST).setUrl("Observation");

		Bundle out = fhir.post("", tx).as(Bundle.class);

		assertThat(out.getEntry().get(0).getResponse().getStatus()).isEqualTo("200 OK");
		String observationId = new IdType(out.getEntry().get(1).getResponse().getLocation()).getIdPart();
		assertThat(fhir.get("Observation/" + observationId).as(Observation.class).getSubject().getReference())
				.isEqualTo("Patient/" + existing);
	}

	@Test
	void processesDeletesBeforeCreatesAndUpdatesInOneTransaction() {
		String doomed = new IdType(fhir.post("Patient", Fixtures.patient("Doomed", "X")).header("Location")).getIdPart();
		Patient kept = Fixtures.patient("Kept", "Y");
		kept.setId("kept-" + System.nanoTime());
		Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
		tx.addEntry().setResource(kept).getRequest().setMethod(HTTPVerb.PUT).setUrl("Patient/" + kept.getIdPart());
		tx.addEntry().getRequest().setMethod(HTTPVerb.DELETE).setUrl("Patient/" + doomed);
		tx.addEntry().getRequest().setMethod(HTTPVerb.GET).setUrl("Patient/" + kept.getIdPart());

		Bundle out = fhir.post("", tx).as(Bundle.class);

		assertThat(out.getEntry()).extracting(e -> e.getResponse().getStatus())
				.containsExactly("201 Created", "204 No Content", "200 OK");
		assertThat(out.getEntry().get(2).getResource()).isInstanceOf(Patient.class);
		assertThat(fhir.get("Patient/" + doomed).status()).isEqualTo(410);
	}

	@Test
	void batchRunsEachEntryOnItsOwnAndReportsFailuresPerEntry() {
		Bundle batch = new Bundle().setType(BundleType.BATCH);
		batch.addEntry().setResource(Fixtures.patient("Batch", "Ok")).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
		batch.addEntry().setResource(Fixtures.heartRate("Patient/missing")).getRequest().setMethod(HTTPVerb.POST)
				.setUrl("Observation");

		batch.addEntry().setResource(Fixtures.patient("Batch", "Third")).getRequest().setMethod(HTTPVerb.POST)
				.setUrl("Patient");

		Response response = fhir.post("", batch);

		assertThat(response.status()).isEqualTo(200);
		Bundle out = response.as(Bundle.class);
		assertThat(out.getType()).isEqualTo(BundleType.BATCHRESPONSE);
		assertThat(out.getEntry().get(0).getResponse().getStatus()).isEqualTo("201 Created");
		assertThat(out.getEntry().get(1).getResponse().getStatus()).startsWith("400");
		assertThat(out.getEntry().get(1).getResponse().getOutcome()).isNotNull();
		assertThat(out.getEntry().get(2).getResponse().getStatus()).isEqualTo("201 Created");
	}

	@Test
	void refusesAConditionalReferenceThatMatchesNothing() {
		Patient patient = Fixtures.patient("Cond", "Missing");
		patient.setManagingOrganization(new Reference("Organization?identifier=https://example.org/npi|nobody"));
		Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
		tx.addEntry().setResource(patient).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");

		Response response = fhir.post("", tx);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.errorCode()).isEqualTo("CUS-2005");
		assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("matches no resource");
	}

	@Test
	void refusesAPlaceholderThatNamesNoEntry() {
		Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
		tx.addEntry().setResource(Fixtures.heartRate("urn:uuid:6f1c1b9a-0000-4000-8000-0000000000ff")).getRequest()
				.setMethod(HTTPVerb.POST).setUrl("Observation");

		Response response = fhir.post("", tx);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.errorCode()).isEqualTo("CUS-3003");
	}

	@Test
	void twoEntriesWithTheSameConditionCreateOneResource() {
		Patient p = Fixtures.patient("Twice", "Cond");
		String condition = "identifier=" + Fixtures.MRN_SYSTEM + "|" + p.getIdentifierFirstRep().getValue();
		Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
		tx.addEntry().setFullUrl("urn:uuid:6f1c1b9a-0000-4000-8000-000000000010").setResource(p).getRequest()
				.setMethod(HTTPVerb.POST).setUrl("Patient").setIfNoneExist(condition);
		tx.addEntry().setFullUrl("urn:uuid:6f1c1b9a-0000-4000-8000-000000000011").setResource(p.copy()).getRequest()
				.setMethod(HTTPVerb.POST).setUrl("Patient").setIfNoneExist(condition);
		tx.addEntry().setResource(Fixtures.heartRate("urn:uuid:6f1c1b9a-0000-4000-8000-000000000011")).getRequest()
				.setMethod(HTTPVerb.POST).setUrl("Observation");

		Bundle out = fhir.post("", tx).as(Bundle.class);

		assertThat(out.getEntry()).extracting(e -> e.getResponse().getStatus())
				.containsExactly("201 Created", "200 OK", "201 Created");
		String created = new IdType(out.getEntry().get(0).getResponse().getLocation()).getIdPart();
		assertThat(new IdType(out.getEntry().get(1).getResponse().getLocation()).getIdPart()).isEqualTo(created);
		String obs = new IdType(out.getEntry().get(2).getResponse().getLocation()).getIdPart();
		assertThat(fhir.get("Observation/" + obs).as(Observation.class).getSubject().getReference())
				.isEqualTo("Patient/" + created);
	}

	@Test
	void refusesATransactionThatDeletesAndRewritesTheSameResource() {
		Patient p = Fixtures.patient("Del", "Put");
		p.setId("delput-" + System.nanoTime());
		fhir.put("Patient/" + p.getIdPart(), p);
		Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
		tx.addEntry().getRequest().setMethod(HTTPVerb.DELETE).setUrl("Patient/" + p.getIdPart());
		tx.addEntry().setResource(p).getRequest().setMethod(HTTPVerb.PUT).setUrl("Patient/" + p.getIdPart());

		Response response = fhir.post("", tx);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.errorCode()).isEqualTo("CUS-3001");
		assertThat(fhir.get("Patient/" + p.getIdPart()).status()).isEqualTo(200);
	}
}

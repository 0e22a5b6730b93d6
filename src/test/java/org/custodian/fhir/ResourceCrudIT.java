package org.custodian.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class ResourceCrudIT extends ServerTest {

	@Test
	void createsWithServerIdAndReadsItBack() {
		Response created = fhir.post("Patient", Fixtures.patient("Lee", "Ana"));

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.header("ETag")).isEqualTo("W/\"1\"");
		IdType id = new IdType(created.header("Location"));
		assertThat(id.getVersionIdPart()).isEqualTo("1");

		Response read = fhir.get("Patient/" + id.getIdPart());
		assertThat(read.status()).isEqualTo(200);
		Patient p = read.as(Patient.class);
		assertThat(p.getNameFirstRep().getFamily()).isEqualTo("Lee");
		assertThat(p.getMeta().getVersionId()).isEqualTo("1");
		assertThat(p.getMeta().getLastUpdated()).isNotNull();
	}

	@Test
	void updateWritesANewVersionAndKeepsTheOldOne() {
		String id = create(Fixtures.patient("Lee", "Ana"));
		Patient changed = fhir.get("Patient/" + id).as(Patient.class);
		changed.getNameFirstRep().setFamily("Lee-Park");

		Response updated = fhir.put("Patient/" + id, changed);

		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.header("ETag")).isEqualTo("W/\"2\"");
		assertThat(fhir.get("Patient/" + id).as(Patient.class).getNameFirstRep().getFamily()).isEqualTo("Lee-Park");
		assertThat(fhir.get("Patient/" + id + "/_history/1").as(Patient.class).getNameFirstRep().getFamily())
				.isEqualTo("Lee");
	}

	@Test
	void updateWithUnchangedContentWritesNoNewVersion() {
		String id = create(Fixtures.patient("Same", "Sam"));
		Patient same = fhir.get("Patient/" + id).as(Patient.class);

		Response updated = fhir.put("Patient/" + id, same);

		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.header("ETag")).isEqualTo("W/\"1\"");
	}

	@Test
	void updateAsCreateKeepsTheClientAssignedId() {
		Patient p = Fixtures.patient("Client", "Assigned");
		String id = "client-" + System.nanoTime();
		p.setId(id);

		Response created = fhir.put("Patient/" + id, p);

		assertThat(created.status()).isEqualTo(201);
		assertThat(fhir.get("Patient/" + id).status()).isEqualTo(200);
	}

	@Test
	void deleteWritesATombstoneVersionAndReadsAnswerGone() {
		String id = create(Fixtures.patient("Gone", "Soon"));

		Response deleted = fhir.delete("Patient/" + id);

		assertThat(deleted.status()).isIn(200, 204);
		Response read = fhir.get("Patient/" + id);
		assertThat(read.status()).isEqualTo(410);
		assertThat(read.errorCode()).isEqualTo("CUS-2002");
		assertThat(fhir.get("Patient/" + id + "/_history/1").status()).isEqualTo(200);
		assertThat(fhir.get("Patient/" + id + "/_history/2").status()).isEqualTo(410);
	}

	@Test
	void instanceHistoryListsEveryVersionNewestFirstIncludingTheDelete() {
		String id = create(Fixtures.patient("Hist", "Ory"));
		Patient p = fhir.get("Patient/" + id).as(Patient.class);
		p.setActive(true);
		fhir.put("Patient/" + id, p);
		fhir.delete("Patient/" + id);

		Bundle history = fhir.get("Patient/" + id + "/_history").as(Bundle.class);

		assertThat(history.getType()).isEqualTo(Bundle.BundleType.HISTORY);
		assertThat(history.getTotal()).isEqualTo(3);
		assertThat(history.getEntry()).extracting(e -> e.getRequest().getMethod().toCode())
				.containsExactly("DELETE", "PUT", "POST");
		assertThat(history.getEntry().get(1).getResource().getMeta().getVersionId()).isEqualTo("2");
	}

	@Test
	void typeAndSystemHistoryPageThroughNextLinks() {
		String family = "Pager" + System.nanoTime();
		for (int i = 0; i < 5; i++) {
			create(Fixtures.patient(family, "N" + i));
		}
		Bundle first = fhir.get("Patient/_history?_count=2").as(Bundle.class);
		assertThat(first.getEntry()).hasSize(2);
		assertThat(first.getLink("next")).isNotNull();
		String next = first.getLink("next").getUrl();
		Bundle second = fhir.get(next.substring(next.indexOf("/fhir") + 5)).as(Bundle.class);
		assertThat(second.getEntry()).hasSize(2);
		assertThat(second.getEntryFirstRep().getResource().getId())
				.isNotEqualTo(first.getEntryFirstRep().getResource().getId());

		Bundle system = fhir.get("_history?_count=3").as(Bundle.class);
		assertThat(system.getEntry()).hasSize(3);
	}

	@Test
	void historySinceShowsOnlyLaterVersions() throws Exception {
		String id = create(Fixtures.patient("Since", "Then"));
		String firstUpdated = fhir.get("Patient/" + id).as(Patient.class).getMeta().getLastUpdatedElement().getValueAsString();
		Thread.sleep(5);
		Patient p = fhir.get("Patient/" + id).as(Patient.class);
		p.setActive(true);
		fhir.put("Patient/" + id, p);

		String afterFirst = new org.hl7.fhir.r4.model.InstantType(new java.util.Date(new org.hl7.fhir.r4.model.InstantType(
				firstUpdated).getValue().getTime() + 1)).getValueAsString();
		Bundle since = fhir.get("Patient/" + id + "/_history?_since=" + java.net.URLEncoder.encode(afterFirst,
				java.nio.charset.StandardCharsets.UTF_8)).as(Bundle.class);

		assertThat(since.getEntry()).hasSize(1);
		assertThat(since.getEntryFirstRep().getResource().getMeta().getVersionId()).isEqualTo("2");
	}

	@Test
	void deleteWithAStaleIfMatchIsRefusedAndDeletesNothing() {
		String id = create(Fixtures.patient("Stale", "Delete"));
		Patient p = fhir.get("Patient/" + id).as(Patient.class).setActive(true);
		fhir.put("Patient/" + id, p);

		Response stale = fhir.delete("Patient/" + id, "If-Match", "W/\"1\"");

		assertThat(stale.status()).isEqualTo(412);
		assertThat(fhir.get("Patient/" + id).status()).isEqualTo(200);
		assertThat(fhir.delete("Patient/" + id, "If-Match", "W/\"2\"").status()).isIn(200, 204);
	}

	@Test
	void historySinceIncludesAVersionWrittenAtThatInstantAndAtGivesTheVersionCurrentThen() throws Exception {
		String id = create(Fixtures.patient("At", "Time"));
		Patient v1 = fhir.get("Patient/" + id).as(Patient.class);
		String t1 = v1.getMeta().getLastUpdatedElement().getValueAsString();
		Thread.sleep(20);
		fhir.put("Patient/" + id, v1.setActive(true));

		Bundle since = fhir.get("Patient/" + id + "/_history?_since=" + encode(t1)).as(Bundle.class);
		Bundle at = fhir.get("Patient/" + id + "/_history?_at=" + encode(t1)).as(Bundle.class);

		assertThat(since.getEntry()).hasSize(2);
		assertThat(at.getEntry()).extracting(e -> e.getResource().getMeta().getVersionId()).containsExactly("1");
	}

	@Test
	void conditionalCreateAcceptsTheConditionWithItsTypePrefix() {
		Patient p = Fixtures.patient("Prefix", "Cond");
		String condition = "Patient?identifier=" + Fixtures.MRN_SYSTEM + "|" + p.getIdentifierFirstRep().getValue();

		assertThat(fhir.post("Patient", p, "If-None-Exist", condition).status()).isEqualTo(201);
		assertThat(fhir.post("Patient", p, "If-None-Exist", condition).status()).isEqualTo(200);
	}

	private static String encode(String s) {
		return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
	}

	@Test
	void conditionalCreateReturnsTheExistingMatchInsteadOfADuplicate() {
		Patient p = Fixtures.patient("Once", "Only");
		String mrn = p.getIdentifierFirstRep().getValue();
		String condition = "identifier=" + Fixtures.MRN_SYSTEM + "|" + mrn;

		Response first = fhir.post("Patient", p, "If-None-Exist", condition);
		Response second = fhir.post("Patient", p, "If-None-Exist", condition);

		assertThat(first.status()).isEqualTo(201);
		assertThat(second.status()).isEqualTo(200);
		assertThat(new IdType(second.header("Location")).getIdPart())
				.isEqualTo(new IdType(first.header("Location")).getIdPart());
	}

	@Test
	void conditionalUpdateCreatesWhenNothingMatchesAndUpdatesTheOneMatch() {
		Patient p = Fixtures.patient("Cond", "Up");
		String mrn = p.getIdentifierFirstRep().getValue();
		String url = "Patient?identifier=" + Fixtures.MRN_SYSTEM + "%7C" + mrn;

		Response created = fhir.put(url, p);
		p.setActive(true);
		Response updated = fhir.put(url, p);

		assertThat(created.status()).isEqualTo(201);
		assertThat(updated.status()).isEqualTo(200);
		assertThat(new IdType(updated.header("Location")).getIdPart())
				.isEqualTo(new IdType(created.header("Location")).getIdPart());
		assertThat(updated.header("ETag")).isEqualTo("W/\"2\"");
	}

	@Test
	void staleIfMatchIsRefusedWith412AndChangesNothing() {
		String id = create(Fixtures.patient("Stale", "Write"));
		Patient p = fhir.get("Patient/" + id).as(Patient.class);
		p.setActive(true);
		fhir.put("Patient/" + id, p, "If-Match", "W/\"1\"");
		p.setActive(false);

		Response stale = fhir.put("Patient/" + id, p, "If-Match", "W/\"1\"");

		assertThat(stale.status()).isEqualTo(412);
		assertThat(stale.errorCode()).isEqualTo("CUS-2004");
		assertThat(fhir.get("Patient/" + id).as(Patient.class).getActive()).isTrue();
	}

	@Test
	void preferHeaderChoosesWhatAWriteReturns() {
		Response minimal = fhir.post("Patient", Fixtures.patient("Pref", "Min"), "Prefer", "return=minimal");
		Response full = fhir.post("Patient", Fixtures.patient("Pref", "Rep"), "Prefer", "return=representation");
		Response outcome = fhir.post("Patient", Fixtures.patient("Pref", "Oo"), "Prefer", "return=OperationOutcome");

		assertThat(minimal.body()).isBlank();
		assertThat(full.as(Patient.class).getNameFirstRep().getGivenAsSingleString()).isEqualTo("Rep");
		assertThat(outcome.as(OperationOutcome.class)).isNotNull();
	}

	@Test
	void speaksXmlAsWellAsJson() {
		String xml = "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"Xml\"/></name></Patient>";
		Response created = fhir.post("Patient", xml, "Content-Type", "application/fhir+xml");
		String id = new IdType(created.header("Location")).getIdPart();

		Response read = fhir.get("Patient/" + id + "?_format=xml");

		assertThat(created.status()).isEqualTo(201);
		assertThat(read.body()).startsWith("<Patient");
		assertThat(read.as(Patient.class).getNameFirstRep().getFamily()).isEqualTo("Xml");
	}

	@Test
	void capabilityStatementDeclaresTheInteractionsThatExist() {
		Response metadata = fhir.get("metadata");

		assertThat(metadata.status()).isEqualTo(200);
		assertThat(metadata.body()).contains("\"fhirVersion\":\"4.0.1\"").contains("\"transaction\"")
				.contains("\"batch\"").contains("\"history-instance\"").contains("\"conditionalCreate\":true")
				.contains("\"versioning\":\"versioned-update\"").contains("\"updateCreate\":true")
				.contains("\"search-type\"").doesNotContain("searchInclude").doesNotContain("turtle")
				.contains("\"name\":\"family\"").doesNotContain("\"name\":\"_text\"")
				.contains("\"name\":\"Custodian\"");
	}

	private String create(Patient p) {
		Response r = fhir.post("Patient", FhirHttp.json(p));
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return new IdType(r.header("Location")).getIdPart();
	}
}

package org.custodian.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every interaction with the FHIR API leaves one audit record naming who, what, which patients and
 * resources, why, from where and the outcome; writes are recorded in their own transaction, once;
 * failures and refusals are recorded too.
 */
class AuditedInteractionsIT extends ServerTest {

	private String client;
	private FhirHttp him;
	private String patient;

	@BeforeEach
	void aCallerAndAPatient() {
		client = "audited-" + Long.toString(System.nanoTime(), 36);
		him = fhir.as(token(client, Set.of(Role.HIM), List.of("user/*.crus"), null));
		Response created = him.post("Patient", Fixtures.patient("Audited", "Ada"));
		patient = new IdType(created.header("Location")).getIdPart();
	}

	@Test
	void aCreateIsRecordedOnceInItsTransactionWithThePatient() {
		Response r = him.post("Observation", Fixtures.heartRate("Patient/" + patient));
		String id = new IdType(r.header("Location")).getIdPart();
		List<Map<String, Object>> rows = rows("Observation/" + id + "/_history/1");
		assertThat(rows).hasSize(1);
		assertThat(rows.get(0)).containsEntry("subtype", "create").containsEntry("action", "C").containsEntry("outcome", 0)
				.containsEntry("purpose", "TREAT").containsEntry("origin", "127.0.0.1");
		assertThat(array(rows.get(0), "patients")).containsExactly("Patient/" + patient);
		assertThat(array(rows.get(0), "roles")).containsExactly("him");
	}

	@Test
	void readsAndSearchesAreRecordedWithWhatTheyReturned() {
		String observation = new IdType(him.post("Observation", Fixtures.heartRate("Patient/" + patient)).header("Location"))
				.getIdPart();
		assertThat(him.get("Observation/" + observation).status()).isEqualTo(200);
		assertThat(him.get("Observation?subject=Patient/" + patient).as(Bundle.class).getEntry()).hasSize(1);
		List<Map<String, Object>> reads = rowsOf("read");
		assertThat(reads).hasSize(1);
		assertThat(array(reads.get(0), "entities")).containsExactly("Observation/" + observation);
		assertThat(array(reads.get(0), "patients")).containsExactly("Patient/" + patient);
		List<Map<String, Object>> searches = rowsOf("search-type");
		assertThat(searches).hasSize(1);
		assertThat(searches.get(0)).containsEntry("action", "E");
		assertThat((String) searches.get(0).get("query")).isEqualTo("Observation?subject=Patient/" + patient);
		assertThat(array(searches.get(0), "entities")).contains("Observation/" + observation);
		assertThat(array(searches.get(0), "patients")).containsExactly("Patient/" + patient);
	}

	@Test
	void aSearchThatFindsNothingStillNamesThePatientItAskedAbout() {
		assertThat(him.get("Condition?patient=" + patient).as(Bundle.class).getEntry()).isEmpty();
		assertThat(array(rowsOf("search-type").get(0), "patients")).containsExactly("Patient/" + patient);
	}

	@Test
	void refusalsAndFailuresAreRecordedWithTheirCode() {
		assertThat(him.delete("Patient/" + patient).status()).isEqualTo(403);
		Observation dangling = Fixtures.heartRate("Patient/does-not-exist");
		assertThat(him.post("Observation", dangling).status()).isEqualTo(400);
		List<Map<String, Object>> refused = rowsOf("delete");
		assertThat(refused).hasSize(1);
		assertThat(refused.get(0)).containsEntry("outcome", 4);
		assertThat((String) refused.get(0).get("detail")).startsWith("403 CUS-5002");
		assertThat(array(refused.get(0), "patients")).containsExactly("Patient/" + patient);
		List<Map<String, Object>> invalid = rowsOf("create").stream().filter(r -> ((Integer) r.get("outcome")) != 0).toList();
		assertThat(invalid).hasSize(1);
		assertThat((String) invalid.get(0).get("detail")).startsWith("400");
	}

	@Test
	void aTransactionIsOneRecordOfEverythingItWrote() {
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		tx.addEntry().setResource(Fixtures.heartRate("Patient/" + patient)).getRequest().setMethod(Bundle.HTTPVerb.POST)
				.setUrl("Observation");
		Observation second = Fixtures.heartRate("Patient/" + patient);
		second.setSubject(new Reference("Patient/" + patient));
		tx.addEntry().setResource(second).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		assertThat(him.post("", tx).status()).isEqualTo(200);
		List<Map<String, Object>> rows = rowsOf("transaction");
		assertThat(rows).hasSize(1);
		assertThat(array(rows.get(0), "entities")).hasSize(2).allMatch(e -> e.startsWith("Observation/"));
		assertThat(array(rows.get(0), "patients")).containsExactly("Patient/" + patient);
	}

	@Test
	void aWholeRecordIsRecordedAsTheOperationWithEveryResourceReturned() {
		him.post("Observation", Fixtures.heartRate("Patient/" + patient));
		assertThat(him.get("Patient/" + patient + "/$everything").status()).isEqualTo(200);
		List<Map<String, Object>> rows = rowsOf("$everything");
		assertThat(rows).hasSize(1);
		assertThat(array(rows.get(0), "entities")).hasSize(2);
		assertThat(array(rows.get(0), "patients")).containsExactly("Patient/" + patient);
	}

	@Test
	void aRequestWithoutAValidTokenIsRecordedAsAFailedSignIn() {
		assertThat(new FhirHttp(fhir.base()).get("Patient/" + patient).status()).isEqualTo(401);
		assertThat(him.as("forged." + client + ".token").get("Patient/" + patient).status()).isEqualTo(401);
		List<Map<String, Object>> rows = jdbc.queryForList("select * from audit_event where category = 'login' and"
				+ " subtype = 'token-refused' and query = ? order by seq", "GET /fhir/Patient/" + patient);
		assertThat(rows).hasSize(2);
		assertThat(rows.get(0)).containsEntry("outcome", 4).containsEntry("origin", "127.0.0.1")
				.containsEntry("actor", "anonymous");
		assertThat((String) rows.get(0).get("detail")).startsWith("401 CUS-5001");
	}

	private List<Map<String, Object>> rowsOf(String subtype) {
		return jdbc.queryForList("select * from audit_event where client = ? and subtype = ? order by seq", client, subtype);
	}

	private List<Map<String, Object>> rows(String entity) {
		return jdbc.queryForList("select * from audit_event where client = ? and ? = any(entities) order by seq", client,
				entity);
	}

	private static List<String> array(Map<String, Object> row, String column) {
		try {
			return List.of((String[]) ((java.sql.Array) row.get(column)).getArray());
		} catch (java.sql.SQLException e) {
			throw new IllegalStateException(e);
		}
	}
}

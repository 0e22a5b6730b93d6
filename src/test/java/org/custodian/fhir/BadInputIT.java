package org.custodian.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets the right 4xx, an OperationOutcome naming the problem, and writes nothing. */
class BadInputIT extends ServerTest {

	@Test
	void refusesMalformedJsonWith400() {
		int before = countVersions("Patient");

		Response r = fhir.post("Patient", "{\"resourceType\":\"Patient\",");

		assertThat(r.status()).isEqualTo(400);
		assertThat(r.errorCode()).isEqualTo("CUS-1001");
		assertThat(countVersions("Patient")).isEqualTo(before);
	}

	@Test
	void refusesAnUnknownElementNamingIt() {
		Response r = fhir.post("Patient", "{\"resourceType\":\"Patient\",\"nmae\":[{\"family\":\"Typo\"}]}");

		assertThat(r.status()).isEqualTo(400);
		assertThat(r.outcome().getIssueFirstRep().getDiagnostics()).contains("nmae");
	}

	@Test
	void refusesABodyOfTheWrongResourceType() {
		Response r = fhir.post("Patient", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}");

		assertThat(r.status()).isEqualTo(400);
		assertThat(r.outcome().getIssueFirstRep().getDiagnostics()).contains("Observation");
	}

	@Test
	void refusesAnInvalidIdInTheUrl() {
		String id = "bad_id_with_underscores";
		Response r = fhir.put("Patient/" + id, "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\"}");

		assertThat(r.status()).isEqualTo(400);
		assertThat(r.outcome().getIssueFirstRep().getDiagnostics()).contains(id);
	}

	@Test
	void refusesAnUpdateWhoseBodyIdDiffersFromTheUrl() {
		Response r = fhir.put("Patient/abc-1", "{\"resourceType\":\"Patient\",\"id\":\"abc-2\"}");

		assertThat(r.status()).isEqualTo(400);
		assertThat(r.outcome().getIssueFirstRep().getDiagnostics()).contains("abc-2").contains("abc-1");
	}

	@Test
	void refusesAnOversizedPayloadWith413BeforeParsing() {
		String big = "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"" + "x".repeat(2_100_000) + "\"}]}";

		Response r = fhir.post("Patient", big);

		assertThat(r.status()).isEqualTo(413);
		assertThat(r.errorCode()).isEqualTo("CUS-1006");
	}

	@Test
	void refusesAnOversizedChunkedPayloadThatDeclaresNoLength() throws Exception {
		String big = "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"" + "y".repeat(2_100_000) + "\"}]}";
		var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(fhir.base() + "/Patient"))
				.header("Content-Type", "application/fhir+json").header("Authorization", fhir.authorization())
				.POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
						() -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
				.build();
		int before = countVersions("Patient");

		var response = java.net.http.HttpClient.newHttpClient().send(request,
				java.net.http.HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("CUS-1006");
		assertThat(countVersions("Patient")).isEqualTo(before);
	}

	@Test
	void refusesAReferenceToAMissingLocalResource() {
		int before = countVersions("Observation");

		Response r = fhir.post("Observation", Fixtures.heartRate("Patient/nobody-" + System.nanoTime()));

		assertThat(r.status()).isEqualTo(400);
		assertThat(r.errorCode()).isEqualTo("CUS-2005");
		assertThat(r.outcome().getIssueFirstRep().getDiagnostics()).contains("does not exist");
		assertThat(countVersions("Observation")).isEqualTo(before);
	}

	@Test
	void refusesToDeleteAResourceThatOthersStillReference() {
		String patient = new IdType(fhir.post("Patient", Fixtures.patient("Ref", "Erenced")).header("Location")).getIdPart();
		String obs = new IdType(fhir.post("Observation", Fixtures.heartRate("Patient/" + patient)).header("Location"))
				.getIdPart();

		Response r = fhir.delete("Patient/" + patient);

		assertThat(r.status()).isEqualTo(409);
		assertThat(r.errorCode()).isEqualTo("CUS-2006");
		assertThat(r.outcome().getIssueFirstRep().getDiagnostics()).contains("Observation/" + obs);
		assertThat(fhir.get("Patient/" + patient).status()).isEqualTo(200);
		assertThat(fhir.delete("Observation/" + obs).status()).isIn(200, 204);
		assertThat(fhir.delete("Patient/" + patient).status()).isIn(200, 204);
	}

	@Test
	void refusesAResourceThatBreaksTheBaseSpecificationWith422() {
		Response r = fhir.post("Observation", "{\"resourceType\":\"Observation\",\"code\":{\"text\":\"no status\"}}");

		assertThat(r.status()).isEqualTo(422);
		assertThat(r.errorCode()).isEqualTo("CUS-1002");
		assertThat(r.body()).contains("Observation.status");
	}

	@Test
	void answers404ForAResourceThatNeverExisted() {
		Response r = fhir.get("Patient/never-" + System.nanoTime());

		assertThat(r.status()).isEqualTo(404);
		assertThat(r.errorCode()).isEqualTo("CUS-2001");
	}

	@Test
	void answers404ForAVersionThatDoesNotExist() {
		String id = new IdType(fhir.post("Patient", Fixtures.patient("V", "One")).header("Location")).getIdPart();

		Response r = fhir.get("Patient/" + id + "/_history/7");

		assertThat(r.status()).isEqualTo(404);
		assertThat(r.errorCode()).isEqualTo("CUS-2003");
	}

	@Test
	void refusesATransactionBundleWithoutRequestDetails() {
		Response r = fhir.post("", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
				+ "{\"resourceType\":\"Patient\"}}]}");

		assertThat(r.status()).isIn(400, 422);
	}

	@Test
	void refusesAConditionalUrlWithAnUnknownParameter() {
		Response r = fhir.post("Patient", Fixtures.patient("Un", "Known"), "If-None-Exist", "shoe-size=42");

		assertThat(r.status()).isEqualTo(400);
		assertThat(r.outcome().getIssueFirstRep().getDiagnostics()).contains("shoe-size");
	}

	@Test
	void refusesADecimalWhoseWrittenFormWouldBeMillionsOfDigitsQuickly() {
		long started = System.nanoTime();

		Response r = fhir.post("Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
				+ "\"valueQuantity\":{\"value\":1e5000000}}");

		assertThat(r.status()).isEqualTo(400);
		assertThat(r.body()).contains("exponent");
		assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(10));
	}

	@Test
	void refusesControlCharactersThatTheDatabaseCannotStore() {
		Response r = fhir.post("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"x\\u0000y\"}]}");

		assertThat(r.status()).isEqualTo(422);
		assertThat(r.body()).contains("U+0000");
	}

	@Test
	void refusesBadPercentEncodingInAConditionWith400() {
		Response r = fhir.post("Patient", Fixtures.patient("Pct", "Bad"), "If-None-Exist", "identifier=%zz");

		assertThat(r.status()).isEqualTo(400);
	}

	@Test
	void aBatchEntryThatFailsInAnyWayDoesNotStopTheEntriesAfterIt() {
		String suffix = Long.toString(System.nanoTime(), 36);
		String batch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":["
				+ "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"b1-" + suffix + "\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/b1-" + suffix + "\"}},"
				+ "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"b2-" + suffix + "\",\"name\":[{\"family\":\"x\\u0000\"}]},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/b2-" + suffix + "\"}},"
				+ "{\"request\":{\"method\":\"DELETE\",\"url\":\"Foo?identifier=1\"}},"
				+ "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"b3-" + suffix + "\"},\"request\":{\"method\":\"PUT\",\"url\":\"Patient/b3-" + suffix + "\"}}]}";

		Response r = fhir.post("", batch);

		assertThat(r.status()).isEqualTo(200);
		org.hl7.fhir.r4.model.Bundle out = r.as(org.hl7.fhir.r4.model.Bundle.class);
		assertThat(out.getEntry()).extracting(e -> e.getResponse().getStatus().substring(0, 3))
				.containsExactly("201", "422", "400", "201");
		assertThat(fhir.get("Patient/b3-" + suffix).status()).isEqualTo(200);
	}
}

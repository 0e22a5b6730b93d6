package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/** A server test that searches: creates resources, runs queries, and checks what matched or why it was refused. */
abstract class SearchServerTest extends ServerTest {

	/** The ids a search found, in order; the search must succeed. */
	protected List<String> ids(String query) {
		Response r = fhir.get(query);
		assertThat(r.status()).as(query + " -> " + r.body()).isEqualTo(200);
		return r.as(Bundle.class).getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(res -> !(res instanceof OperationOutcome)).map(Resource::getIdElement).map(IdType::getIdPart)
				.toList();
	}

	/** Asserts the search is refused with 400 and the given error code, and returns the response. */
	protected Response assertRefused(String query, String errorCode) {
		Response r = fhir.get(query);
		assertThat(r.status()).as(query + " -> " + r.body()).isEqualTo(400);
		assertThat(r.errorCode()).as(query + " -> " + r.body()).isEqualTo(errorCode);
		return r;
	}

	protected String create(Resource r) {
		Response created = fhir.post(r.fhirType(), r);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new IdType(created.header("Location")).getIdPart();
	}

	/** Percent-encodes a search value ({@code $ [ ] |}, spaces and backslashes are not allowed raw in a URL). */
	protected static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	protected static String unique() {
		return Long.toString(System.nanoTime(), 36);
	}
}

package org.custodian.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Search bundles written from the stored bytes are exactly what HAPI's encoder writes for the same
 * resources ({@code _pretty=false} takes HAPI's path), decimals keeping their precision.
 */
class SearchsetWriterIT extends ServerTest {

	private static final ObjectMapper JSON = new ObjectMapper()
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

	@Test
	void writesSearchBundlesFromStoredBytesExactlyAsHapiEncodesThem() throws Exception {
		String patient = created(fhir.post("Patient", Fixtures.patient("Writer" + System.nanoTime(), "W")));
		Observation o = Fixtures.heartRate("Patient/" + patient);
		o.getValueQuantity().setValue(new BigDecimal("72.50"));
		o.getMeta().addTag("http://example.org/tags", "reviewed", "Reviewed").addProfile("http://example.org/p");
		o.getText().setStatus(Narrative.NarrativeStatus.GENERATED).setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">72.50 /min</div>");
		created(fhir.post("Observation", o));
		created(fhir.post("Observation", Fixtures.heartRate("Patient/" + patient)));

		Response fast = fhir.get("Observation?subject=Patient/" + patient + "&_revinclude=Provenance:target&_include=Observation:subject");
		Response hapi = fhir.get("Observation?subject=Patient/" + patient + "&_revinclude=Provenance:target&_include=Observation:subject&_pretty=false");

		assertThat(fast.status()).isEqualTo(200);
		assertThat(fast.body()).contains("\"value\":72.50");
		assertThat(entries(fast)).isEqualTo(entries(hapi));
		assertThat(entries(fast)).hasSize(3);
		assertThat(fast.as(Bundle.class).getTotal()).isEqualTo(2);
	}

	@Test
	void leavesXmlAndReshapedResultsToHapi() {
		String patient = created(fhir.post("Patient", Fixtures.patient("Shape" + System.nanoTime(), "S")));
		created(fhir.post("Observation", Fixtures.heartRate("Patient/" + patient)));

		Response xml = fhir.get("Observation?subject=Patient/" + patient + "&_format=xml");
		Response summary = fhir.get("Observation?subject=Patient/" + patient + "&_elements=code");

		assertThat(xml.status()).isEqualTo(200);
		assertThat(xml.body()).startsWith("<Bundle");
		assertThat(summary.body()).doesNotContain("valueQuantity").contains("SUBSETTED");
	}

	private static JsonNode entries(Response r) throws Exception {
		return JSON.readTree(r.body()).path("entry");
	}

	private static String created(Response r) {
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return new IdType(r.header("Location")).getIdPart();
	}
}

package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.custodian.search.IndexEntry.ReferenceValue;
import org.custodian.search.IndexEntry.TokenValue;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** What the :of-type and :identifier modifiers search: identifier types and logical references. */
class IdentifierIndexingTest {

	private static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";

	private static List<IndexEntry> param(Resource resource, String name) {
		return Corpus.indexer().extract(resource).stream().filter(e -> e.param().equals(name)).toList();
	}

	@Test
	void an_identifier_is_indexed_for_of_type_under_each_coding_of_its_type() {
		Patient patient = new Patient();
		patient.addIdentifier(new Identifier().setSystem("http://hospital.org").setValue("12345")
				.setType(new CodeableConcept(new Coding(V2_0203, "MR", null)).addCoding(new Coding("urn:local", "CHART", null))));

		assertThat(param(patient, "identifier:of-type")).containsExactly(
				new TokenValue("identifier:of-type", V2_0203, "MR|12345", null),
				new TokenValue("identifier:of-type", "urn:local", "CHART|12345", null));
		assertThat(param(patient, "identifier")).containsExactly(new TokenValue("identifier", "http://hospital.org", "12345", null));
	}

	@Test
	void an_identifier_without_a_typed_coding_or_a_value_has_nothing_for_of_type() {
		Patient patient = new Patient();
		patient.addIdentifier(new Identifier().setValue("1").setType(new CodeableConcept().setText("MRN")));
		patient.addIdentifier(new Identifier().setType(new CodeableConcept(new Coding(V2_0203, "MR", null))));

		assertThat(param(patient, "identifier:of-type")).isEmpty();
	}

	@Test
	void a_logical_reference_is_a_token_for_identifier_beside_the_literal_reference() {
		Observation observation = new Observation();
		observation.getCode().setText("x");
		observation.setSubject(new Reference("Patient/p1")
				.setIdentifier(new Identifier().setSystem("http://hospital.org").setValue("123")));

		assertThat(param(observation, "subject:identifier"))
				.containsExactly(new TokenValue("subject:identifier", "http://hospital.org", "123", null));
		assertThat(param(observation, "subject")).containsExactly(new ReferenceValue("subject", "Patient", "p1", null, null));
	}
}

package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.custodian.search.IndexEntry.DateRange;
import org.custodian.search.IndexEntry.QuantityValue;
import org.custodian.search.IndexEntry.ReferenceValue;
import org.custodian.search.IndexEntry.StringValue;
import org.custodian.search.IndexEntry.TokenValue;
import org.custodian.search.IndexEntry.UriValue;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SearchIndexerTest {

	private static final String LOINC = "http://loinc.org";

	private static List<IndexEntry> extract(Resource resource) {
		return Corpus.indexer().extract(resource);
	}

	private static List<IndexEntry> param(List<IndexEntry> entries, String name) {
		return entries.stream().filter(e -> e.param().equals(name)).toList();
	}

	private static long ms(String instant) {
		return Instant.parse(instant).toEpochMilli();
	}

	private static Patient patient() {
		Patient patient = new Patient();
		patient.addName().setFamily("Müller").addGiven("Anna").addGiven("Maria").addPrefix("Dr.");
		patient.addIdentifier(new Identifier().setSystem("urn:oid:1.2.3").setValue("123")
				.setType(new CodeableConcept().setText("MRN")));
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-05-17"));
		patient.addAddress().addLine("1 Main St").setCity("Boston").setState("MA").setPostalCode("02101").setCountry("US");
		patient.addTelecom().setSystem(ContactPointSystem.PHONE).setValue("555-1234");
		patient.setGender(AdministrativeGender.MALE);
		return patient;
	}

	@Test
	void a_patient_name_is_indexed_part_by_part_lower_cased_without_accents() {
		List<IndexEntry> entries = extract(patient());
		assertThat(param(entries, "family")).containsExactly(new StringValue("family", "muller", "Müller"));
		assertThat(param(entries, "name")).containsExactlyInAnyOrder(new StringValue("name", "muller", "Müller"),
				new StringValue("name", "anna", "Anna"), new StringValue("name", "maria", "Maria"),
				new StringValue("name", "dr.", "Dr."));
		assertThat(param(entries, "given")).hasSize(2);
	}

	@Test
	void a_patient_identifier_is_a_token_with_its_type_text() {
		assertThat(param(extract(patient()), "identifier"))
				.containsExactly(new TokenValue("identifier", "urn:oid:1.2.3", "123", "MRN"));
	}

	@Test
	void a_birth_date_covers_the_whole_day_in_utc() {
		assertThat(param(extract(patient()), "birthdate"))
				.containsExactly(new DateRange("birthdate", ms("1980-05-17T00:00:00Z"), ms("1980-05-17T23:59:59.999Z")));
	}

	@Test
	void an_address_indexes_each_part_and_its_own_part_parameters() {
		List<IndexEntry> entries = extract(patient());
		assertThat(param(entries, "address")).extracting(e -> ((StringValue) e).normalized())
				.containsExactlyInAnyOrder("1 main st", "boston", "ma", "02101", "us");
		assertThat(param(entries, "address-city")).containsExactly(new StringValue("address-city", "boston", "Boston"));
	}

	@Test
	void a_telecom_is_a_token_under_its_contact_point_system_as_hapi_does() {
		List<IndexEntry> entries = extract(patient());
		assertThat(param(entries, "telecom")).containsExactly(new TokenValue("telecom", "phone", "555-1234", null));
		assertThat(param(entries, "phone")).containsExactly(new TokenValue("phone", "phone", "555-1234", null));
		assertThat(param(entries, "email")).isEmpty();
	}

	@Test
	void a_bound_code_carries_its_code_system_and_an_absent_deceased_is_indexed_false() {
		List<IndexEntry> entries = extract(patient());
		assertThat(param(entries, "gender"))
				.containsExactly(new TokenValue("gender", "http://hl7.org/fhir/administrative-gender", "male", null));
		assertThat(param(entries, "deceased")).containsExactly(new TokenValue("deceased", null, "false", null));
	}

	private static Observation observation(String effective) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(new CodeableConcept().addCoding(new Coding(LOINC, "2339-0", "Glucose")).setText("Glucose"));
		observation.setSubject(new Reference("Patient/p1"));
		observation.setEffective(new DateTimeType(effective));
		observation.setValue(new Quantity().setValue(new BigDecimal("5.40")).setUnit("mmol/L")
				.setSystem("http://unitsofmeasure.org").setCode("mmol/L"));
		return observation;
	}

	@Test
	void an_observation_code_indexes_each_coding_with_display_and_the_concept_text() {
		assertThat(param(extract(observation("2020")), "code")).containsExactly(
				new TokenValue("code", LOINC, "2339-0", "Glucose"), new TokenValue("code", null, null, "Glucose"));
	}

	@Test
	void an_observation_subject_is_both_subject_and_patient_when_it_names_a_patient() {
		List<IndexEntry> entries = extract(observation("2020"));
		assertThat(param(entries, "subject")).containsExactly(new ReferenceValue("subject", "Patient", "p1", null, null));
		assertThat(param(entries, "patient")).containsExactly(new ReferenceValue("patient", "Patient", "p1", null, null));
		Observation ofGroup = observation("2020");
		ofGroup.setSubject(new Reference("Group/g1"));
		assertThat(param(extract(ofGroup), "patient")).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({
			"2020, 2020-01-01T00:00:00Z, 2020-12-31T23:59:59.999Z",
			"2020-02, 2020-02-01T00:00:00Z, 2020-02-29T23:59:59.999Z",
			"2020-03-04, 2020-03-04T00:00:00Z, 2020-03-04T23:59:59.999Z",
			"2020-03-04T10:15:30+01:00, 2020-03-04T09:15:30Z, 2020-03-04T09:15:30.999Z",
			"2020-03-04T10:15:30.5Z, 2020-03-04T10:15:30.500Z, 2020-03-04T10:15:30.599Z",
			"2020-03-04T10:15:30.123456Z, 2020-03-04T10:15:30.123Z, 2020-03-04T10:15:30.123Z"})
	void an_effective_date_covers_the_range_of_its_precision(String effective, String low, String high) {
		assertThat(param(extract(observation(effective)), "date")).containsExactly(new DateRange("date", ms(low), ms(high)));
	}

	@Test
	void a_value_quantity_keeps_system_code_and_the_range_of_its_precision() {
		assertThat(param(extract(observation("2020")), "value-quantity"))
				.containsExactly(new QuantityValue("value-quantity", "http://unitsofmeasure.org", "mmol/L",
						new BigDecimal("5.40"), new BigDecimal("5.395"), new BigDecimal("5.405")));
	}

	@Test
	void an_encounter_period_without_end_is_open_ended() {
		Encounter encounter = new Encounter();
		encounter.setPeriod(new Period().setStartElement(new DateTimeType("2021-07-01T08:00:00Z")));
		assertThat(param(extract(encounter), "date"))
				.containsExactly(new DateRange("date", ms("2021-07-01T08:00:00Z"), Long.MAX_VALUE));
	}

	@Test
	void a_claim_indexes_versioned_local_and_absolute_references() {
		Claim claim = new Claim();
		claim.setUse(Claim.Use.CLAIM);
		claim.setPatient(new Reference("Patient/p1/_history/2"));
		claim.setProvider(new Reference("http://other.org/fhir/Organization/o9"));
		claim.setCreatedElement(new DateTimeType("2019-01-02"));
		List<IndexEntry> entries = extract(claim);
		assertThat(param(entries, "patient")).containsExactly(new ReferenceValue("patient", "Patient", "p1", "2", null));
		assertThat(param(entries, "provider")).containsExactly(
				new ReferenceValue("provider", "Organization", null, null, "http://other.org/fhir/Organization/o9"));
		assertThat(param(entries, "use")).containsExactly(new TokenValue("use", "http://hl7.org/fhir/claim-use", "claim", null));
	}

	@Test
	void an_explanation_of_benefit_skips_contained_references_and_identifier_only_references() {
		ExplanationOfBenefit eob = new ExplanationOfBenefit();
		eob.setPatient(new Reference("Patient/p1"));
		eob.setProvider(new Reference("#prov"));
		eob.setInsurer(new Reference().setIdentifier(new Identifier().setValue("payer-1")));
		eob.addItem().setNet(new Money().setValue(10).setCurrency("USD"));
		List<IndexEntry> entries = extract(eob);
		assertThat(param(entries, "patient")).containsExactly(new ReferenceValue("patient", "Patient", "p1", null, null));
		assertThat(param(entries, "provider")).isEmpty();
		assertThat(param(entries, "insurer")).isEmpty();
	}

	@Test
	void meta_tags_security_profile_and_source_are_indexed_for_any_resource() {
		Encounter encounter = new Encounter();
		encounter.getMeta().addTag("http://t", "t1", null).addSecurity("http://s", "R", null)
				.addProfile("http://p/StructureDefinition/x").setSource("http://src#abc");
		List<IndexEntry> entries = extract(encounter);
		assertThat(param(entries, "_tag")).containsExactly(new TokenValue("_tag", "http://t", "t1", null));
		assertThat(param(entries, "_security")).containsExactly(new TokenValue("_security", "http://s", "R", null));
		assertThat(param(entries, "_profile")).containsExactly(new UriValue("_profile", "http://p/StructureDefinition/x"));
		assertThat(param(entries, "_source")).containsExactly(new UriValue("_source", "http://src#abc"));
	}

	@Test
	void identical_values_are_indexed_once_and_long_strings_are_cut_to_200_chars() {
		Patient patient = new Patient();
		String longName = "x".repeat(250);
		patient.addName().setFamily(longName);
		patient.addName().setFamily(longName);
		List<IndexEntry> family = param(extract(patient), "family");
		assertThat(family).hasSize(1);
		assertThat(((StringValue) family.get(0)).exact()).hasSize(200);
		assertThat(((StringValue) family.get(0)).normalized()).hasSize(200);
	}

	@Test
	void a_conditional_reference_is_not_indexed_but_counted() {
		Encounter encounter = new Encounter();
		encounter.setServiceProvider(new Reference("Organization?identifier=http://x|1"));
		assertThat(param(extract(encounter), "service-provider")).isEmpty();
		assertThat(Corpus.indexer().diagnostics()).containsKey("invalid Encounter.service-provider Reference");
	}
}

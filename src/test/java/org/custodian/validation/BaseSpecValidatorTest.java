package org.custodian.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SearchParameter;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;

class BaseSpecValidatorTest {

	private static final FhirContext CTX = FhirContext.forR4Cached();
	private static final BaseSpecValidator VALIDATOR = new BaseSpecValidator(CTX);

	@Test
	void aCompletePatientHasNoIssues() {
		Patient patient = new Patient();
		patient.setId("pat-1.a");
		patient.setActive(true).setGender(AdministrativeGender.FEMALE).setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1970-01-01"));
		patient.addName().setFamily("Chalmers").addGiven("Peter");
		patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("555");
		patient.addContact().setName(new HumanName().setFamily("Doe"));
		patient.setManagingOrganization(new Reference("Organization/1"));
		assertEquals(List.of(), VALIDATOR.validate(patient));
	}

	@Test
	void anObservationWithoutStatusIsAnErrorAtObservationStatus() {
		Observation observation = new Observation().setCode(new CodeableConcept().setText("weight"));
		assertOnly(observation, "Observation.status", "missing");
	}

	@Test
	void aRequiredElementInsideABackboneElementIsReportedWithItsIndex() {
		Observation observation = validObservation();
		observation.addComponent().setValue(new Quantity(3));
		assertOnly(observation, "Observation.component[0].code", "missing");
	}

	@Test
	void aTransactionEntryWithoutRequestMethodIsAnError() {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bundle.addEntry().setResource(validObservation()).getRequest().setUrl("Observation");
		assertOnly(bundle, "Bundle.entry[0].request.method", "missing");
	}

	@Test
	void aTransactionEntryWithoutRequestIsAnError() {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bundle.addEntry().setResource(validObservation());
		assertOnly(bundle, "Bundle.entry[0].request", "bdl-3");
	}

	@Test
	void anIdLongerThan64CharactersIsAnError() {
		Patient patient = new Patient();
		patient.setId("a".repeat(65));
		assertOnly(patient, "Patient.id", "Invalid id");
	}

	@Test
	void aPeriodEndingBeforeItStartsIsAnError() {
		Observation observation = validObservation();
		observation.setEffective(new Period().setStartElement(new DateTimeType("2020-02-01")).setEndElement(new DateTimeType("2020-01-31")));
		assertOnly(observation, "Observation.effectivePeriod.start", "per-1");
	}

	@Test
	void aPeriodWithinOneDayOfDifferentPrecisionIsAccepted() {
		Observation observation = validObservation();
		observation.setEffective(new Period().setStartElement(new DateTimeType("2020-01-31T10:00:00Z")).setEndElement(new DateTimeType("2020-01-31")));
		assertEquals(List.of(), VALIDATOR.validate(observation));
	}

	@Test
	void aPrimitiveWithoutValueOrExtensionsIsAnError() {
		Patient patient = new Patient().setActiveElement(new BooleanType());
		assertOnly(patient, "Patient.active", "neither a value nor extensions");
	}

	@Test
	void aPrimitiveWithOnlyAnExtensionIsAccepted() {
		Patient patient = new Patient();
		patient.getBirthDateElement().addExtension(new Extension("http://example.org/x", new BooleanType(true)));
		assertEquals(List.of(), VALIDATOR.validate(patient));
	}

	@Test
	void anEmptyCompositeElementIsAnError() {
		Patient patient = new Patient();
		patient.addName(new HumanName());
		assertOnly(patient, "Patient.name[0]", "ele-1");
	}

	@Test
	void anExtensionWithNeitherValueNorExtensionsIsAnError() {
		Patient patient = new Patient();
		patient.addExtension().setUrl("http://example.org/x");
		assertOnly(patient, "Patient.extension[0]", "ext-1");
	}

	@Test
	void anInstantWithoutTimeIsAnError() {
		Patient patient = new Patient();
		patient.getMeta().getLastUpdatedElement().setValueAsString("2020-01-01");
		assertOnly(patient, "Patient.meta.lastUpdated", "Invalid instant");
	}

	@Test
	void aDateTimeWithTimeButNoZoneIsAnError() {
		Observation observation = validObservation();
		observation.setEffective(new DateTimeType("2020-01-01T10:00:00"));
		assertOnly(observation, "Observation.effectiveDateTime", "Invalid dateTime");
	}

	@Test
	void aZeroPositiveIntIsAnError() {
		org.hl7.fhir.r4.model.Communication communication = new org.hl7.fhir.r4.model.Communication();
		communication.setStatus(org.hl7.fhir.r4.model.Communication.CommunicationStatus.COMPLETED);
		communication.addExtension("http://example.org/n", new PositiveIntType(0));
		assertOnly(communication, "Communication.extension[0].valuePositiveInt", "positiveInt");
	}

	@Test
	void anUnknownEnumeratedCodeLetThroughByALenientParserIsStillAnError() {
		Patient patient = CTX.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false))
				.parseResource(Patient.class, "{\"resourceType\":\"Patient\",\"gender\":\"M\"}");
		assertOnly(patient, "Patient.gender", "Unknown code 'M'");
	}

	@Test
	void aPlainCodeOutsideTheResourceTypesBindingIsAnError() {
		SearchParameter parameter = validSearchParameter();
		parameter.addBase("Patient").addBase("Pateint");
		assertOnly(parameter, "SearchParameter.base[1]", "resource-types");
	}

	@Test
	void anUnknownCurrencyIsOnlyAWarning() {
		org.hl7.fhir.r4.model.Invoice invoice = new org.hl7.fhir.r4.model.Invoice();
		invoice.setStatus(org.hl7.fhir.r4.model.Invoice.InvoiceStatus.DRAFT);
		invoice.setTotalNet(new Money().setValue(1).setCurrency("EURO"));
		List<ValidationIssue> issues = VALIDATOR.validate(invoice);
		assertEquals(1, issues.size(), issues::toString);
		assertEquals(ValidationIssue.Severity.WARNING, issues.get(0).severity());
	}

	@Test
	void aQuantityCodeWithoutSystemIsAnError() {
		Observation observation = validObservation();
		observation.setValue(new Quantity().setValue(3).setCode("kg"));
		assertOnly(observation, "Observation.valueQuantity.system", "qty-3");
	}

	@Test
	void containedResourcesAreValidatedWithTheirPath() {
		Patient patient = new Patient();
		Organization organization = new Organization();
		organization.setId("org1");
		organization.addTelecom(new ContactPoint().setValue("1").setSystem(null).setRank(0));
		patient.addContained(organization);
		patient.setManagingOrganization(new Reference("#org1"));
		assertOnly(patient, "Patient.contained[0].telecom[0].rank", "positiveInt");
	}

	@Test
	void aContainedResourceWithAVersionIdIsAnError() {
		Patient patient = new Patient();
		Organization organization = new Organization().setName("x");
		organization.setId("org1");
		organization.getMeta().setVersionId("2");
		patient.addContained(organization);
		assertOnly(patient, "Patient.contained[0]", "dom-4");
	}

	@Test
	void aReferenceWithNothingInItIsOnlyAWarning() {
		Observation observation = validObservation();
		observation.setSubject(new Reference().setType("Patient"));
		List<ValidationIssue> issues = VALIDATOR.validate(observation);
		assertEquals(List.of(ValidationIssue.warning("Observation.subject", "Reference has none of reference, identifier, display (R5 ref-2)")), issues);
	}

	@Test
	void aParsedResourceWithAnInstantMetaPassesWhenWellFormed() {
		Patient patient = new Patient();
		patient.getMeta().setLastUpdatedElement(new InstantType("2020-01-01T10:00:00.123+01:00"));
		assertEquals(List.of(), VALIDATOR.validate(patient));
	}

	static Observation validObservation() {
		return new Observation().setStatus(Observation.ObservationStatus.FINAL).setCode(new CodeableConcept().setText("weight"));
	}

	private static SearchParameter validSearchParameter() {
		SearchParameter parameter = new SearchParameter();
		parameter.setUrl("http://example.org/sp").setName("n").setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
		parameter.setDescription("d").setCode("c").setType(org.hl7.fhir.r4.model.Enumerations.SearchParamType.TOKEN);
		return parameter;
	}

	private static void assertOnly(IBaseResource resource, String location, String messagePart) {
		List<ValidationIssue> errors = VALIDATOR.validate(resource).stream().filter(ValidationIssue::isError).toList();
		assertEquals(1, errors.size(), () -> "expected one error at " + location + ", got " + errors);
		assertEquals(location, errors.get(0).location(), errors::toString);
		assertTrue(errors.get(0).message().contains(messagePart), errors::toString);
	}
}

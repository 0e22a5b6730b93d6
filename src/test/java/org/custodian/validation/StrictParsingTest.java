package org.custodian.validation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;

/** Each kind of malformed input is rejected by the parser with a message naming the element. */
class StrictParsingTest {

	private static final FhirContext CTX = FhirContext.forR4Cached();
	private static final String OBS = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},";

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = {
		"unknown element           | {\"resourceType\":\"Patient\",\"foo\":1}                              | foo",
		"unknown nested element    | {\"resourceType\":\"Patient\",\"name\":[{\"bar\":true}]}              | bar",
		"unknown choice suffix     | " + OBS + "\"valueFoo\":\"x\"}                                          | valueFoo",
		"object for a primitive    | {\"resourceType\":\"Patient\",\"birthDate\":{\"a\":1}}                 | a",
		"scalar for an object      | " + OBS + "\"subject\":\"Patient/1\"}                                   | subject",
		"object for an array       | {\"resourceType\":\"Patient\",\"name\":{\"family\":\"x\"}}             | name",
		"two values, single element| {\"resourceType\":\"Patient\",\"birthDate\":[\"2000-01-01\",\"2001-01-01\"]} | birthDate",
		"two choice variants       | " + OBS + "\"valueString\":\"x\",\"valueBoolean\":true}                 | value",
		"invalid date              | {\"resourceType\":\"Patient\",\"birthDate\":\"2000-13-45\"}            | birthDate",
		"invalid boolean           | {\"resourceType\":\"Patient\",\"active\":\"yes\"}                      | active",
		"invalid integer           | {\"resourceType\":\"Patient\",\"multipleBirthInteger\":1.5}            | multipleBirthInteger",
		"empty string              | {\"resourceType\":\"Patient\",\"id\":\"\"}                             | id",
		"unknown required code     | {\"resourceType\":\"Observation\",\"status\":\"bogus\",\"code\":{}}    | status",
		"extension without url     | {\"resourceType\":\"Patient\",\"extension\":[{\"valueString\":\"a\"}]} | url",
		"missing resourceType      | {\"id\":\"1\"}                                                          | resourceType",
		"unknown resourceType      | {\"resourceType\":\"Foo\"}                                              | Foo",
	})
	void malformedJsonIsRejectedNamingTheElement(String kind, String json, String element) {
		StrictParsing.ParseResult result = StrictParsing.parse(CTX, EncodingEnum.JSON, json);
		assertFalse(result.ok(), kind + " was accepted");
		assertTrue(result.issues().stream().anyMatch(i -> (i.location() + " " + i.message()).contains(element)),
				() -> kind + ": no issue names " + element + ": " + result.issues());
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"unknown element   | <Patient xmlns=\"http://hl7.org/fhir\"><foo value=\"1\"/></Patient>                       | foo",
		"unknown attribute | <Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\" bar=\"1\"/></Patient>        | bar",
		"repeated single   | <Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/><active value=\"false\"/></Patient> | active",
		"invalid code      | <Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"M\"/></Patient>                     | gender",
	})
	void malformedXmlIsRejectedNamingTheElement(String kind, String xml, String element) {
		StrictParsing.ParseResult result = StrictParsing.parse(CTX, EncodingEnum.XML, xml);
		assertFalse(result.ok(), kind + " was accepted");
		assertTrue(result.issues().stream().anyMatch(i -> (i.location() + " " + i.message()).contains(element)),
				() -> kind + ": no issue names " + element + ": " + result.issues());
	}

	@Test
	void aResourceOfAnotherTypeThanExpectedIsRejected() {
		StrictParsing.ParseResult result = StrictParsing.parse(CTX, EncodingEnum.JSON, OBS + "\"id\":\"1\"}", Patient.class);
		assertFalse(result.ok());
		assertTrue(result.issues().get(0).message().contains("Observation"), result.issues().toString());
	}

	@Test
	void allComplaintsOfOneDocumentAreCollected() {
		StrictParsing.ParseResult result = StrictParsing.parse(CTX, EncodingEnum.JSON,
				"{\"resourceType\":\"Patient\",\"foo\":1,\"gender\":\"M\",\"birthDate\":\"x\"}");
		assertTrue(result.issues().size() == 3, result.issues().toString());
	}

	@Test
	void theRejectingHandlerOnTheContextFailsTheFirstComplaint() {
		FhirContext ctx = FhirContext.forR4();
		StrictParsing.configure(ctx);
		DataFormatException e = assertThrows(DataFormatException.class,
				() -> ctx.newJsonParser().parseResource("{\"resourceType\":\"Patient\",\"gender\":\"M\"}"));
		assertTrue(e.getMessage().contains("gender"), e.getMessage());
	}

	@Test
	void wellFormedInputParsesWithoutIssues() {
		StrictParsing.ParseResult result = StrictParsing.parse(CTX, EncodingEnum.JSON,
				"{\"resourceType\":\"Patient\",\"id\":\"p1\",\"active\":true,\"birthDate\":\"2000-01-01\"}");
		assertNotNull(result.resource());
		assertTrue(result.issues().isEmpty());
	}
}

package org.custodian.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/**
 * The FHIR terminology operations over the shipped code sets, as a coder and a claims system use
 * them: whether a code may be billed on a date of service (the fiscal year's release in force that
 * day), what a header is missing, a search by words, and the maps from ICD-9-CM.
 */
class TerminologyIT extends ServerTest {

	private static final String ICD = CodeSystems.ICD10CM;

	private Parameters validate(String code, String date) {
		Response r = fhir.get("CodeSystem/$validate-code?url=" + ICD + "&code=" + code + (date == null ? "" : "&date=" + date));
		assertThat(r.status()).as(r.body()).isEqualTo(200);
		return r.as(Parameters.class);
	}

	private static boolean result(Parameters p) {
		return ((org.hl7.fhir.r4.model.BooleanType) p.getParameterValue("result")).booleanValue();
	}

	private static String message(Parameters p) {
		return p.getParameterValue("message").primitiveValue();
	}

	@Test
	void aCodeIsValidOnADateOfServiceByTheFiscalYearInForceThatDay() {
		assertThat(result(validate("E11.9", "2026-01-15"))).isTrue();
		assertThat(result(validate("E119", "2026-01-15"))).as("with or without its dot").isTrue();
		// I42.0 was billable in FY2026 and became a header on 1 October 2026 (FY2027).
		assertThat(result(validate("I42.0", "2026-09-30"))).isTrue();
		Parameters fy2027 = validate("I42.0", "2026-10-01");
		assertThat(result(fy2027)).isFalse();
		assertThat(message(fy2027)).contains("is a header").contains("2027");
		// C78.31 is new in FY2027; B88.01 new in FY2026 (B88.0 was billable until then).
		assertThat(result(validate("C78.31", "2026-10-05"))).isTrue();
		assertThat(result(validate("C78.31", "2026-05-01"))).isFalse();
		assertThat(result(validate("B88.0", "2025-03-01"))).isTrue();
		assertThat(result(validate("B88.0", "2025-10-01"))).isFalse();
		assertThat(result(validate("B88.01", "2025-10-01"))).isTrue();
	}

	@Test
	void aHeaderNamesTheSeventhCharactersItNeedsAndAMissingPlaceholderIsFound() {
		Parameters header = validate("S72.001", "2026-02-01");
		assertThat(result(header)).isFalse();
		assertThat(message(header)).contains("needs a 7th character").contains("A (initial encounter for closed fracture)")
				.contains("C (initial encounter for open fracture type IIIA, IIIB, or IIIC)");
		assertThat(header.getParameter().stream().filter(p -> p.getName().equals("suggestion")).map(p -> p.getValue()
				.primitiveValue()).toList()).contains("S72.001A", "S72.001D", "S72.001S");
		Parameters placeholder = validate("T36.01A", "2026-02-01");
		assertThat(result(placeholder)).isFalse();
		assertThat(message(placeholder)).contains("did you mean T36.0X1A");
	}

	@Test
	void badQuestionsGetClearAnswers() {
		Response early = fhir.get("CodeSystem/$validate-code?url=" + ICD + "&code=E11.9&date=2019-06-01");
		assertThat(early.status()).isEqualTo(400);
		assertThat(early.body()).contains("CUS-7002").contains("2024-10-01");
		Response unknown = fhir.get("CodeSystem/$validate-code?url=http://example.org/codes&code=1");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.body()).contains("CUS-1014");
		Response noCode = fhir.get("CodeSystem/$validate-code?url=" + ICD);
		assertThat(noCode.status()).isEqualTo(400);
		assertThat(noCode.body()).contains("CUS-7001");
		Response year = fhir.get("CodeSystem/$validate-code?url=" + ICD + "&code=E11.9&date=2026");
		assertThat(year.status()).as("a year names no date of service").isEqualTo(400);
		assertThat(year.body()).contains("CUS-7001").contains("date is a day");
		assertThat(validate("ZZZ.99", "2026-02-01").getParameterValue("result").primitiveValue()).isEqualTo("false");
	}

	@Test
	void lookupGivesTheTitlesAndWhereTheCodeSits() {
		Response r = fhir.get("CodeSystem/$lookup?system=" + ICD + "&code=E11.65&date=2026-03-01");
		assertThat(r.status()).as(r.body()).isEqualTo(200);
		Parameters p = r.as(Parameters.class);
		assertThat(p.getParameterValue("display").primitiveValue()).isEqualTo("Type 2 diabetes mellitus with hyperglycemia");
		assertThat(p.getParameterValue("version").primitiveValue()).isEqualTo("2026");
		assertThat(r.body()).contains("\"valueCode\":\"E11.6\"");
		Parameters category = fhir.get("CodeSystem/$lookup?system=" + ICD + "&code=E11").as(Parameters.class);
		assertThat(category.getParameter().stream().filter(x -> x.getName().equals("property")).filter(x -> x.getPart().get(0)
				.getValue().primitiveValue().equals("child")).count()).isGreaterThanOrEqualTo(9);
		assertThat(fhir.get("CodeSystem/$lookup?system=" + ICD + "&code=Q99.99").status()).isEqualTo(404);
	}

	@Test
	void expandSearchesTheReleaseByWordsOrCodeAndUnderACode() {
		ValueSet byWords = fhir.get("ValueSet/$expand?url=" + ICD + "?fhir_vs&filter=diabetes%20type%202%20hyperglyc&date=2026-03-01")
				.as(ValueSet.class);
		assertThat(byWords.getExpansion().getContains()).extracting(c -> c.getCode()).contains("E11.65");
		ValueSet byCode = fhir.get("ValueSet/$expand?url=" + ICD + "?fhir_vs&filter=E11.6&count=50").as(ValueSet.class);
		assertThat(byCode.getExpansion().getContains()).extracting(c -> c.getCode()).contains("E11.6", "E11.65", "E11.649");
		ValueSet under = fhir.get("ValueSet/$expand?url=" + ICD + "?fhir_vs=isa/E11&selectable-only=true&count=200")
				.as(ValueSet.class);
		assertThat(under.getExpansion().getTotal()).isBetween(50, 200);
		assertThat(under.getExpansion().getContains()).allSatisfy(c -> {
			assertThat(c.getCode()).startsWith("E11");
			assertThat(c.getAbstract()).isFalse();
		});
		ValueSet hcpcs = fhir.get("ValueSet/$expand?url=" + CodeSystems.HCPCS + "?fhir_vs&filter=influenza%20virus%20vaccine")
				.as(ValueSet.class);
		assertThat(hcpcs.getExpansion().getTotal()).isPositive();
	}

	@Test
	void translateMapsAnIcd9CodeToIcd10Cm() {
		Response r = fhir.get("ConceptMap/$translate?system=" + CodeSystems.ICD9CM + "&code=250.00&targetsystem=" + ICD);
		assertThat(r.status()).as(r.body()).isEqualTo(200);
		Parameters p = r.as(Parameters.class);
		assertThat(p.getParameterValue("result").primitiveValue()).isEqualTo("true");
		List<String> targets = p.getParameter().stream().filter(x -> x.getName().equals("match")).flatMap(x -> x.getPart().stream())
				.filter(x -> x.getName().equals("concept")).map(x -> ((org.hl7.fhir.r4.model.Coding) x.getValue()).getCode()).toList();
		assertThat(targets).containsExactly("E11.9");
	}
}

package org.custodian.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;

class QualityChecksTest {

	private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

	private final QualityChecks checks = new QualityChecks(FhirContext.forR4Cached(), (code, on) -> !code.equals("J18.99"));

	private List<String> found(Resource r) {
		return checks.check(r, NOW).stream().map(i -> i.check() + ": " + i.detail()).toList();
	}

	private static Observation vital(String loinc, double value, String unit) {
		Observation o = new Observation();
		o.getCode().addCoding(new Coding(QualityChecks.LOINC, loinc, null));
		o.setValue(new Quantity().setValue(value).setSystem("http://unitsofmeasure.org").setCode(unit));
		return o;
	}

	@Test
	void loincAndSnomedCodesAreCheckedByTheirCheckDigits() {
		assertThat(List.of("8867-4", "29463-7", "39156-5", "11506-3", "2823-3", "LA6576-8", "LP7786-9")).allMatch(
				CheckDigits::loinc);
		assertThat(List.of("8867-5", "29463", "2346-7", "a-1", "-4", "LX6576-8")).noneMatch(CheckDigits::loinc);
		assertThat(List.of("387713003", "405277009", "398130009", "80146002", "22298006", "44054006")).allMatch(
				CheckDigits::snomed);
		assertThat(List.of("387713004", "22298007", "123", "0387713003", "387713093")).noneMatch(CheckDigits::snomed);
	}

	@Test
	void aVitalSignIsJudgedInItsOwnUnitAndOnlyAgainstWhatALivingPatientCanHave() {
		assertThat(found(vital("8310-5", 98.6, "[degF]"))).isEmpty();
		assertThat(found(vital("8310-5", 986, "[degF]"))).singleElement().asString().startsWith("vital-sign-range: body"
				+ " temperature of 986 [degF]");
		assertThat(found(vital("8867-4", 400, "/min"))).singleElement().asString().contains("10 to 350 /min");
		assertThat(found(vital("29463-7", 180, "[lb_av]"))).isEmpty();
		assertThat(found(vital("8302-2", 5.9, "[ft_i]"))).singleElement().asString().startsWith("vital-sign-unit");
		Observation noUnit = vital("2823-3", 4.1, "");
		noUnit.getValueQuantity().setCode(null).setUnit(null);
		assertThat(found(noUnit)).singleElement().asString().startsWith("no-unit");
	}

	@Test
	void datesInTheFutureAndStaysThatEndBeforeTheyStartAreFound() {
		Encounter backwards = new Encounter();
		backwards.getPeriod().setStart(Date.from(Instant.parse("2026-03-02T10:00:00Z"))).setEnd(Date.from(Instant.parse(
				"2026-03-01T10:00:00Z")));
		Condition later = new Condition().setRecordedDate(Date.from(Instant.parse("2027-01-01T00:00:00Z")));
		Condition tomorrowMorning = new Condition().setRecordedDate(Date.from(Instant.parse("2026-11-25T06:00:00Z")));

		assertThat(found(backwards)).singleElement().asString().startsWith("ends-before-start");
		assertThat(found(later)).singleElement().asString().isEqualTo("future-date: recorded date 2027-01-01 is in the future");
		assertThat(found(tomorrowMorning)).as("within a day: clocks and time zones").isEmpty();
	}

	@Test
	void aPatientLacksWhatUsCoreRequiresAndACodeItsSystemDoesNotHave() {
		Patient bare = new Patient();
		bare.addName().setFamily("Doe");
		Patient whole = new Patient().setGender(AdministrativeGender.FEMALE).setBirthDate(Date.from(Instant.parse(
				"1980-01-01T00:00:00Z")));
		whole.addIdentifier().setSystem("urn:mrn").setValue("1");
		whole.addName().setFamily("Doe");
		Condition madeUp = new Condition();
		madeUp.getCode().addCoding(new Coding(QualityChecks.ICD10CM, "J18.99", null));

		assertThat(found(bare)).extracting(s -> s.substring(0, s.indexOf(':'))).containsExactly("patient-identifier",
				"patient-sex", "patient-birth-date");
		assertThat(found(whole)).isEmpty();
		assertThat(found(madeUp)).singleElement().asString().isEqualTo("invalid-code: J18.99 is not an ICD-10-CM code");
	}
}

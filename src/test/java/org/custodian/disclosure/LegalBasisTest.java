package org.custodian.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Set;

import org.custodian.disclosure.Decision.Outcome;
import org.junit.jupiter.api.Test;

/** The legal basis of a release, scenario by scenario, as a release-of-information specialist meets them. */
class LegalBasisTest {

	private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

	private static Request request(Requester who, Purpose why, Instrument on, SensitiveCategory... sensitive) {
		return new Request("p1", who, "Requester", why, on, Set.of(sensitive), TODAY.minusDays(3), null, false, false);
	}

	/** A complete, signed, unexpired authorization covering {@code covers}. */
	private static Authorization valid(boolean part2, SensitiveCategory... covers) {
		return new Authorization("All records of 2025 admissions", "Springfield General", "Requester", "Claim review",
				TODAY.plusMonths(6), null, TODAY.minusDays(10), false, null, true, true, true, Set.of(covers), part2, null, false,
				"DocumentReference/a1");
	}

	private static Set<String> codes(Decision d) {
		return d.reasons().stream().map(Decision.Reason::code).collect(java.util.stream.Collectors.toSet());
	}

	@Test
	void releasesThePatientsOwnRequestWithoutAuthorizationButNotTheirPsychotherapyNotes() {
		Decision d = LegalBasis.decide(request(Requester.PATIENT, Purpose.PATIENT_REQUEST, Instrument.NONE,
				SensitiveCategory.HIV, SensitiveCategory.SUBSTANCE_USE, SensitiveCategory.PSYCHOTHERAPY_NOTES), null, TODAY);

		assertThat(d.outcome()).isEqualTo(Outcome.RELEASE);
		assertThat(codes(d)).containsExactly("right-of-access");
		assertThat(d.released()).as("the whole designated record set, asked for or not").containsExactlyInAnyOrder(
				SensitiveCategory.HIV, SensitiveCategory.SUBSTANCE_USE, SensitiveCategory.BEHAVIORAL_HEALTH,
				SensitiveCategory.REPRODUCTIVE, SensitiveCategory.GENETIC);
		assertThat(d.withheld().get(SensitiveCategory.PSYCHOTHERAPY_NOTES)).contains("164.524(a)(1)(i)");
	}

	@Test
	void holdsAPersonalRepresentativesRequestUntilTheirAuthorityIsVerified() {
		Request unverified = request(Requester.PERSONAL_REPRESENTATIVE, Purpose.PATIENT_REQUEST, Instrument.NONE);
		Request verified = new Request("p1", Requester.PERSONAL_REPRESENTATIVE, "Daughter", Purpose.PATIENT_REQUEST,
				Instrument.NONE, Set.of(), TODAY, null, true, false);

		assertThat(LegalBasis.decide(unverified, null, TODAY).outcome()).isEqualTo(Outcome.HOLD);
		assertThat(codes(LegalBasis.decide(unverified, null, TODAY))).contains("representative-authority");
		assertThat(LegalBasis.decide(verified, null, TODAY).outcome()).isEqualTo(Outcome.RELEASE);
	}

	@Test
	void refusesAnAttorneyWhoseAuthorizationLacksTheRequiredStatementsAndSaysWhichAreMissing() {
		Authorization defective = new Authorization("All records", "Springfield General", "Requester", "Litigation",
				TODAY.plusMonths(1), null, TODAY.minusDays(2), false, null, true, false, false, Set.of(), false, null, false, null);

		Decision d = LegalBasis.decide(request(Requester.ATTORNEY, Purpose.LEGAL, Instrument.AUTHORIZATION), defective, TODAY);

		assertThat(d.outcome()).isEqualTo(Outcome.REFUSE);
		assertThat(d.reasons()).filteredOn(r -> r.code().equals("authorization-incomplete")).extracting(Decision.Reason::text)
				.anySatisfy(t -> assertThat(t).contains("conditioned").contains("164.508(c)(2)(ii)"))
				.anySatisfy(t -> assertThat(t).contains("redisclosed").contains("164.508(c)(2)(iii)"));
	}

	@Test
	void refusesWhenAuthorizationExpiredOrRevokedOrKnownFalse() {
		Request insurer = request(Requester.INSURER, Purpose.UNDERWRITING, Instrument.AUTHORIZATION);
		Authorization expired = new Authorization("All records", "Springfield General", "Requester", "Underwriting",
				TODAY.minusDays(1), null, TODAY.minusYears(1), false, null, true, true, true, Set.of(), false, null, false, null);
		Authorization revoked = new Authorization("All records", "Springfield General", "Requester", "Underwriting",
				TODAY.plusYears(1), null, TODAY.minusMonths(2), false, null, true, true, true, Set.of(), false, TODAY.minusDays(5),
				false, null);

		assertThat(codes(LegalBasis.decide(insurer, expired, TODAY))).contains("authorization-expired");
		assertThat(LegalBasis.decide(insurer, expired, TODAY).outcome()).isEqualTo(Outcome.REFUSE);
		assertThat(codes(LegalBasis.decide(insurer, revoked, TODAY))).contains("authorization-revoked");
		assertThat(LegalBasis.decide(insurer, revoked, TODAY).outcome()).isEqualTo(Outcome.REFUSE);
	}

	@Test
	void releasesToAnInsurerWithAValidAuthorizationOnlyTheSensitiveRecordsItNames() {
		Decision d = LegalBasis.decide(request(Requester.INSURER, Purpose.UNDERWRITING, Instrument.AUTHORIZATION,
				SensitiveCategory.HIV, SensitiveCategory.GENETIC), valid(false, SensitiveCategory.HIV), TODAY);

		assertThat(d.outcome()).isEqualTo(Outcome.RELEASE);
		assertThat(codes(d)).contains("authorization-valid");
		assertThat(d.released()).containsExactly(SensitiveCategory.HIV);
		assertThat(d.withheld()).containsOnlyKeys(SensitiveCategory.GENETIC);
	}

	@Test
	void holdsAnEmployerWithoutAuthorization() {
		Decision d = LegalBasis.decide(request(Requester.EMPLOYER, Purpose.EMPLOYMENT, Instrument.NONE), null, TODAY);

		assertThat(d.outcome()).isEqualTo(Outcome.HOLD);
		assertThat(d.reasons()).singleElement().satisfies(r -> {
			assertThat(r.code()).isEqualTo("authorization-required");
			assertThat(r.text()).contains("an employer").contains("164.508(a)(1)");
		});
	}

	@Test
	void holdsASubpoenaWithoutAssurancesAndNeverReleasesSubstanceUseRecordsOnASubpoena() {
		Request bare = request(Requester.ATTORNEY, Purpose.LEGAL, Instrument.SUBPOENA, SensitiveCategory.SUBSTANCE_USE);
		Request assured = new Request("p1", Requester.ATTORNEY, "Firm", Purpose.LEGAL, Instrument.SUBPOENA,
				Set.of(SensitiveCategory.SUBSTANCE_USE), TODAY, null, false, true);

		Decision held = LegalBasis.decide(bare, null, TODAY);
		Decision released = LegalBasis.decide(assured, null, TODAY);

		assertThat(held.outcome()).isEqualTo(Outcome.HOLD);
		assertThat(codes(held)).contains("subpoena-without-assurances");
		assertThat(released.outcome()).isEqualTo(Outcome.RELEASE);
		assertThat(codes(released)).contains("subpoena-with-assurances");
		assertThat(released.withheld().get(SensitiveCategory.SUBSTANCE_USE)).contains("2.61");
	}

	@Test
	void aCourtOrderNeedsNoAuthorizationButIsLimitedToWhatItNames() {
		Decision d = LegalBasis.decide(request(Requester.COURT, Purpose.LEGAL, Instrument.COURT_ORDER), null, TODAY);

		assertThat(d.outcome()).isEqualTo(Outcome.RELEASE);
		assertThat(codes(d)).containsExactly("court-order");
		assertThat(d.conditions()).anySatisfy(c -> assertThat(c).contains("expressly names"));
	}

	@Test
	void releasesSubstanceUseRecordsForTreatmentOnlyWithAPart2ConsentAndAlwaysWithTheRedisclosureNotice() {
		Request provider = request(Requester.PROVIDER, Purpose.TREATMENT, Instrument.NONE, SensitiveCategory.SUBSTANCE_USE);

		Decision without = LegalBasis.decide(provider, null, TODAY);
		Decision with = LegalBasis.decide(provider, valid(true, SensitiveCategory.SUBSTANCE_USE), TODAY);

		assertThat(without.outcome()).isEqualTo(Outcome.RELEASE);
		assertThat(codes(without)).contains("tpo");
		assertThat(without.withheld().get(SensitiveCategory.SUBSTANCE_USE)).contains("2.31");
		assertThat(with.released()).containsExactly(SensitiveCategory.SUBSTANCE_USE);
		assertThat(with.conditions()).anySatisfy(c -> assertThat(c).contains("42 CFR 2.32").contains("copy of the patient's"));
	}

	@Test
	void psychotherapyNotesNeedAnAuthorizationOfTheirOwn() {
		Request insurer = request(Requester.INSURER, Purpose.UNDERWRITING, Instrument.AUTHORIZATION,
				SensitiveCategory.PSYCHOTHERAPY_NOTES);

		Decision combined = LegalBasis.decide(insurer, valid(false, SensitiveCategory.PSYCHOTHERAPY_NOTES, SensitiveCategory.HIV),
				TODAY);
		Decision alone = LegalBasis.decide(insurer, valid(false, SensitiveCategory.PSYCHOTHERAPY_NOTES), TODAY);

		assertThat(combined.withheld().get(SensitiveCategory.PSYCHOTHERAPY_NOTES)).contains("164.508(b)(3)(ii)");
		assertThat(alone.released()).containsExactly(SensitiveCategory.PSYCHOTHERAPY_NOTES);
	}

	@Test
	void paymentDisclosuresAreLimitedToTheMinimumNecessary() {
		Decision d = LegalBasis.decide(request(Requester.INSURER, Purpose.PAYMENT, Instrument.NONE), null, TODAY);

		assertThat(d.outcome()).isEqualTo(Outcome.RELEASE);
		assertThat(d.conditions()).anySatisfy(c -> assertThat(c).contains("Minimum necessary"));
	}

	@Test
	void aPatientsRequestForAnAccountingIsDueInSixtyDaysAndOnlyThePatientMayMakeIt() {
		Request patient = request(Requester.PATIENT, Purpose.ACCOUNTING, Instrument.NONE);
		Request attorney = request(Requester.ATTORNEY, Purpose.ACCOUNTING, Instrument.NONE);

		assertThat(patient.kind()).isEqualTo(RequestKind.ACCOUNTING);
		assertThat(LegalBasis.decide(patient, null, TODAY).outcome()).isEqualTo(Outcome.RELEASE);
		assertThat(codes(LegalBasis.decide(patient, null, TODAY))).containsExactly("accounting-request");
		assertThat(LegalBasis.decide(attorney, null, TODAY).outcome()).isEqualTo(Outcome.REFUSE);
	}

	@Test
	void aPatientsWrittenDirectionSendsTheirRecordToAThirdPartyButNotTheirSubstanceUseRecordsWithoutAPart2Consent() {
		Request directed = new Request("p1", Requester.ATTORNEY, "Dewey & Partners", Purpose.LEGAL,
				Instrument.PATIENT_DIRECTION, Set.of(), TODAY, null, false, false);

		Decision d = LegalBasis.decide(directed, null, TODAY);

		assertThat(directed.kind()).isEqualTo(RequestKind.ACCESS);
		assertThat(d.outcome()).isEqualTo(Outcome.RELEASE);
		assertThat(codes(d)).containsExactly("patient-direction");
		assertThat(d.released()).contains(SensitiveCategory.HIV).doesNotContain(SensitiveCategory.SUBSTANCE_USE);
		assertThat(d.withheld()).containsKeys(SensitiveCategory.SUBSTANCE_USE, SensitiveCategory.PSYCHOTHERAPY_NOTES);
		assertThat(Accountability.accountable(Accountability.basis(d))).isFalse();
	}
}

package org.custodian.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** What copies cost: a patient's own at cost or a flat fee and never a search fee; third parties by schedule. */
class FeesTest {

	private static final FeeSchedule SCHEDULE = FeeSchedule.defaults();

	private static Request request(Requester who, Purpose why) {
		return new Request("p1", who, "Someone", why, Instrument.NONE, Set.of(), LocalDate.of(2026, 11, 1), null, true, false);
	}

	@Test
	void aPatientsElectronicCopyIsTheFlatFeeAndNeverASearchFee() {
		Fees.Invoice invoice = Fees.of(request(Requester.PATIENT, Purpose.PATIENT_REQUEST), "pdf", "portal", 40, false, SCHEDULE);

		assertThat(invoice.total()).isEqualByComparingTo("6.50");
		assertThat(invoice.text()).contains("no search or retrieval fee");
	}

	@Test
	void aPatientsPaperCopyIsCopyingPerPagePlusPostage() {
		Fees.Invoice invoice = Fees.of(request(Requester.PERSONAL_REPRESENTATIVE, Purpose.PATIENT_REQUEST), "paper", "mail", 20,
				false, SCHEDULE);

		assertThat(invoice.total()).isEqualByComparingTo(new BigDecimal("5.00").add(new BigDecimal("0.73")));
	}

	@Test
	void aCopyThePatientTakesOnlineIsFree() {
		assertThat(Fees.of(request(Requester.PATIENT, Purpose.PATIENT_REQUEST), "pdf", "portal", 12, true, SCHEDULE).total())
				.isEqualByComparingTo("0");
	}

	@Test
	void treatmentAndPublicHealthAreFreeAndThirdPartiesPayTheSchedule() {
		assertThat(Fees.of(request(Requester.PROVIDER, Purpose.TREATMENT), "pdf", "mail", 30, false, SCHEDULE).total())
				.isEqualByComparingTo("0");
		assertThat(Fees.of(request(Requester.GOVERNMENT_AGENCY, Purpose.PUBLIC_HEALTH), "fhir", "direct", null, false, SCHEDULE)
				.total()).isEqualByComparingTo("0");
		assertThat(Fees.of(request(Requester.ATTORNEY, Purpose.LEGAL), "pdf", "mail", 10, false, SCHEDULE).total())
				.isEqualByComparingTo(new BigDecimal("25.00").add(new BigDecimal("5.00")).add(new BigDecimal("0.73")));
	}

	@Test
	void aCopyThePatientDirectsToAThirdPartyPaysTheThirdPartySchedule() {
		Request directed = new Request("p1", Requester.ATTORNEY, "Firm", Purpose.LEGAL, Instrument.PATIENT_DIRECTION, Set.of(),
				LocalDate.of(2026, 11, 1), null, false, false);

		assertThat(Fees.of(directed, "pdf", "email", 10, false, SCHEDULE).total())
				.isEqualByComparingTo(new BigDecimal("25.00").add(new BigDecimal("5.00")));
	}
}

package org.custodian.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Deadlines from the law: access 30 + 30 days, accounting 60 + 30, a stricter state's rule, the organization's own. */
class DeadlinesTest {

	private static final LocalDate RECEIVED = LocalDate.of(2026, 11, 2);

	@Test
	void accessIsDueInThirtyDaysOrSixtyWithItsOneExtension() {
		Deadlines federal = new Deadlines(DisclosureProperties.federal());

		assertThat(federal.due(RequestKind.ACCESS, RECEIVED, null, false)).isEqualTo(LocalDate.of(2026, 12, 2));
		assertThat(federal.due(RequestKind.ACCESS, RECEIVED, null, true)).isEqualTo(LocalDate.of(2027, 1, 1));
	}

	@Test
	void anAccountingIsDueInSixtyDaysOrNinetyWithItsExtension() {
		Deadlines federal = new Deadlines(DisclosureProperties.federal());

		assertThat(federal.due(RequestKind.ACCOUNTING, RECEIVED, null, false)).isEqualTo(RECEIVED.plusDays(60));
		assertThat(federal.due(RequestKind.ACCOUNTING, RECEIVED, null, true)).isEqualTo(RECEIVED.plusDays(90));
	}

	@Test
	void aStricterStateShortensAccessAndALaxerOneDoesNotLengthenIt() {
		Deadlines rules = new Deadlines(new DisclosureProperties(null, null, null, null, null, Map.of("CA", 15, "XX", 45), null, null,
				null));

		assertThat(rules.due(RequestKind.ACCESS, RECEIVED, "ca", false)).isEqualTo(RECEIVED.plusDays(15));
		assertThat(rules.due(RequestKind.ACCESS, RECEIVED, "XX", false)).isEqualTo(RECEIVED.plusDays(30));
		assertThat(rules.due(RequestKind.ACCESS, RECEIVED, "NY", false)).isEqualTo(RECEIVED.plusDays(30));
	}

	@Test
	void aThirdPartyDisclosureHasTheOrganizationsDeadlineAndNoExtension() {
		Deadlines federal = new Deadlines(DisclosureProperties.federal());

		assertThat(federal.due(RequestKind.DISCLOSURE, RECEIVED, null, true)).isEqualTo(RECEIVED.plusDays(30));
		assertThat(federal.extension(RequestKind.DISCLOSURE)).isZero();
	}
}

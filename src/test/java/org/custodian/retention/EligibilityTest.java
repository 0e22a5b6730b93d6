package org.custodian.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.custodian.retention.Schedule.RecordClass;
import org.custodian.retention.Schedule.Trigger;
import org.junit.jupiter.api.Test;

class EligibilityTest {

	private static final Schedule ADULT = new Schedule(1, "Adult", RecordClass.ADULT, "*", null, Trigger.LAST_ENCOUNTER, 120,
			null, null);
	private static final Schedule MINOR = new Schedule(2, "Minor", RecordClass.MINOR, "*", null, Trigger.LAST_ENCOUNTER, 120,
			null, null);
	private static final Schedule MINOR_MAJORITY = new Schedule(3, "Minor majority", RecordClass.MINOR, "*", null,
			Trigger.AGE_OF_MAJORITY, 36, 18, null);
	private static final Schedule DECEASED = new Schedule(4, "Deceased", RecordClass.DECEASED, "*", null, Trigger.DEATH, 120,
			null, null);
	private static final List<Schedule> DEFAULTS = List.of(ADULT, MINOR, MINOR_MAJORITY, DECEASED);

	private static ChartFacts adult(LocalDate lastEncounter) {
		return new ChartFacts("p", "MRN1", LocalDate.of(1950, 5, 1), false, null, lastEncounter, lastEncounter, null, false,
				Set.of(), lastEncounter, null);
	}

	@Test
	void anAdultsChartIsKeptTenYearsAfterTheLastEncounter() {
		Eligibility.Decision d = Eligibility.of(adult(LocalDate.of(2010, 3, 4)), DEFAULTS, "US");
		assertThat(d.classes()).containsExactly(RecordClass.ADULT);
		assertThat(d.schedule()).isEqualTo(ADULT);
		assertThat(d.eligibleOn()).isEqualTo(LocalDate.of(2020, 3, 5));
		assertThat(d.basis()).contains("until 2020-03-04");
	}

	@Test
	void aMinorsChartIsKeptToTheLaterOfLastEncounterAndMajorityPlusThreeYears() {
		ChartFacts child = new ChartFacts("p", null, LocalDate.of(2008, 6, 1), false, null, LocalDate.of(2010, 1, 1),
				LocalDate.of(2012, 1, 1), null, false, Set.of(), LocalDate.of(2012, 1, 1), null);
		Eligibility.Decision d = Eligibility.of(child, DEFAULTS, "US");
		assertThat(d.classes()).containsExactly(RecordClass.MINOR);
		// 18 in 2026, plus 3 years: later than 2022.
		assertThat(d.schedule()).isEqualTo(MINOR_MAJORITY);
		assertThat(d.eligibleOn()).isEqualTo(LocalDate.of(2029, 6, 2));
	}

	@Test
	void aDeceasedPatientsChartIsKeptToTheLongestRuleThatApplies() {
		ChartFacts dead = new ChartFacts("p", null, LocalDate.of(1930, 1, 1), true, LocalDate.of(2015, 2, 1),
				LocalDate.of(2000, 1, 1), LocalDate.of(2015, 1, 20), null, false, Set.of(), LocalDate.of(2015, 2, 1), null);
		Eligibility.Decision d = Eligibility.of(dead, DEFAULTS, "US");
		assertThat(d.classes()).containsExactlyInAnyOrder(RecordClass.ADULT, RecordClass.DECEASED);
		assertThat(d.schedule()).isEqualTo(DECEASED);
		assertThat(d.eligibleOn()).isEqualTo(LocalDate.of(2025, 2, 2));
	}

	@Test
	void theJurisdictionsOwnRuleReplacesTheRuleForAnywhere() {
		Schedule massachusetts = new Schedule(9, "MA adult", RecordClass.ADULT, "US-MA", null, Trigger.DISCHARGE, 240, null,
				null);
		ChartFacts stay = new ChartFacts("p", null, LocalDate.of(1950, 1, 1), false, null, LocalDate.of(2001, 1, 1),
				LocalDate.of(2005, 1, 1), LocalDate.of(2004, 1, 1), false, Set.of(), LocalDate.of(2005, 1, 1), null);
		List<Schedule> schedules = List.of(ADULT, massachusetts);
		assertThat(Eligibility.of(stay, schedules, "US-MA").eligibleOn()).isEqualTo(LocalDate.of(2024, 1, 2));
		assertThat(Eligibility.of(stay, schedules, "US-NY").eligibleOn()).isEqualTo(LocalDate.of(2015, 1, 2));
	}

	@Test
	void aCountrysRuleAppliesInItsSubdivisionsWithoutTheirOwn() {
		Schedule us = new Schedule(10, "US adult", RecordClass.ADULT, "US", null, Trigger.LAST_ENCOUNTER, 84, null, null);
		assertThat(Eligibility.of(adult(LocalDate.of(2010, 1, 1)), List.of(ADULT, us), "us-ma").schedule()).isEqualTo(us);
		assertThat(Eligibility.of(adult(LocalDate.of(2010, 1, 1)), List.of(ADULT, us), "CA-ON").schedule()).isEqualTo(ADULT);
	}

	@Test
	void aJurisdictionsRuleForOneDocumentTypeLeavesTheOtherTypesRulesInPlace() {
		Schedule operative = new Schedule(7, "Operative reports", RecordClass.DOCUMENT, "*", "11504-8", Trigger.LAST_ENCOUNTER,
				null, null, null);
		Schedule discharge = new Schedule(8, "MA discharge summaries", RecordClass.DOCUMENT, "US-MA", "18842-5",
				Trigger.LAST_ENCOUNTER, 360, null, null);
		ChartFacts both = new ChartFacts("p", null, LocalDate.of(1950, 1, 1), false, null, null, LocalDate.of(2001, 1, 1), null,
				false, Set.of("11504-8", "18842-5"), LocalDate.of(2001, 1, 1), null);
		assertThat(Eligibility.of(both, List.of(ADULT, operative, discharge), "US-MA").permanent()).isTrue();
	}

	@Test
	void aPermanentDocumentScheduleKeepsTheWholeChart() {
		Schedule operative = new Schedule(7, "Operative reports", RecordClass.DOCUMENT, "*", "11504-8", Trigger.LAST_ENCOUNTER,
				null, null, null);
		ChartFacts withReport = new ChartFacts("p", null, LocalDate.of(1950, 1, 1), false, null, null, LocalDate.of(2001, 1, 1),
				null, false, Set.of("11504-8"), LocalDate.of(2001, 1, 1), null);
		Eligibility.Decision d = Eligibility.of(withReport, List.of(ADULT, operative), "US");
		assertThat(d.permanent()).isTrue();
		assertThat(d.schedule()).isEqualTo(operative);
		assertThat(Eligibility.of(adult(LocalDate.of(2001, 1, 1)), List.of(ADULT, operative), "US").permanent()).isFalse();
	}

	@Test
	void anAccountableDisclosureHoldsTheChartUntilItLeavesTheAccounting() {
		ChartFacts disclosed = new ChartFacts("p", null, LocalDate.of(1950, 1, 1), false, null, null, LocalDate.of(2010, 1, 1),
				null, false, Set.of(), LocalDate.of(2010, 1, 1), LocalDate.of(2018, 7, 1));
		Eligibility.Decision d = Eligibility.of(disclosed, DEFAULTS, "US");
		assertThat(d.eligibleOn()).isEqualTo(LocalDate.of(2024, 7, 2));
		assertThat(d.basis()).contains("164.528");
	}

	@Test
	void aChartNoScheduleCanDateIsKept() {
		Eligibility.Decision d = Eligibility.of(adult(LocalDate.of(2001, 1, 1)), List.of(DECEASED), "US");
		assertThat(d.permanent()).isTrue();
		assertThat(d.schedule()).isNull();
		assertThat(d.basis()).contains("kept");
	}
}

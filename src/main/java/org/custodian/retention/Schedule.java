package org.custodian.retention;

import java.time.LocalDate;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One retention rule: records of a class, in a jurisdiction, are kept for a period after a trigger
 * (the last encounter, a discharge, the age of majority, death). A null period keeps them for ever.
 * Rules are never edited, only retired and replaced, so a certificate names the rule as it stood.
 *
 * @param jurisdiction an ISO 3166-2 code ({@code US-MA}), or {@code *} for where no rule of its own applies
 * @param documentType for the document class: the LOINC code of the document type it keeps longer
 */
public record Schedule(int id, String name, RecordClass recordClass, String jurisdiction, @Nullable String documentType,
		Trigger trigger, @Nullable Integer periodMonths, @Nullable Integer majorityAge, @Nullable String citation) {

	public static final String ANYWHERE = "*";

	/** Who a rule is about. A chart is in several at once (a deceased minor in a study). */
	public enum RecordClass {
		ADULT, MINOR, DECEASED, RESEARCH, DOCUMENT;

		public String code() {
			return name().toLowerCase(Locale.ROOT);
		}

		static RecordClass of(String code) {
			return valueOf(code.toUpperCase(Locale.ROOT));
		}
	}

	/** The event the period runs from. */
	public enum Trigger {
		LAST_ENCOUNTER, DISCHARGE, AGE_OF_MAJORITY, DEATH;

		public String code() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		static Trigger of(String code) {
			return valueOf(code.toUpperCase(Locale.ROOT).replace('-', '_'));
		}
	}

	public boolean permanent() {
		return periodMonths == null;
	}

	/** The first day the records may be destroyed, counted from {@code trigger}; null when kept for ever. */
	@Nullable LocalDate eligibleFrom(LocalDate triggerDate) {
		return periodMonths == null ? null : triggerDate.plusMonths(periodMonths).plusDays(1);
	}

	/** The period as people say it: "10 years", "18 months", "permanently". */
	public String period() {
		if (periodMonths == null) {
			return "permanently";
		}
		if (periodMonths % 12 == 0) {
			int years = periodMonths / 12;
			return years + (years == 1 ? " year" : " years");
		}
		return periodMonths + (periodMonths == 1 ? " month" : " months");
	}
}

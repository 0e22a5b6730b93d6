package org.custodian.retention;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.custodian.retention.Schedule.RecordClass;
import org.jspecify.annotations.Nullable;

/**
 * The first day a chart may be destroyed (pure). The chart's classes (adult or minor at its last
 * care, deceased, research subject, and a class per document type it holds) select the schedules of
 * the hospital's jurisdiction, or, for a class with no rule there, the country's, else those meant
 * for anywhere. Every
 * selected schedule gives a date and the chart is kept to the latest of them, as a records manager
 * keeps to the longest period that applies; any permanent one keeps it for ever. A chart no schedule
 * can date is kept (nothing is destroyed without a rule). And an accountable disclosure holds the chart
 * until that disclosure leaves the six-year accounting the patient may ask for (45 CFR 164.528).
 */
public final class Eligibility {

	/** How long a disclosure stays in the accounting of disclosures. */
	static final Period ACCOUNTING = Period.ofYears(6);
	private static final int DEFAULT_MAJORITY = 18;

	/** The date and its reasons. {@code eligibleOn} null: kept permanently. */
	public record Decision(Set<RecordClass> classes, @Nullable Schedule schedule, @Nullable LocalDate triggerDate,
			@Nullable LocalDate eligibleOn, String basis) {

		public boolean permanent() {
			return eligibleOn == null;
		}
	}

	private Eligibility() {
	}

	public static Decision of(ChartFacts facts, List<Schedule> schedules, String jurisdiction) {
		Set<RecordClass> classes = classesOf(facts, schedules, jurisdiction);
		List<String> reasons = new ArrayList<>();
		Schedule chosen = null;
		LocalDate chosenTrigger = null;
		LocalDate latest = null;
		for (Schedule s : applicable(classes, facts.documentTypes(), schedules, jurisdiction)) {
			LocalDate trigger = triggerDate(s, facts);
			if (trigger == null) {
				reasons.add(s.name() + ": does not apply (no " + s.trigger().code().replace('-', ' ') + ")");
				continue;
			}
			if (s.permanent()) {
				reasons.add(s.name() + ": kept permanently");
				return new Decision(classes, s, trigger, null, String.join("; ", reasons));
			}
			LocalDate from = s.eligibleFrom(trigger);
			reasons.add(s.name() + ": " + s.period() + " from " + trigger + ", until " + from.minusDays(1));
			if (latest == null || from.isAfter(latest)) {
				latest = from;
				chosen = s;
				chosenTrigger = trigger;
			}
		}
		if (chosen == null) {
			reasons.add("no schedule dates this chart, so it is kept");
			return new Decision(classes, null, null, null, String.join("; ", reasons));
		}
		LocalDate disclosure = facts.lastAccountableDisclosure();
		if (disclosure != null && !disclosure.plus(ACCOUNTING).isBefore(latest)) {
			latest = disclosure.plus(ACCOUNTING).plusDays(1);
			reasons.add("the disclosure of " + disclosure + " stays in the accounting of disclosures (45 CFR 164.528)"
					+ " until " + latest.minusDays(1));
		}
		return new Decision(classes, chosen, chosenTrigger, latest, String.join("; ", reasons));
	}

	static Set<RecordClass> classesOf(ChartFacts facts, List<Schedule> schedules, String jurisdiction) {
		Set<RecordClass> classes = EnumSet.noneOf(RecordClass.class);
		classes.add(minorAtLastCare(facts, majorityAge(schedules, jurisdiction)) ? RecordClass.MINOR : RecordClass.ADULT);
		if (facts.deceased()) {
			classes.add(RecordClass.DECEASED);
		}
		if (facts.researchSubject()) {
			classes.add(RecordClass.RESEARCH);
		}
		if (schedules.stream().anyMatch(s -> s.recordClass() == RecordClass.DOCUMENT
				&& facts.documentTypes().contains(s.documentType()))) {
			classes.add(RecordClass.DOCUMENT);
		}
		return classes;
	}

	/**
	 * Per class (per document type, for the document class), the most specific jurisdiction's rules:
	 * the subdivision's ({@code US-MA}), else the country's ({@code US}), else those for anywhere.
	 */
	static List<Schedule> applicable(Set<RecordClass> classes, Set<String> documentTypes, List<Schedule> schedules,
			String jurisdiction) {
		List<Schedule> out = new ArrayList<>();
		for (RecordClass c : classes) {
			if (c == RecordClass.DOCUMENT) {
				for (String type : documentTypes) {
					out.addAll(mostSpecific(schedules.stream().filter(s -> s.recordClass() == c && type.equals(s.documentType()))
							.toList(), jurisdiction));
				}
			} else {
				out.addAll(mostSpecific(schedules.stream().filter(s -> s.recordClass() == c).toList(), jurisdiction));
			}
		}
		return out;
	}

	private static List<Schedule> mostSpecific(List<Schedule> rules, String jurisdiction) {
		String where = jurisdiction.toUpperCase(java.util.Locale.ROOT);
		List<String> levels = new ArrayList<>(List.of(where));
		if (where.contains("-")) {
			levels.add(where.substring(0, where.indexOf('-')));
		}
		levels.add(Schedule.ANYWHERE);
		for (String level : levels) {
			List<Schedule> own = rules.stream().filter(s -> s.jurisdiction().equals(level)).toList();
			if (!own.isEmpty()) {
				return own;
			}
		}
		return List.of();
	}

	private static @Nullable LocalDate triggerDate(Schedule s, ChartFacts facts) {
		switch (s.trigger()) {
			case LAST_ENCOUNTER:
				return facts.lastCare();
			case DISCHARGE:
				return facts.lastDischarge();
			case AGE_OF_MAJORITY:
				return facts.birthDate() == null ? null : facts.birthDate().plusYears(s.majorityAge());
			case DEATH:
				if (!facts.deceased()) {
					return null;
				}
				// A death recorded without its date runs from the last the chart knew of the patient.
				return facts.deathDate() != null ? facts.deathDate() : facts.lastChange();
			default:
				throw new IllegalStateException(s.trigger().name());
		}
	}

	private static boolean minorAtLastCare(ChartFacts facts, int majority) {
		return facts.birthDate() != null && facts.birthDate().plusYears(majority).isAfter(facts.lastCare());
	}

	/** The age of majority the minors' rules name (the jurisdiction's, else anywhere's), 18 if none does. */
	private static int majorityAge(List<Schedule> schedules, String jurisdiction) {
		List<Schedule> minors = applicable(EnumSet.of(RecordClass.MINOR), Set.of(), schedules, jurisdiction);
		return minors.stream().filter(s -> s.majorityAge() != null).mapToInt(Schedule::majorityAge).max()
				.orElse(DEFAULT_MAJORITY);
	}
}

package org.custodian.retention;

import java.time.LocalDate;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What retention turns on in one chart, as read through the gate: the patient's birth and death,
 * the care given (first and last encounter, last inpatient discharge), whether the patient is a
 * research subject, which document types the chart holds, when it last changed, and the last
 * disclosure that must stay in the accounting of disclosures.
 */
public record ChartFacts(String patient, @Nullable String recordNumber, @Nullable LocalDate birthDate, boolean deceased,
		@Nullable LocalDate deathDate, @Nullable LocalDate firstEncounter, @Nullable LocalDate lastEncounter,
		@Nullable LocalDate lastDischarge, boolean researchSubject, Set<String> documentTypes, LocalDate lastChange,
		@Nullable LocalDate lastAccountableDisclosure) {

	public ChartFacts {
		documentTypes = Set.copyOf(documentTypes);
	}

	/** The day care last happened: the last encounter, or, for a chart without one, its last change. */
	LocalDate lastCare() {
		return lastEncounter != null ? lastEncounter : lastChange;
	}
}

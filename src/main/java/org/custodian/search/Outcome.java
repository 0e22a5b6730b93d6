package org.custodian.search;

/** What mapping one extracted FHIR value produced; anything but MAPPED/EMPTY is counted in diagnostics. */
enum Outcome {
	/** At least one entry was added. */
	MAPPED,
	/** The value holds nothing searchable (e.g. a primitive carrying only extensions). */
	EMPTY,
	/** A datatype search deliberately does not index (Annotation, Attachment, SampledData, a whole resource...). */
	IGNORED,
	/** A datatype this parameter type has no mapping for: a gap worth looking at. */
	UNSUPPORTED,
	/** The value is present but malformed (an unreadable date, a conditional reference...). */
	INVALID;

	static Outcome of(boolean added) {
		return added ? MAPPED : EMPTY;
	}
}

package org.custodian.validation;


import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

/**
 * The datatype invariants that are cheap to test without a FHIRPath engine and catch real
 * mistakes: ext-1, per-1, qty-3 (errors, as in R4), and two warnings R4 does not make errors:
 * a Reference that says nothing (R5 ref-2) and a Quantity comparator without a value.
 */
final class Invariants {

	private static final long DAY = 24L * 60 * 60 * 1000;

	private Invariants() {}

	static void check(IBase element, ResourceWalker walker) {
		if (element instanceof Extension extension) {
			extension(extension, walker);
		} else if (element instanceof Reference reference) {
			reference(reference, walker);
		} else if (element instanceof Period period) {
			period(period, walker);
		} else if (element instanceof Quantity quantity) {
			quantity(quantity, walker);
		}
	}

	private static void extension(Extension extension, ResourceWalker walker) {
		if (extension.getValue() == null && !extension.hasExtension()) {
			walker.error("Extension must have either a value or nested extensions (ext-1)");
		}
	}

	private static void reference(Reference reference, ResourceWalker walker) {
		boolean saysSomething = reference.hasReference() || reference.hasIdentifier() || reference.hasDisplay()
				|| reference.hasExtension() || reference.getResource() != null;
		if (!saysSomething) {
			walker.report(ValidationIssue.Severity.WARNING, null,
					"Reference has none of reference, identifier, display (R5 ref-2)");
		}
	}

	private static void period(Period period, ResourceWalker walker) {
		DateTimeType start = period.getStartElement();
		DateTimeType end = period.getEndElement();
		if (start.getValue() == null || end.getValue() == null) {
			return;
		}
		// FHIRPath compares values of different precision as "unknown"; only flag a start that lies
		// after every instant the end could denote.
		long endUpper = end.getValue().getTime() + span(end.getPrecision());
		if (start.getPrecision() != end.getPrecision()) {
			endUpper += DAY;
		}
		if (start.getValue().getTime() >= endUpper) {
			walker.report(ValidationIssue.Severity.ERROR, "start", "Period start " + start.getValueAsString()
					+ " is after end " + end.getValueAsString() + " (per-1)");
		}
	}

	private static void quantity(Quantity quantity, ResourceWalker walker) {
		if (quantity.hasCode() && !quantity.hasSystem()) {
			walker.report(ValidationIssue.Severity.ERROR, "system", "A Quantity with a code must have a system (qty-3)");
		}
		if (quantity.hasComparator() && !quantity.hasValue()) {
			walker.report(ValidationIssue.Severity.WARNING, "comparator", "A Quantity comparator without a value means nothing");
		}
	}

	private static long span(TemporalPrecisionEnum precision) {
		return switch (precision) {
			case YEAR -> 366 * DAY;
			case MONTH -> 31 * DAY;
			case DAY -> DAY;
			case MINUTE -> 60_000L;
			case SECOND -> 1_000L;
			case MILLI -> 1L;
		};
	}
}

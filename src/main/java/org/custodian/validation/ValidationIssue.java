package org.custodian.validation;

/**
 * One finding about a resource. {@code location} is a FHIRPath-like path such as
 * {@code Patient.contact[0].name}; indexes appear only on repeating elements, and a choice element
 * is named as it is written on the wire ({@code Observation.valueQuantity}).
 */
public record ValidationIssue(Severity severity, String location, String message) {

	/** ERROR rejects the write; WARNING is reported but accepted. */
	public enum Severity {
		ERROR, WARNING
	}

	public static ValidationIssue error(String location, String message) {
		return new ValidationIssue(Severity.ERROR, location, message);
	}

	public static ValidationIssue warning(String location, String message) {
		return new ValidationIssue(Severity.WARNING, location, message);
	}

	public boolean isError() {
		return severity == Severity.ERROR;
	}

	@Override
	public String toString() {
		return severity + " " + location + ": " + message;
	}
}

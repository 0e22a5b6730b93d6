package org.custodian.disclosure;

/**
 * Records that the law or policy protects beyond the rest of the record: never released unless the
 * basis covers them explicitly.
 */
public enum SensitiveCategory {
	/** Psychotherapy notes (164.501): only with an authorization for them alone (164.508(a)(2)). */
	PSYCHOTHERAPY_NOTES,
	/** Substance-use treatment records of a Part 2 program (42 CFR Part 2): a Part 2 consent or a Part 2 court order. */
	SUBSTANCE_USE,
	BEHAVIORAL_HEALTH, HIV, REPRODUCTIVE, GENETIC;

	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	public static SensitiveCategory of(String code) {
		return valueOf(code.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
	}
}

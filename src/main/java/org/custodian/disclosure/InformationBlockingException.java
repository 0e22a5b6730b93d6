package org.custodian.disclosure;

/**
 * The exceptions of the information-blocking rule (45 CFR 171, subparts B and C) that a delay or
 * denial of access may rest on. ONC's rule asks an actor who does not give electronic health
 * information promptly to show which exception it met; a request that is extended, or denied,
 * records the one relied on so that counsel can answer for it later.
 */
public enum InformationBlockingException {
	PREVENTING_HARM("Preventing Harm", "171.201"),
	PRIVACY("Privacy", "171.202"),
	SECURITY("Security", "171.203"),
	INFEASIBILITY("Infeasibility", "171.204"),
	HEALTH_IT_PERFORMANCE("Health IT Performance", "171.205"),
	MANNER("Manner", "171.301");

	private final String title;
	private final String section;

	InformationBlockingException(String title, String section) {
		this.title = title;
		this.section = section;
	}

	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/** As a letter or a record cites it: "Infeasibility (45 CFR 171.204)". */
	public String citation() {
		return title + " (45 CFR " + section + ")";
	}

	public static InformationBlockingException of(String code) {
		return valueOf(code.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
	}
}

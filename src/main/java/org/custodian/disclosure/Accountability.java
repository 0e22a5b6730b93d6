package org.custodian.disclosure;

/**
 * Whether a disclosure must appear in an accounting (45 CFR 164.528(a)(1)): not when it was to the
 * patient, for treatment, payment or operations, or under the patient's authorization; yes when it
 * was under a court order or a subpoena, for public health or oversight, to law enforcement, for
 * research without authorization, and for anything else the Privacy Rule permitted without one.
 */
final class Accountability {

	private Accountability() {}

	/** The basis of a release, as a code: the first reason of its decision that names one. */
	static String basis(Decision d) {
		return d.reasons().stream().map(Decision.Reason::code)
				.filter(c -> !c.startsWith("authorization-") || c.equals("authorization-valid")).findFirst().orElse("other");
	}

	static boolean accountable(String basis) {
		return switch (basis) {
			case "right-of-access", "patient-direction", "accounting-request", "tpo", "authorization-valid" -> false;
			default -> true;
		};
	}
}

package org.custodian.disclosure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Whether an authorization is valid (45 CFR 164.508(b)(2)): every core element and required
 * statement of 164.508(c) present, not expired, not revoked, nothing on it known to be false. Each
 * defect is one reason, naming the element the form lacks.
 */
final class AuthorizationCheck {

	private AuthorizationCheck() {}

	static List<Decision.Reason> defects(Authorization a, LocalDate today) {
		List<Decision.Reason> out = new ArrayList<>();
		missing(out, a.description(), "a specific description of the information to be disclosed (164.508(c)(1)(i))");
		missing(out, a.discloser(), "who may disclose it (164.508(c)(1)(ii))");
		missing(out, a.recipient(), "to whom it may be disclosed (164.508(c)(1)(iii))");
		missing(out, a.purpose(), "the purpose of the disclosure (164.508(c)(1)(iv))");
		if (a.expires() == null && blank(a.expiryEvent())) {
			out.add(new Decision.Reason("authorization-incomplete", "The authorization has no expiration date or event"
					+ " (164.508(c)(1)(v))"));
		}
		if (a.signedOn() == null) {
			out.add(new Decision.Reason("authorization-incomplete", "The authorization is not signed and dated"
					+ " (164.508(c)(1)(vi))"));
		} else if (a.signedOn().isAfter(today)) {
			out.add(new Decision.Reason("authorization-false", "The authorization is dated in the future (" + a.signedOn() + ")"));
		}
		if (a.representative() && blank(a.authority())) {
			out.add(new Decision.Reason("authorization-incomplete", "Signed by a personal representative without a"
					+ " description of their authority to act for the patient (164.508(c)(1)(vi))"));
		}
		if (!a.revocationStatement()) {
			out.add(new Decision.Reason("authorization-incomplete", "The statement of the right to revoke in writing, and how,"
					+ " is missing (164.508(c)(2)(i))"));
		}
		if (!a.conditioningStatement()) {
			out.add(new Decision.Reason("authorization-incomplete", "The statement on whether treatment, payment, enrolment or"
					+ " eligibility may be conditioned on signing is missing (164.508(c)(2)(ii))"));
		}
		if (!a.redisclosureStatement()) {
			out.add(new Decision.Reason("authorization-incomplete", "The statement that the information may be redisclosed and"
					+ " no longer protected is missing (164.508(c)(2)(iii))"));
		}
		if (a.expires() != null && a.expires().isBefore(today)) {
			out.add(new Decision.Reason("authorization-expired", "The authorization expired on " + a.expires()));
		}
		if (a.revokedOn() != null && !a.revokedOn().isAfter(today)) {
			out.add(new Decision.Reason("authorization-revoked", "The patient revoked the authorization on " + a.revokedOn()));
		}
		if (a.knownFalse()) {
			out.add(new Decision.Reason("authorization-false", "Information on the authorization is known to be false"));
		}
		return out;
	}

	private static void missing(List<Decision.Reason> out, @Nullable String value, String element) {
		if (blank(value)) {
			out.add(new Decision.Reason("authorization-incomplete", "The authorization does not state " + element));
		}
	}

	private static boolean blank(@Nullable String s) {
		return s == null || s.isBlank();
	}
}

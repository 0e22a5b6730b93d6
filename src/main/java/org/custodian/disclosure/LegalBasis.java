package org.custodian.disclosure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.disclosure.Decision.Outcome;
import org.custodian.disclosure.Decision.Reason;
import org.jspecify.annotations.Nullable;

/**
 * Decides the legal basis of a release, as a specialist and counsel would: first the ground the
 * request stands on (the patient's right of access, treatment, payment or operations, a court order,
 * a subpoena with assurances, public health or oversight, or else the patient's authorization), then
 * the authorization itself where there is one, then each sensitive category asked for, which goes
 * only when the basis covers it explicitly. Pure: the same request, authorization and day always give
 * the same decision.
 */
public final class LegalBasis {

	private LegalBasis() {}

	public static Decision decide(Request request, @Nullable Authorization authorization, LocalDate today) {
		Builder d = new Builder();
		boolean needsAuthorization = ground(request, authorization != null, d);
		List<Reason> defects = authorization == null ? List.of() : AuthorizationCheck.defects(authorization, today);
		boolean authorized = authorization != null && defects.isEmpty();
		if (authorization != null) {
			if (defects.isEmpty()) {
				d.reason("authorization-valid", "The authorization has every element and statement 164.508(c) requires, and is"
						+ " in force");
				d.condition("Check that " + request.requesterName() + " is the recipient the authorization names ("
						+ authorization.recipient() + ") and release only what it describes");
			} else {
				defects.forEach(r -> d.reason(r.code(), r.text()));
				if (needsAuthorization) {
					d.worsen(Outcome.REFUSE);
				}
			}
		}
		// The patient's right of access reaches the whole designated record set, asked for or not.
		Set<SensitiveCategory> judged = request.rightOfAccess() ? EnumSet.allOf(SensitiveCategory.class) : request.sensitive();
		for (SensitiveCategory c : judged) {
			sensitive(request, c, authorized ? authorization : null, d);
		}
		if (d.released.contains(SensitiveCategory.SUBSTANCE_USE)) {
			d.condition("Every release of substance-use records carries the notice prohibiting redisclosure that 42 CFR 2.32"
					+ " prescribes, and a copy of the patient's Part 2 consent");
		}
		return d.build();
	}

	/** The ground the request stands on; true when only an authorization can give it one. */
	private static boolean ground(Request r, boolean authorizationGiven, Builder d) {
		if (r.purpose() == Purpose.ACCOUNTING) {
			if (!r.byThePatient()) {
				d.worsen(Outcome.REFUSE);
				d.reason("accounting-not-patient", "Only the patient (or their personal representative) may ask for an"
						+ " accounting of disclosures (164.528(a))");
			} else {
				if (r.requester() == Requester.PERSONAL_REPRESENTATIVE && !r.representativeAuthorityVerified()) {
					d.worsen(Outcome.HOLD);
					d.reason("representative-authority", "Verify the personal representative's authority before answering"
							+ " (164.502(g))");
				}
				d.reason("accounting-request", "The patient's request for an accounting of disclosures (164.528): answer within"
						+ " 60 days with the accounting of the six years before the request; the first in any 12 months is free");
			}
			return false;
		}
		if (r.directedByThePatient()) {
			d.reason("patient-direction", "The patient's signed, written direction to send their record to "
					+ r.requesterName() + " (164.524(c)(3)(ii)): the right of access, so no authorization is needed");
			d.condition("Check that the direction is in writing, signed by the patient, and clearly names " + r.requesterName()
					+ " and where to send the copy");
			return false;
		}
		if (r.byThePatient() && r.purpose() == Purpose.PATIENT_REQUEST) {
			if (r.requester() == Requester.PERSONAL_REPRESENTATIVE && !r.representativeAuthorityVerified()) {
				d.worsen(Outcome.HOLD);
				d.reason("representative-authority", "Verify the personal representative's authority (guardianship, health-care"
						+ " power of attorney, parent of a minor) before release (164.502(g))");
			}
			d.reason("right-of-access", "The patient's own request under the right of access (164.524): no authorization is"
					+ " needed; answer within the deadline, in the form asked for if it can readily be produced");
			return false;
		}
		if (r.instrument() == Instrument.COURT_ORDER) {
			d.reason("court-order", "An order of a court or administrative tribunal (164.512(e)(1)(i)): no authorization is"
					+ " needed");
			d.condition("Release only the records the order expressly names");
			return false;
		}
		if (r.instrument() == Instrument.SUBPOENA && !authorizationGiven) {
			if (r.assurances()) {
				d.reason("subpoena-with-assurances", "A subpoena with satisfactory assurances that the patient was notified and"
						+ " did not object in time, or a qualified protective order (164.512(e)(1)(ii))");
				d.condition("Release only what the subpoena asks for, nothing beyond it");
			} else {
				d.worsen(Outcome.HOLD);
				d.reason("subpoena-without-assurances", "A subpoena not signed by a judge is not enough on its own: it needs"
						+ " satisfactory assurances (notice to the patient and the time to object passed, or a qualified"
						+ " protective order), or the patient's authorization (164.512(e)(1)(ii))");
			}
			return false;
		}
		if (r.purpose().tpo() && (r.requester() == Requester.PROVIDER || r.requester() == Requester.INSURER)) {
			d.reason("tpo", "A disclosure for " + r.purpose().code() + " to a " + r.requester().code() + " (164.506): no"
					+ " authorization is needed");
			if (r.purpose() != Purpose.TREATMENT) {
				d.condition("Minimum necessary (164.502(b)): only what " + r.purpose().code() + " requires");
			}
			return false;
		}
		if (r.requester() == Requester.GOVERNMENT_AGENCY
				&& (r.purpose() == Purpose.PUBLIC_HEALTH || r.purpose() == Purpose.HEALTH_OVERSIGHT)) {
			d.reason(r.purpose() == Purpose.PUBLIC_HEALTH ? "public-health" : "health-oversight", "A disclosure to a"
					+ " government agency for " + r.purpose().code().replace('-', ' ') + " ("
					+ (r.purpose() == Purpose.PUBLIC_HEALTH ? "164.512(b)" : "164.512(d)") + "): no authorization is needed");
			d.condition("Minimum necessary (164.502(b)); it is a disclosure to account for (164.528)");
			return false;
		}
		if (!authorizationGiven) {
			d.worsen(Outcome.HOLD);
			d.reason("authorization-required", "A disclosure to " + article(r.requester()) + " for " + r.purpose().code()
					.replace('-', ' ') + " needs the patient's authorization (164.508(a)(1))" + alternative(r));
		}
		return true;
	}

	private static String alternative(Request r) {
		return switch (r.requester()) {
			case LAW_ENFORCEMENT -> ", or a court order, warrant or subpoena (164.512(f)(1))";
			case RESEARCHER -> ", or an IRB or privacy board's waiver (164.512(i))";
			case ATTORNEY -> ", or a court order or a subpoena with assurances (164.512(e))";
			default -> "";
		};
	}

	private static String article(Requester r) {
		String code = r.code().replace('-', ' ');
		return (code.matches("^[aeiou].*") ? "an " : "a ") + code;
	}

	/** Whether one sensitive category asked for may go, and why. */
	private static void sensitive(Request r, SensitiveCategory c, @Nullable Authorization a, Builder d) {
		boolean covered = a != null && a.covers().contains(c);
		switch (c) {
			case PSYCHOTHERAPY_NOTES -> {
				if (r.rightOfAccess() && a == null) {
					d.withhold(c, "Psychotherapy notes are outside the right of access (164.524(a)(1)(i)); the patient may ask"
							+ " the clinician who wrote them");
				} else if (covered && a.covers().size() == 1) {
					d.release(c);
				} else if (covered) {
					d.withhold(c, "Psychotherapy notes need an authorization of their own, not combined with others"
							+ " (164.508(b)(3)(ii))");
				} else {
					d.withhold(c, "Psychotherapy notes need an authorization that names them (164.508(a)(2))");
				}
			}
			case SUBSTANCE_USE -> {
				if (r.byThePatient() && r.purpose() == Purpose.PATIENT_REQUEST) {
					d.release(c); // the patient's own records (42 CFR 2.23)
				} else if (r.directedByThePatient() && !(a != null && a.part2Consent() && covered)) {
					d.withhold(c, "Substance-use treatment records go to a third party only with the patient's consent under"
							+ " 42 CFR 2.31 naming them, even at the patient's direction");
				} else if (a != null && a.part2Consent() && covered) {
					d.release(c);
				} else if (a != null) {
					d.withhold(c, "The authorization is not a consent under 42 CFR 2.31 naming substance-use treatment records;"
							+ " they need one");
				} else if (r.instrument() == Instrument.COURT_ORDER) {
					d.withhold(c, "Substance-use treatment records need a court order with the findings of 42 CFR 2.64 or 2.65;"
							+ " check the order, or ask for the patient's Part 2 consent");
				} else if (r.instrument() == Instrument.SUBPOENA) {
					d.withhold(c, "A subpoena alone never compels substance-use treatment records (42 CFR 2.61); they need a"
							+ " Part 2 court order or the patient's Part 2 consent");
				} else {
					d.withhold(c, "Substance-use treatment records need the patient's consent under 42 CFR 2.31, naming them");
				}
			}
			default -> {
				if (r.rightOfAccess() || covered) {
					d.release(c);
				} else {
					d.withhold(c, "Records of " + c.code().replace('-', ' ') + " are released only when the patient's"
							+ " authorization names them (state law and this organization's policy)");
				}
			}
		}
	}

	private static final class Builder {
		Outcome outcome = Outcome.RELEASE;
		final List<Reason> reasons = new ArrayList<>();
		final Set<SensitiveCategory> released = EnumSet.noneOf(SensitiveCategory.class);
		final Map<SensitiveCategory, String> withheld = new LinkedHashMap<>();
		final List<String> conditions = new ArrayList<>();

		void worsen(Outcome o) {
			if (o.ordinal() > outcome.ordinal()) {
				outcome = o;
			}
		}

		void reason(String code, String text) {
			reasons.add(new Reason(code, text));
		}

		void condition(String text) {
			conditions.add(text);
		}

		void release(SensitiveCategory c) {
			released.add(c);
		}

		void withhold(SensitiveCategory c, String why) {
			withheld.put(c, why);
		}

		Decision build() {
			return new Decision(outcome, reasons, released, withheld, conditions);
		}
	}
}

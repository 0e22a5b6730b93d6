package org.custodian.disclosure;

import java.time.LocalDate;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A patient's authorization as the specialist reads it off the signed form: the core elements and
 * required statements of 45 CFR 164.508(c), what it covers, and what is known about it since.
 *
 * @param description      the information to be disclosed, described specifically
 * @param discloser        who may disclose (this organization, by name or class)
 * @param recipient        to whom
 * @param purpose          the purpose ("at the request of the individual" is enough)
 * @param expires          the expiration date, or null when an expiration event is given
 * @param expiryEvent      the expiration event ("end of the research study"), or null
 * @param signedOn         the date of the signature; null when unsigned
 * @param representative   signed by a personal representative, whose authority must be described
 * @param authority        the representative's authority (power of attorney, guardian, parent)
 * @param revocationStatement    the right to revoke in writing, and how
 * @param conditioningStatement  whether treatment, payment, enrolment or eligibility may be conditioned on signing
 * @param redisclosureStatement  that the information may be redisclosed and no longer protected
 * @param covers           the sensitive categories it names explicitly (psychotherapy notes need a form of their own)
 * @param part2Consent     it is also a consent meeting 42 CFR 2.31 for substance-use records
 * @param revokedOn        when the patient revoked it in writing, or null
 * @param knownFalse       the organization knows something on it to be false
 * @param document         the stored scan of the signed form ({@code DocumentReference/id}), or null
 */
public record Authorization(@Nullable String description, @Nullable String discloser, @Nullable String recipient,
		@Nullable String purpose, @Nullable LocalDate expires, @Nullable String expiryEvent, @Nullable LocalDate signedOn,
		boolean representative, @Nullable String authority, boolean revocationStatement, boolean conditioningStatement,
		boolean redisclosureStatement, Set<SensitiveCategory> covers, boolean part2Consent, @Nullable LocalDate revokedOn,
		boolean knownFalse, @Nullable String document) {

	public Authorization {
		covers = Set.copyOf(covers);
	}

	/** The same authorization, its signed form's scan stored as {@code reference}. */
	public Authorization withDocument(String reference) {
		return new Authorization(description, discloser, recipient, purpose, expires, expiryEvent, signedOn, representative,
				authority, revocationStatement, conditioningStatement, redisclosureStatement, covers, part2Consent, revokedOn,
				knownFalse, reference);
	}
}

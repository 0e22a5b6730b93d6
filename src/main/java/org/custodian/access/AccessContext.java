package org.custodian.access;

/**
 * The capability to touch patient data. Every record-store method requires one, and only
 * {@link AccessGate} can mint one, so no code path reaches the record without passing the gate.
 * Today the gate admits every caller and only records who they are (issue 4 adds sign-in, roles,
 * treatment relationships, consent and break-the-glass; issue 5 the audit trail that reads
 * {@link #actor()} and {@link #purpose()}).
 */
public final class AccessContext {

	private final String actor;
	private final String purpose;
	private final String origin;

	AccessContext(String actor, String purpose, String origin) {
		this.actor = actor;
		this.purpose = purpose;
		this.origin = origin;
	}

	/** Who acts: a user, a client application, or a named system task. */
	public String actor() {
		return actor;
	}

	/** Why, as a purpose-of-use code (HL7 v3 ActReason: TREAT, HOPERAT, …). */
	public String purpose() {
		return purpose;
	}

	/** Where the request came from: a client address, or {@code cli}. */
	public String origin() {
		return origin;
	}

	@Override
	public String toString() {
		return actor + " (" + purpose + ", " + origin + ")";
	}
}

package org.custodian.account;

/**
 * The audit hook of administration: every change to an account (created, roles set, disabled or
 * enabled, password set, second factor renewed) is reported here, inside the transaction that makes
 * it. Unlike sign-in events, a change that cannot be recorded is not made: the implementation
 * throws, and the change rolls back.
 */
public interface AccountChanges {

	/** Who made the change, to whose account, and what it was (never a password or a secret). */
	void changed(String actor, String username, String change);
}

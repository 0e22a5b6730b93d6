package org.custodian.account;

import org.jspecify.annotations.Nullable;

/**
 * The result of one sign-in step. A refusal never says whether the username exists or which of
 * username and password was wrong; a locked account is said to be locked, because its owner must
 * know to wait, and the lockout already tells an attacker nothing new.
 */
public record SignIn(Outcome outcome, @Nullable UserAccount account) {

	public enum Outcome {
		/** Every factor given: the user is signed in. */
		SIGNED_IN,
		/** The password was right; a code from the user's authenticator must follow. */
		SECOND_FACTOR_NEEDED,
		REFUSED,
		LOCKED
	}

	static SignIn refused() {
		return new SignIn(Outcome.REFUSED, null);
	}

	static SignIn locked() {
		return new SignIn(Outcome.LOCKED, null);
	}
}

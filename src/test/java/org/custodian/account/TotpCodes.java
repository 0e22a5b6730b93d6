package org.custodian.account;

import java.net.URI;
import java.time.Instant;

/** For tests: the code an authenticator app would show, from the secret in an enrolment URI. */
public final class TotpCodes {

	private TotpCodes() {
	}

	public static String now(Enrolment enrolment, Instant time) {
		String query = URI.create(enrolment.secondFactorUri()).getRawQuery();
		String secret = query.substring("secret=".length(), query.indexOf('&'));
		return Totp.code(Base32.decode(secret), Totp.step(time));
	}
}

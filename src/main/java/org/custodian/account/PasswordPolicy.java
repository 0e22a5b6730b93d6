package org.custodian.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;

/**
 * What a password must be: at least 12 characters (length is what makes a password hard to guess,
 * NIST SP 800-63B), not the username or containing it, not one of the passwords every attacker
 * tries first, and not one character repeated. No rules about character classes: they make
 * passwords harder to remember, not to guess.
 */
public final class PasswordPolicy {

	public static final int MIN_LENGTH = 12;
	/** Long enough for any passphrase; the cap keeps one sign-in from costing the hash of a megabyte. */
	public static final int MAX_LENGTH = 256;

	/** Passwords of 12 or more characters found at the top of public breach lists, lower-cased. */
	private static final Set<String> COMMON = Set.of("123456789012", "1234567890123", "12345678901234",
			"password1234", "password12345", "password123!", "passwordpassword", "qwertyuiopas", "qwerty123456",
			"qwertyuiop12", "1q2w3e4r5t6y", "iloveyou1234", "letmein12345", "welcome12345", "welcome123456",
			"administrator", "admin1234567", "changeme1234", "abcdefghijkl", "abc123456789", "trustno1trustno1",
			"monkey123456", "football1234", "baseball1234", "sunshine1234", "princess1234", "superman1234",
			"starwars1234", "p@ssw0rd1234", "p@ssword1234", "passw0rd1234", "hospital1234", "custodian123",
			"custodian1234", "healthcare12", "zaq12wsxcde3", "1qaz2wsx3edc", "asdfghjkl123", "qazwsxedcrfv");

	private PasswordPolicy() {
	}

	/** The reasons {@code password} is refused for {@code username}; empty when it is acceptable. */
	public static List<String> problems(String username, String password) {
		List<String> problems = new ArrayList<>();
		if (password.length() < MIN_LENGTH) {
			problems.add("A password needs at least " + MIN_LENGTH + " characters (this one has " + password.length() + ")");
		}
		if (password.length() > MAX_LENGTH) {
			problems.add("A password may have at most " + MAX_LENGTH + " characters");
		}
		String lower = password.toLowerCase(Locale.ROOT);
		if (!username.isEmpty() && lower.contains(username.toLowerCase(Locale.ROOT))) {
			problems.add("A password may not contain the username");
		}
		if (COMMON.contains(lower)) {
			problems.add("This password is among the most common ones; choose another");
		}
		if (!password.isEmpty() && password.chars().distinct().count() == 1) {
			problems.add("A password may not be one character repeated");
		}
		return problems;
	}

	/** Refuses a password that breaks the policy, saying every reason at once. */
	public static void require(String username, String password) {
		List<String> problems = problems(username, password);
		if (!problems.isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.ACCOUNT_PASSWORD_POLICY, String.join("; ", problems));
		}
	}
}

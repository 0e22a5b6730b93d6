package org.custodian.account;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, 30-second steps, six
 * digits, the form every authenticator app reads from an {@code otpauth://} URI.
 *
 * <p>Written here with {@code javax.crypto} rather than taken from a library: no maintained TOTP
 * library is among the artifacts this build may use, and the algorithm is twenty lines whose test
 * vectors are in the RFC ({@code TotpTest}). The trap is replay: a code stays valid for its whole
 * step and, with the allowed clock drift, for the steps on either side, so {@link #matchingStep}
 * returns the step a code matched and the caller must accept each step only once per account.
 */
public final class Totp {

	static final int DIGITS = 6;
	static final long STEP_SECONDS = 30;
	/** Steps of clock drift accepted either side of the current one. */
	static final int DRIFT_STEPS = 1;

	private static final SecureRandom RANDOM = new SecureRandom();

	private Totp() {
	}

	/** A new 160-bit shared secret (the size RFC 4226 recommends for HMAC-SHA1). */
	static byte[] newSecret() {
		byte[] secret = new byte[20];
		RANDOM.nextBytes(secret);
		return secret;
	}

	/** The step containing {@code time}: seconds since the epoch divided by 30. */
	static long step(Instant time) {
		return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
	}

	/** The code for one step. */
	static String code(byte[] secret, long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret, "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			return String.format("%0" + DIGITS + "d", binary % 1_000_000);
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("HmacSHA1 is not available", e);
		}
	}

	/**
	 * The step, within the allowed drift of {@code now}, whose code is {@code code}; empty when none
	 * matches. Codes are compared in constant time.
	 */
	static OptionalLong matchingStep(byte[] secret, String code, Instant now) {
		String given = code.strip();
		if (!given.matches("\\d{" + DIGITS + "}")) {
			return OptionalLong.empty();
		}
		long current = step(now);
		for (long s = current - DRIFT_STEPS; s <= current + DRIFT_STEPS; s++) {
			if (MessageDigest.isEqual(code(secret, s).getBytes(StandardCharsets.US_ASCII),
					given.getBytes(StandardCharsets.US_ASCII))) {
				return OptionalLong.of(s);
			}
		}
		return OptionalLong.empty();
	}

	/** The enrolment URI an authenticator app scans ({@code otpauth://totp/Custodian:ana?secret=…}). */
	static String uri(String issuer, String username, byte[] secret) {
		String label = encode(issuer) + ":" + encode(username);
		return "otpauth://totp/" + label + "?secret=" + Base32.encode(secret) + "&issuer=" + encode(issuer)
				+ "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}
}

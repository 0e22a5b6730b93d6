package org.custodian.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TotpTest {

	/** The SHA-1 seed of RFC 6238's appendix B. */
	private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	@Test
	void matchesTheTestVectorsOfRfc6238() {
		// The RFC lists 8-digit codes; six digits are their last six (the same value modulo 10^6).
		assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
		assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
		assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111111)))).isEqualTo("050471");
		assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1234567890)))).isEqualTo("005924");
		assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(2000000000)))).isEqualTo("279037");
	}

	@Test
	void acceptsOneStepOfClockDriftEitherSideAndNoMore() {
		Instant now = Instant.ofEpochSecond(1234567890);
		long step = Totp.step(now);

		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now)).hasValue(step - 1);
		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step + 1), now)).hasValue(step + 1);
		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 2), now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step + 2), now)).isEmpty();
	}

	@Test
	void refusesCodesThatAreNotSixDigits() {
		Instant now = Instant.ofEpochSecond(59);

		assertThat(Totp.matchingStep(RFC_SECRET, "94287082", now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SECRET, "28708", now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SECRET, "", now)).isEmpty();
	}

	@Test
	void enrolmentUriCarriesTheSecretInBase32() {
		String uri = Totp.uri("Custodian", "ana.lee", RFC_SECRET);

		assertThat(uri).isEqualTo("otpauth://totp/Custodian:ana.lee?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
				+ "&issuer=Custodian&algorithm=SHA1&digits=6&period=30");
		assertThat(Base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).isEqualTo(RFC_SECRET);
	}
}

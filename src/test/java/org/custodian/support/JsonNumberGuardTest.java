package org.custodian.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class JsonNumberGuardTest {


	@Test
	void acceptsOrdinaryNumbersAndSmallExponents() {
		assertThat(scan("{\"value\":72,\"v\":-1.5e10,\"w\":2E-300,\"x\":[0.001,1e+99]}")).isTrue();
	}

	@Test
	void refusesANumberWithAFourDigitExponent() {
		assertThat(scan("{\"valueQuantity\":{\"value\":1e5000000}}")).isFalse();
		assertThat(scan("{\"v\":3.2E-1000}")).isFalse();
	}

	@Test
	void ignoresExponentLookingTextInsideStrings() {
		assertThat(scan("{\"text\":\"dose 1e5000000 units\",\"code\":\"e12345\"}")).isTrue();
		assertThat(scan("{\"text\":\"quote \\\" then 1e99999\"}")).isTrue();
	}

	private static boolean scan(String json) {
		JsonNumberGuard guard = new JsonNumberGuard();
		for (byte b : json.getBytes(StandardCharsets.UTF_8)) {
			if (!guard.accept(b)) {
				return false;
			}
		}
		return true;
	}
}

package org.custodian.search;

import java.math.BigDecimal;

/**
 * The implicit range of a decimal as FHIR search defines it: the value plus or minus half a unit in
 * its last written digit, so {@code 100} covers [99.5, 100.5] and {@code 1.0} covers [0.95, 1.05].
 */
final class Decimals {

	private Decimals() {}

	/** Half a unit in the last place of {@code value} (5 &times; 10^-(scale+1)). */
	static BigDecimal halfUnit(BigDecimal value) {
		return BigDecimal.valueOf(5, value.scale() + 1);
	}

	static BigDecimal low(BigDecimal value) {
		return value.subtract(halfUnit(value));
	}

	static BigDecimal high(BigDecimal value) {
		return value.add(halfUnit(value));
	}
}

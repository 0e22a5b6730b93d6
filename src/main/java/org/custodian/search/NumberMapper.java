package org.custodian.search;

import java.math.BigDecimal;
import java.util.Set;

import org.custodian.search.IndexEntry.NumberRange;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Quantity;

/**
 * Number parameters (integer, positiveInt, unsignedInt, decimal; a Quantity's value) with the range
 * implied by their written precision ({@link Decimals}). A Range value (RiskAssessment probability)
 * has no single number and is reported as unsupported rather than guessed at.
 */
final class NumberMapper {

	private NumberMapper() {}

	static Outcome map(String param, Base value, Set<IndexEntry> out) {
		if (value instanceof IntegerType integer) {
			return integer.hasValue() ? add(param, BigDecimal.valueOf(integer.getValue()), out) : Outcome.EMPTY;
		}
		if (value instanceof DecimalType decimal) {
			return decimal.hasValue() ? add(param, decimal.getValue(), out) : Outcome.EMPTY;
		}
		if (value instanceof Quantity quantity) {
			return quantity.hasValue() ? add(param, quantity.getValue(), out) : Outcome.EMPTY;
		}
		return Outcome.UNSUPPORTED;
	}

	private static Outcome add(String param, BigDecimal value, Set<IndexEntry> out) {
		out.add(new NumberRange(param, value, Decimals.low(value), Decimals.high(value)));
		return Outcome.MAPPED;
	}
}

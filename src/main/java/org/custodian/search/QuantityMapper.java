package org.custodian.search;

import java.math.BigDecimal;
import java.util.Set;

import org.custodian.search.IndexEntry.QuantityValue;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.SampledData;
import org.jspecify.annotations.Nullable;

/**
 * Quantity parameters, as HAPI indexes them: a Quantity (and Age, Duration, Distance, Count,
 * SimpleQuantity) under its {@code system} and {@code code} only; its free-text {@code unit} is not
 * used as a code. Money is a quantity in {@code urn:iso:std:iso:4217} with the currency as code. A
 * Range indexes its low and its high as two quantities. SampledData is not indexed.
 */
final class QuantityMapper {

	static final String CURRENCY_SYSTEM = "urn:iso:std:iso:4217";

	private QuantityMapper() {}

	static Outcome map(String param, Base value, Set<IndexEntry> out) {
		if (value instanceof Quantity quantity) {
			return Outcome.of(quantity(param, quantity, out));
		}
		if (value instanceof Money money) {
			if (!money.hasValue()) {
				return Outcome.EMPTY;
			}
			out.add(entry(param, CURRENCY_SYSTEM, money.getCurrency(), money.getValue()));
			return Outcome.MAPPED;
		}
		if (value instanceof Range range) {
			return Outcome.of(quantity(param, range.getLow(), out) | quantity(param, range.getHigh(), out));
		}
		return value instanceof SampledData ? Outcome.IGNORED : Outcome.UNSUPPORTED;
	}

	private static boolean quantity(String param, Quantity quantity, Set<IndexEntry> out) {
		if (!quantity.hasValue()) {
			return false;
		}
		out.add(entry(param, quantity.getSystem(), quantity.getCode(), quantity.getValue()));
		return true;
	}

	private static QuantityValue entry(String param, @Nullable String system, @Nullable String code, BigDecimal value) {
		return new QuantityValue(param, SearchStrings.isBlank(system) ? null : system,
				SearchStrings.isBlank(code) ? null : code, value, Decimals.low(value), Decimals.high(value));
	}
}

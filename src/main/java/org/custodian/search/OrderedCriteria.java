package org.custodian.search;

import java.math.BigDecimal;
import java.time.Clock;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;

/**
 * Comparisons on ranges, shared by dates, numbers and quantities. A stored value covers
 * {@code [low, high]}; the searched value covers {@code [qlo, qhi]} at its precision. Semantics
 * follow FHIR R4 search §3.1.1.4.6: {@code eq} means the target lies within the searched range,
 * {@code gt}/{@code lt} that part of the target lies above/below it, {@code ge}/{@code le} also
 * admit targets within it, {@code sa}/{@code eb} that the whole target lies after/before it, and
 * {@code ap} that the target overlaps the searched range widened by 10% of its distance from now.
 */
final class OrderedCriteria {

	private OrderedCriteria() {}

	/** Appends the comparison of columns {@code low}/{@code high} with the searched range. */
	static void compare(SqlBuilder sql, SearchPrefix prefix, String low, String high, Object qlo, Object qhi) {
		switch (prefix) {
			case EQ -> sql.append(low + " >= ? and " + high + " <= ?", qlo, qhi);
			case NE -> sql.append("not (" + low + " >= ? and " + high + " <= ?)", qlo, qhi);
			case GT -> sql.append(high + " > ?", qhi);
			case LT -> sql.append(low + " < ?", qlo);
			case GE -> sql.append("(" + high + " > ? or (" + low + " >= ? and " + high + " <= ?))", qhi, qlo, qhi);
			case LE -> sql.append("(" + low + " < ? or (" + low + " >= ? and " + high + " <= ?))", qlo, qlo, qhi);
			case SA -> sql.append(low + " > ?", qhi);
			case EB -> sql.append(high + " < ?", qlo);
			case AP -> sql.append(low + " <= ? and " + high + " >= ?", qhi, qlo);
		}
	}

	/** The searched date range in epoch milliseconds, widened for {@code ap}. */
	static long[] dateRange(String param, SearchPrefix prefix, String text, Clock clock) {
		long[] range = FhirDates.range(text);
		if (range == null) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE,
					"'" + text + "' is not a FHIR date, dateTime or instant (search parameter '" + param + "')");
		}
		if (prefix == SearchPrefix.AP) {
			long now = clock.millis();
			long widen = Math.max(Math.abs(now - range[0]), Math.abs(now - range[1])) / 10;
			return new long[] {range[0] - widen, range[1] + widen};
		}
		return range;
	}

	/** The searched number range at its precision ({@code 100} covers 99.5 to 100.5), widened for {@code ap}. */
	static BigDecimal[] numberRange(String param, SearchPrefix prefix, String text) {
		BigDecimal value;
		try {
			value = new BigDecimal(text.trim());
		} catch (NumberFormatException e) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE,
					"'" + text + "' is not a number (search parameter '" + param + "')");
		}
		if (prefix == SearchPrefix.AP) {
			BigDecimal widen = value.abs().divide(BigDecimal.TEN);
			return new BigDecimal[] {value.subtract(widen), value.add(widen)};
		}
		if (prefix == SearchPrefix.EQ || prefix == SearchPrefix.NE) {
			return new BigDecimal[] {Decimals.low(value), Decimals.high(value)};
		}
		return new BigDecimal[] {value, value};
	}
}

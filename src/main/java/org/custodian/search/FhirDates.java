package org.custodian.search;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * Reads a FHIR date, dateTime or instant as written (its text, not HAPI's {@link java.util.Date},
 * which silently applies the JVM's time zone) into the inclusive range of epoch milliseconds it
 * covers at its precision. Values without a zone are taken as UTC. Fractional seconds set the
 * precision by their digit count ({@code .5} covers 500–599 ms); digits past milliseconds are dropped.
 */
final class FhirDates {

	private FhirDates() {}

	/** {@code [low, high]}, or null when the text is not a FHIR date/time. */
	static long @Nullable [] range(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return parse(text.trim());
		} catch (DateTimeException | IndexOutOfBoundsException | NumberFormatException e) {
			return null;
		}
	}

	private static long @Nullable [] parse(String s) {
		if (s.length() < 4 || s.charAt(0) == '-') {
			return null;
		}
		int year = digits(s, 0, 4);
		if (s.length() == 4) {
			LocalDateTime start = LocalDateTime.of(year, 1, 1, 0, 0);
			return span(start, start.plusYears(1), ZoneOffset.UTC);
		}
		int month = afterSeparator(s, 4, '-');
		if (s.length() == 7) {
			LocalDateTime start = LocalDateTime.of(year, month, 1, 0, 0);
			return span(start, start.plusMonths(1), ZoneOffset.UTC);
		}
		int day = afterSeparator(s, 7, '-');
		if (s.length() == 10) {
			LocalDateTime start = LocalDateTime.of(year, month, day, 0, 0);
			return span(start, start.plusDays(1), ZoneOffset.UTC);
		}
		if (s.charAt(10) != 'T') {
			return null;
		}
		return parseTime(s, LocalDateTime.of(year, month, day, digits(s, 11, 2), afterSeparator(s, 13, ':')));
	}

	/** Everything after {@code THH:MM}: optional seconds and fraction, then an optional zone. */
	private static long @Nullable [] parseTime(String s, LocalDateTime minute) {
		int pos = 16;
		LocalDateTime start = minute;
		long widthMillis = 60_000L;
		if (pos < s.length() && s.charAt(pos) == ':') {
			start = start.withSecond(digits(s, pos + 1, 2));
			widthMillis = 1_000L;
			pos += 3;
			if (pos < s.length() && s.charAt(pos) == '.') {
				int end = pos + 1;
				while (end < s.length() && Character.isDigit(s.charAt(end))) {
					end++;
				}
				String fraction = s.substring(pos + 1, end);
				if (fraction.isEmpty()) {
					return null;
				}
				int shown = Math.min(fraction.length(), 3);
				long millis = Long.parseLong((fraction + "00").substring(0, 3));
				start = start.plusNanos(millis * 1_000_000L);
				widthMillis = (long) Math.pow(10, 3 - shown);
				pos = end;
			}
		}
		ZoneOffset zone = zone(s.substring(pos));
		if (zone == null) {
			return null;
		}
		long low = start.toInstant(zone).toEpochMilli();
		return new long[] {low, low + widthMillis - 1};
	}

	private static @Nullable ZoneOffset zone(String text) {
		if (text.isEmpty() || text.equals("Z")) {
			return ZoneOffset.UTC;
		}
		if (text.length() != 6 || (text.charAt(0) != '+' && text.charAt(0) != '-') || text.charAt(3) != ':') {
			return null;
		}
		int sign = text.charAt(0) == '-' ? -1 : 1;
		return ZoneOffset.ofHoursMinutes(sign * digits(text, 1, 2), sign * digits(text, 4, 2));
	}

	private static long[] span(LocalDateTime start, LocalDateTime next, ZoneOffset zone) {
		return new long[] {start.toInstant(zone).toEpochMilli(), next.toInstant(zone).toEpochMilli() - 1};
	}

	private static int afterSeparator(String s, int at, char separator) {
		if (s.charAt(at) != separator) {
			throw new NumberFormatException("expected " + separator + " at " + at);
		}
		return digits(s, at + 1, 2);
	}

	private static int digits(String s, int from, int count) {
		int value = 0;
		for (int i = from; i < from + count; i++) {
			char c = s.charAt(i);
			if (c < '0' || c > '9') {
				throw new NumberFormatException("not a digit at " + i);
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}
}

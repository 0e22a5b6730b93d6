package org.custodian.validation;

import java.util.regex.Pattern;

import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.OidType;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.TimeType;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.UuidType;
import org.jspecify.annotations.Nullable;

/**
 * The lexical rules of the R4 primitive types that HAPI's parser does not enforce: HAPI parses
 * {@code 2020-01-01} as an instant, a dateTime with minutes but no seconds or zone, a negative
 * positiveInt and an id with spaces without complaint. Patterns are those of the specification.
 * Values HAPI could not parse at all are caught before this (their typed value is null).
 */
final class PrimitiveRules {

	private static final String YEAR = "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)";
	private static final String MONTH = "(0[1-9]|1[0-2])";
	private static final String DAY = "(0[1-9]|[1-2][0-9]|3[0-1])";
	private static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?";
	private static final String ZONE = "(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))";

	private static final Pattern DATE = Pattern.compile(YEAR + "(-" + MONTH + "(-" + DAY + ")?)?");
	private static final Pattern DATE_TIME = Pattern.compile(YEAR + "(-" + MONTH + "(-" + DAY + "(T" + TIME + ZONE + ")?)?)?");
	private static final Pattern INSTANT = Pattern.compile(YEAR + "-" + MONTH + "-" + DAY + "T" + TIME + ZONE);
	private static final Pattern TIME_ONLY = Pattern.compile(TIME);
	private static final Pattern OID = Pattern.compile("urn:oid:[0-2](\\.(0|[1-9][0-9]*))+");
	private static final Pattern UUID = Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
	private static final int MAX_STRING = 1024 * 1024;
	/**
	 * Bound on decimals. A value such as {@code 1e5000000} is one digit on the wire but five million
	 * when written out, which HAPI does when encoding: it would hold a server thread for minutes.
	 */
	static final int MAX_DECIMAL_DIGITS = 1000;

	private PrimitiveRules() {}

	/** Why {@code text}, the value of {@code value}, breaks its type's rules; null when it does not. */
	@Nullable
	static String violation(IPrimitiveType<?> value, String text) {
		if (value instanceof DateTimeType || value instanceof InstantType || value instanceof DateType) {
			return dateViolation(value, text);
		}
		if (value instanceof UriType) {
			return uriViolation(value, text);
		}
		if (value instanceof CodeType) {
			return isCode(text) ? controlCharacter(text) : "Code '" + text + "' has leading, trailing or repeated whitespace";
		}
		if (value instanceof StringType) {
			return text.length() <= MAX_STRING ? controlCharacter(text) : "String is longer than 1 MiB";
		}
		if (value instanceof PositiveIntType p) {
			return p.getValue() > 0 ? null : "positiveInt must be at least 1, found " + text;
		}
		if (value instanceof UnsignedIntType u) {
			return u.getValue() >= 0 ? null : "unsignedInt must not be negative, found " + text;
		}
		if (value instanceof TimeType) {
			return TIME_ONLY.matcher(text).matches() ? null : "Invalid time '" + text + "' (hh:mm:ss)";
		}
		return null;
	}

	/** Why a decimal is too large to handle, or null; never builds the decimal's text. */
	static @Nullable String oversizedDecimal(DecimalType d) {
		if (d.getValue() != null && !reasonableDecimal(d.getValue())) {
			return "Decimal is out of range: at most " + MAX_DECIMAL_DIGITS + " significant digits and a magnitude"
					+ " between 1e-" + MAX_DECIMAL_DIGITS + " and 1e" + MAX_DECIMAL_DIGITS;
		}
		return null;
	}

	private static boolean reasonableDecimal(java.math.BigDecimal v) {
		int exponent = v.precision() - v.scale() - 1;
		return v.precision() <= MAX_DECIMAL_DIGITS && Math.abs(exponent) <= MAX_DECIMAL_DIGITS
				&& Math.abs(v.scale()) <= MAX_DECIMAL_DIGITS;
	}

	/**
	 * FHIR strings may not hold characters below U+0020 other than tab, carriage return and line
	 * feed; PostgreSQL cannot store U+0000 in text at all.
	 */
	private static @Nullable String controlCharacter(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
				return String.format("Contains the control character U+%04X at position %d, which FHIR does not allow", (int) c, i);
			}
		}
		return null;
	}

	/** Whether {@code id} (without any leading {@code #} of a contained resource) is a valid FHIR id. */
	static boolean isId(String id) {
		int length = id.length();
		if (length == 0 || length > 64) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = id.charAt(i);
			boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable String dateViolation(IPrimitiveType<?> value, String text) {
		if (value instanceof InstantType) {
			return INSTANT.matcher(text).matches() ? null
					: "Invalid instant '" + text + "' (needs date, time to the second and zone)";
		}
		if (value instanceof DateType) {
			return DATE.matcher(text).matches() ? null : "Invalid date '" + text + "' (YYYY, YYYY-MM or YYYY-MM-DD)";
		}
		return DATE_TIME.matcher(text).matches() ? null
				: "Invalid dateTime '" + text + "' (a time needs seconds and a zone)";
	}

	private static @Nullable String uriViolation(IPrimitiveType<?> value, String text) {
		if (value instanceof IdType id) {
			// HAPI keeps a contained resource's id with its local-reference '#'.
			String part = id.getIdPart();
			String bare = part != null && part.startsWith("#") ? part.substring(1) : part;
			return bare != null && isId(bare) ? null : "Invalid id '" + text + "' (1-64 of A-Z a-z 0-9 - .)";
		}
		if (value instanceof OidType) {
			return OID.matcher(text).matches() ? null : "Invalid oid '" + text + "'";
		}
		if (value instanceof UuidType) {
			return UUID.matcher(text).matches() ? null : "Invalid uuid '" + text + "'";
		}
		for (int i = 0; i < text.length(); i++) {
			if (Character.isWhitespace(text.charAt(i))) {
				return "URI '" + text + "' contains whitespace";
			}
		}
		return null;
	}

	/** The R4 code pattern {@code [^\s]+(\s[^\s]+)*}: no leading, trailing or doubled whitespace. */
	private static boolean isCode(String text) {
		if (text.isEmpty() || Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1))) {
			return false;
		}
		for (int i = 1; i < text.length(); i++) {
			if (Character.isWhitespace(text.charAt(i)) && Character.isWhitespace(text.charAt(i - 1))) {
				return false;
			}
		}
		return true;
	}
}

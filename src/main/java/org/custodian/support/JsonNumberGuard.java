package org.custodian.support;

/**
 * Watches a JSON body as it streams in for numbers with huge exponents ({@code 1e5000000}). HAPI's
 * JSON parser writes such a number out in full before anything else sees it, which holds a thread
 * for minutes; no FHIR decimal needs an exponent of more than three digits. The scan is a small
 * state machine over bytes that knows when it is inside a string, so text like {@code "e12345"}
 * is never mistaken for a number.
 */
public final class JsonNumberGuard {

	/** Longest exponent accepted, in digits. */
	public static final int MAX_EXPONENT_DIGITS = 3;

	private boolean inString;
	private boolean escaped;
	private boolean inNumber;
	private boolean inExponent;
	private int exponentDigits;

	/** Feeds one byte; returns false as soon as the body holds a number beyond the bound. */
	public boolean accept(int b) {
		if (inString) {
			if (escaped) {
				escaped = false;
			} else if (b == '\\') {
				escaped = true;
			} else if (b == '"') {
				inString = false;
			}
			return true;
		}
		if (b == '"') {
			inString = true;
			endNumber();
			return true;
		}
		if (inExponent) {
			if (b >= '0' && b <= '9') {
				return ++exponentDigits <= MAX_EXPONENT_DIGITS;
			}
			if ((b == '+' || b == '-') && exponentDigits == 0) {
				return true;
			}
			endNumber();
			return true;
		}
		if (b >= '0' && b <= '9' || b == '-' || b == '.') {
			inNumber = true;
		} else if ((b == 'e' || b == 'E') && inNumber) {
			inExponent = true;
			exponentDigits = 0;
		} else {
			endNumber();
		}
		return true;
	}

	/** Whether a whole JSON text stays within the bound. */
	public static boolean acceptable(CharSequence json) {
		JsonNumberGuard guard = new JsonNumberGuard();
		for (int i = 0; i < json.length(); i++) {
			if (!guard.accept(json.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/** The message for a refused number. */
	public static String refusal() {
		return "The JSON holds a number with an exponent of more than " + MAX_EXPONENT_DIGITS
				+ " digits, which no FHIR decimal needs";
	}

	private void endNumber() {
		inNumber = false;
		inExponent = false;
		exponentDigits = 0;
	}
}

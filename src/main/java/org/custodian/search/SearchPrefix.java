package org.custodian.search;

/**
 * The comparison prefixes of ordered parameters (date, number, quantity). A value with no prefix
 * means {@code eq}.
 */
enum SearchPrefix {
	EQ, NE, GT, LT, GE, LE, SA, EB, AP;

	/** The prefix of {@code value}, and the value without it. */
	record Split(SearchPrefix prefix, String value) {}

	static Split split(String value) {
		if (value.length() > 2 && Character.isLetter(value.charAt(0)) && Character.isLetter(value.charAt(1))) {
			String p = value.substring(0, 2);
			for (SearchPrefix prefix : values()) {
				if (prefix.name().equalsIgnoreCase(p)) {
					return new Split(prefix, value.substring(2));
				}
			}
		}
		return new Split(EQ, value);
	}
}

package org.custodian.identity;

import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.jspecify.annotations.Nullable;

/** The string and date comparisons the fields use. Thread-safe. */
final class Comparators {

	private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
	private static final DoubleMetaphone METAPHONE = new DoubleMetaphone();

	private Comparators() {
	}

	static double jaroWinkler(String a, String b) {
		return JARO_WINKLER.apply(a, b);
	}

	/** Whether the two sound alike: any of their Double Metaphone codes (primary, alternate) agree. */
	static boolean soundAlike(String a, String b) {
		String pa = METAPHONE.doubleMetaphone(a);
		String pb = METAPHONE.doubleMetaphone(b);
		if (pa == null || pb == null || pa.isEmpty()) {
			return false;
		}
		return pa.equals(pb) || pa.equals(METAPHONE.doubleMetaphone(b, true)) || METAPHONE.doubleMetaphone(a, true).equals(pb);
	}

	static String sound(@Nullable String word) {
		if (word == null) {
			return "";
		}
		String code = METAPHONE.doubleMetaphone(word);
		return code == null ? "" : code;
	}

	/** One character substituted, or two adjacent characters swapped: a typing slip in a number. */
	static boolean oneSlip(String a, String b) {
		if (a.length() != b.length()) {
			return false;
		}
		int first = -1;
		int differences = 0;
		for (int i = 0; i < a.length(); i++) {
			if (a.charAt(i) != b.charAt(i)) {
				if (differences == 0) {
					first = i;
				}
				differences++;
			}
		}
		if (differences == 1) {
			return true;
		}
		return differences == 2 && first + 1 < a.length() && a.charAt(first) == b.charAt(first + 1)
				&& a.charAt(first + 1) == b.charAt(first) && a.substring(first + 2).equals(b.substring(first + 2));
	}

	/** Day and month swapped ({@code yyyymmdd}). */
	static boolean dayMonthSwapped(String a, String b) {
		return a.length() == 8 && b.length() == 8 && a.substring(0, 4).equals(b.substring(0, 4))
				&& a.substring(4, 6).equals(b.substring(6, 8)) && a.substring(6, 8).equals(b.substring(4, 6));
	}
}

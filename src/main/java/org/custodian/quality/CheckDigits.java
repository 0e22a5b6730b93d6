package org.custodian.quality;

/**
 * The check digits that LOINC and SNOMED CT build into their codes, so that a mistyped or made-up
 * code is caught without the licensed content: LOINC's mod-10 digit after the hyphen, and SNOMED CT's
 * Verhoeff digit with its partition identifier.
 */
final class CheckDigits {

	private CheckDigits() {}

	/** A LOINC code: digits, a hyphen, and the mod-10 check digit of the digits (LOINC Users' Guide, appendix). */
	static boolean loinc(String code) {
		// Answers (LA), parts (LP) and groups (LG) are LOINC codes too; their check digits do not follow the
		// observation codes' mod 10 (LA6576-8, "Positive"), so only their form is checked.
		if (code.matches("L[APG]\\d{1,7}-\\d")) {
			return true;
		}
		int hyphen = code.indexOf('-');
		if (hyphen < 1 || hyphen != code.length() - 2 || !code.substring(0, hyphen).chars().allMatch(Character::isDigit)
				|| !Character.isDigit(code.charAt(hyphen + 1))) {
			return false;
		}
		String digits = code.substring(0, hyphen);
		// From the rightmost digit: double every other one starting with it, sum the digits of the results.
		int sum = 0;
		boolean doubled = true;
		for (int i = digits.length() - 1; i >= 0; i--) {
			int d = digits.charAt(i) - '0';
			if (doubled) {
				d *= 2;
				d = d / 10 + d % 10;
			}
			sum += d;
			doubled = !doubled;
		}
		return (10 - sum % 10) % 10 == code.charAt(hyphen + 1) - '0';
	}

	private static final int[][] MULTIPLY = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
			{2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
			{5, 9, 8, 7, 6, 0, 4, 3, 2, 1}, {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
			{8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
	private static final int[][] PERMUTE = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
			{5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
			{4, 2, 8, 6, 5, 7, 3, 9, 0, 1}, {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

	/**
	 * A SNOMED CT identifier: 6 to 18 digits, no leading zero, a partition identifier (the two digits
	 * before the last) that names a concept, description or relationship, and a valid Verhoeff digit.
	 */
	static boolean snomed(String sctid) {
		if (sctid.length() < 6 || sctid.length() > 18 || sctid.charAt(0) == '0' || !sctid.chars().allMatch(Character::isDigit)) {
			return false;
		}
		String partition = sctid.substring(sctid.length() - 3, sctid.length() - 1);
		if (!java.util.Set.of("00", "01", "02", "10", "11", "12").contains(partition)) {
			return false;
		}
		int check = 0;
		for (int i = 0; i < sctid.length(); i++) {
			int d = sctid.charAt(sctid.length() - 1 - i) - '0';
			check = MULTIPLY[check][PERMUTE[i % 8][d]];
		}
		return check == 0;
	}
}

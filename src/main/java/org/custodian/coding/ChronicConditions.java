package org.custodian.coding;

import java.util.List;

/**
 * The conditions that do not resolve, by ICD-10-CM category: a past-history mention of one
 * ("history of hypertension", a past medical history list) is a condition the patient still has,
 * which coders report when it is documented as affecting care. The list is the common chronic
 * categories: hypertensive and ischaemic heart disease, heart failure, atrial fibrillation,
 * diabetes, thyroid disease, lipid disorders, obesity, chronic lung and kidney disease, reflux,
 * cirrhosis, epilepsy, Parkinson's and Alzheimer's diseases, chronic mental disorders, nicotine
 * dependence, osteoarthritis, rheumatoid arthritis, osteoporosis, HIV.
 */
final class ChronicConditions {

	private static final List<String> CATEGORIES = List.of("I10", "I11", "I12", "I13", "I15", "I16", "I20", "I25", "I48",
			"I50", "I42", "E03", "E05", "E06", "E08", "E09", "E10", "E11", "E13", "E66", "E78", "J41", "J42", "J43", "J44", "J45",
			"J47", "N18", "K21", "K50", "K51", "K58", "K70", "K74", "G20", "G30", "G35", "G40", "G43", "F17", "F20", "F25", "F31",
			"F32", "F33", "F41", "F42", "F84", "F90", "M05", "M06", "M15", "M16", "M17", "M18", "M19", "M81", "B20", "D50",
			"D51", "D63", "N40", "G47", "H40");

	private ChronicConditions() {}

	static boolean chronic(String code) {
		return code.length() >= 3 && CATEGORIES.contains(code.substring(0, 3));
	}
}

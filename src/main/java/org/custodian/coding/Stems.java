package org.custodian.coding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Words reduced to a common stem, so a note's words meet a code's title ("diabetic" and "diabetes",
 * "hypertensive" and "hypertension", "fractures" and "fracture"): lower-cased, split at anything not a
 * letter or digit, and stripped of the commonest English and clinical suffixes. Deliberately light:
 * it must be fast and predictable, not linguistically complete.
 */
final class Stems {

	/** Words that carry no meaning for matching a title. */
	static final Set<String> STOP = Set.of("a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "by", "for", "from",
			"with", "as", "is", "was", "are", "were", "be", "been", "has", "had", "have", "this", "that", "these", "those", "his",
			"her", "he", "she", "it", "its", "their", "patient", "which", "who", "also", "into", "due", "other", "than");

	/** The spellings clinicians use that the classification spells otherwise. */
	private static final Map<String, String> SPELLING = Map.ofEntries(Map.entry("esophageal", "esophag"),
			Map.entry("oesophageal", "esophag"), Map.entry("tumour", "tumor"), Map.entry("haemorrhage", "hemorrhag"),
			Map.entry("anaemia", "anemia"), Map.entry("oedema", "edema"), Map.entry("feces", "fec"), Map.entry("faeces", "fec"),
			Map.entry("kidney", "renal"), Map.entry("kidneys", "renal"), Map.entry("heartburn", "reflux"), Map.entry("ii", "2"), Map.entry("iii", "3"),
			Map.entry("iv", "4"));

	private Stems() {}

	/** A word and where it is in the text. */
	record Word(String stem, int start, int end) {}

	/** The words of a text, with their places, stop words left out. */
	static List<Word> words(String text) {
		List<Word> out = new ArrayList<>();
		int n = text.length();
		int i = 0;
		while (i < n) {
			while (i < n && !Character.isLetterOrDigit(text.charAt(i))) {
				i++;
			}
			int start = i;
			while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
				i++;
			}
			if (i > start) {
				String word = text.substring(start, i).toLowerCase(Locale.ROOT);
				if (!STOP.contains(word)) {
					out.add(new Word(stem(word), start, i));
				}
			}
		}
		return out;
	}

	static String stem(String word) {
		String w = SPELLING.getOrDefault(word, word);
		if (w.length() <= 4 || !Character.isLetter(w.charAt(w.length() - 1))) {
			return w;
		}
		for (String suffix : new String[] {"ations", "ation", "ities", "ity", "ives", "ive", "ions", "ion", "ical", "ics", "ic",
				"ally", "al", "ous", "ies", "ied", "ing", "ed", "es", "s", "y", "e"}) {
			if (w.endsWith(suffix) && w.length() - suffix.length() >= 4) {
				return w.substring(0, w.length() - suffix.length());
			}
		}
		return w;
	}
}

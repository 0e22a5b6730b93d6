package org.custodian.coding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The complete codes of one release, indexed by the words of their titles, for finding the codes a
 * clause speaks of. A title's words are weighed by how rare they are (idf) and read as ICD-10-CM
 * means them: words in parentheses are nonessential modifiers (they add when present, and are not
 * missed when absent); what follows "without" is the default ("without complications") and is
 * never missed; "unspecified", "initial encounter" and the like are what the classification
 * assumes when a note says no more. Everything else in the title must be found for a code to be
 * suggested with confidence; the more of it the note supports, the more specific the suggestion.
 */
final class TitleIndex {

	/** Words of a title that the classification assumes when the note is silent. */
	private static final Set<String> DEFAULTS = java.util.stream.Stream.of("unspecified", "specified", "elsewhere", "classified", "nos", "initial",
			"encounter", "essential", "primary", "site", "unsp", "not", "part", "multiple", "single", "episode", "severity",
			"uncomplicated", "current", "organism", "female", "male").map(Stems::stem).collect(java.util.stream.Collectors.toSet());

	/** A code's title, read: the words that must be found, the words that may be, and their weights. */
	record Entry(String code, String display, String[] required, String[] optional, double requiredWeight) {}

	private final List<Entry> entries = new ArrayList<>();
	private final Map<String, List<Integer>> postings = new HashMap<>();
	private final Map<String, Double> idf = new HashMap<>();

	TitleIndex(List<TerminologyStore.Row> selectable) {
		Map<String, Integer> df = new HashMap<>();
		List<String[][]> read = new ArrayList<>();
		for (TerminologyStore.Row r : selectable) {
			String[][] words = read(r.display());
			read.add(words);
			java.util.Set<String> distinct = new java.util.HashSet<>(List.of(words[0]));
			distinct.addAll(List.of(words[1]));
			distinct.forEach(w -> df.merge(w, 1, Integer::sum));
		}
		double n = selectable.size();
		df.forEach((w, count) -> idf.put(w, Math.log(1 + n / count)));
		for (int i = 0; i < selectable.size(); i++) {
			String[][] words = read.get(i);
			double weight = 0;
			for (String w : words[0]) {
				weight += idf.get(w);
			}
			entries.add(new Entry(selectable.get(i).code(), selectable.get(i).display(), words[0], words[1], weight));
			for (String w : words[0]) {
				postings.computeIfAbsent(w, k -> new ArrayList<>()).add(i);
			}
		}
	}

	double idf(String stem) {
		return idf.getOrDefault(stem, 0.0);
	}

	List<Integer> postings(String stem) {
		return postings.getOrDefault(stem, List.of());
	}

	Entry entry(int i) {
		return entries.get(i);
	}

	/** A title as {required, optional} stems. */
	static String[][] read(String title) {
		List<String> required = new ArrayList<>();
		List<String> optional = new ArrayList<>();
		StringBuilder essential = new StringBuilder();
		StringBuilder nonessential = new StringBuilder();
		int depth = 0;
		for (char c : title.toCharArray()) {
			if (c == '(' || c == '[' || c == ')' || c == ']') {
				depth = c == '(' || c == '[' ? depth + 1 : Math.max(0, depth - 1);
				essential.append(' ');
				nonessential.append(' ');
			} else {
				(depth > 0 ? nonessential : essential).append(c);
			}
		}
		String text = essential.toString();
		// "without X" (and "not specified as X", "unspecified whether X") is the default up to the next comma
		// ("..., without complications, right ear" keeps "right ear").
		String lowered = text.toLowerCase(java.util.Locale.ROOT);
		int without = indexOfWord(lowered, "without");
		for (String defaulted : new String[] {"not specified as", "unspecified whether", "not elsewhere classified"}) {
			int at = lowered.indexOf(defaulted);
			if (at >= 0 && (without < 0 || at < without)) {
				without = at;
			}
		}
		int withoutEnd = without < 0 ? -1 : text.indexOf(',', without) < 0 ? text.length() : text.indexOf(',', without);
		String main = without < 0 ? text : text.substring(0, without) + " " + text.substring(withoutEnd);
		for (Stems.Word w : Stems.words(main)) {
			if (!DEFAULTS.contains(w.stem()) && !required.contains(w.stem())) {
				required.add(w.stem());
			}
		}
		List<Stems.Word> rest = new ArrayList<>(Stems.words(nonessential.toString()));
		if (without >= 0) {
			rest.addAll(Stems.words(text.substring(without, withoutEnd)));
		}
		for (Stems.Word w : rest) {
			if (!required.contains(w.stem()) && !optional.contains(w.stem())) {
				optional.add(w.stem());
			}
		}
		return new String[][] {required.toArray(String[]::new), optional.toArray(String[]::new)};
	}

	private static int indexOfWord(String text, String word) {
		int at = text.indexOf(word);
		while (at >= 0) {
			boolean starts = at == 0 || !Character.isLetter(text.charAt(at - 1));
			boolean ends = at + word.length() >= text.length() || !Character.isLetter(text.charAt(at + word.length()));
			if (starts && ends) {
				return at;
			}
			at = text.indexOf(word, at + 1);
		}
		return -1;
	}
}

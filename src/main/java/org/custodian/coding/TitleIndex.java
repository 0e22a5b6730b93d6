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

	/** Title words that always count as said or not, even after "without" or in parentheses. */
	private static final Set<String> NEVER_DEFAULT = java.util.stream.Stream.of("remission", "subsequent", "sequela", "right",
			"left", "bilateral", "recurrent").map(Stems::stem).collect(java.util.stream.Collectors.toSet());

	/**
	 * A title, read: the code it suggests (for a header, the complete code the classification takes
	 * when a note says no more), the words that must be found and those that may be, their weight,
	 * and whether the title was a header's.
	 */
	record Entry(String code, String display, String[] required, String[] optional, double requiredWeight, boolean header,
			String titleCode) {}

	private final List<Entry> entries = new ArrayList<>();
	private final Map<String, List<Integer>> postings = new HashMap<>();
	private final Map<String, Double> idf = new HashMap<>();

	/**
	 * Indexes a release's concepts: every complete code by its own title, and every header by its
	 * title too, standing for its default complete code ({@link #defaultUnder}), since clinicians often
	 * name a condition as its category does ("pleural effusion", "cholelithiasis").
	 */
	TitleIndex(List<TerminologyStore.Row> concepts) {
		this(concepts, List.of());
	}

	/**
	 * As {@link #TitleIndex(List)}, with the release's Alphabetic Index when it is loaded: each index
	 * path ("Effusion, pleural") a title of its code (an incomplete code by its default complete
	 * code), its nonessential modifiers words that may be said.
	 */
	TitleIndex(List<TerminologyStore.Row> concepts, List<AlphabeticIndex.Entry> index) {
		java.util.TreeMap<String, TerminologyStore.Row> complete = new java.util.TreeMap<>();
		concepts.stream().filter(TerminologyStore.Row::selectable).forEach(r -> complete.put(r.code(), r));
		List<TerminologyStore.Row> titled = new ArrayList<>();
		List<TerminologyStore.Row> standsFor = new ArrayList<>();
		for (TerminologyStore.Row r : concepts) {
			TerminologyStore.Row target = r.selectable() ? r : defaultUnder(r.code(), complete);
			if (target != null) {
				titled.add(r);
				standsFor.add(target);
			}
		}
		for (AlphabeticIndex.Entry e : index) {
			String code = AlphabeticIndex.complete(e.code(), complete);
			if (code != null) {
				// The index path, its nonessential modifiers in parentheses (which the title reading takes as optional).
				titled.add(new TerminologyStore.Row(code, true, e.phrase() + (e.nonessential().isEmpty() ? "" : " ("
						+ e.nonessential().replace("(", "").replace(")", "") + ")"), null, null));
				standsFor.add(complete.get(code));
			}
		}
		Map<String, Integer> df = new HashMap<>();
		List<String[][]> read = new ArrayList<>();
		for (TerminologyStore.Row r : titled) {
			String[][] words = read(r.display());
			read.add(words);
			java.util.Set<String> distinct = new java.util.HashSet<>(List.of(words[0]));
			distinct.addAll(List.of(words[1]));
			distinct.forEach(w -> df.merge(w, 1, Integer::sum));
		}
		double n = titled.size();
		df.forEach((w, count) -> idf.put(w, Math.log(1 + n / count)));
		for (int i = 0; i < titled.size(); i++) {
			String[][] words = read.get(i);
			double weight = 0;
			for (String w : words[0]) {
				weight += idf.get(w);
			}
			TerminologyStore.Row target = standsFor.get(i);
			entries.add(new Entry(target.code(), target.display(), words[0], words[1], weight, !titled.get(i).selectable(),
					titled.get(i).code()));
			for (String w : words[0]) {
				postings.computeIfAbsent(w, k -> new ArrayList<>()).add(i);
			}
		}
	}

	/**
	 * The complete code a header stands for when a note names only the header's condition: its
	 * "unspecified" code (the initial encounter, for injuries), else the one ending in 9, else the
	 * first; none when the header has no complete code under it.
	 */
	static TerminologyStore.@org.jspecify.annotations.Nullable Row defaultUnder(String header,
			java.util.NavigableMap<String, TerminologyStore.Row> complete) {
		var under = complete.subMap(header, false, header + Character.MAX_VALUE, false).values();
		TerminologyStore.Row best = null;
		int bestRank = Integer.MAX_VALUE;
		for (TerminologyStore.Row r : under) {
			String title = r.display().toLowerCase(java.util.Locale.ROOT);
			if (title.contains("subsequent encounter") || title.contains("sequela")) {
				continue;
			}
			int rank = (title.contains("unspecified") ? 0 : r.code().endsWith("9") || r.code().endsWith("9A") ? 1000 : 2000)
					+ r.code().length() * 10;
			if (rank < bestRank) {
				best = r;
				bestRank = rank;
			}
		}
		return best;
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
			// A remission, a side or a later encounter is never a default, whatever precedes it.
			List<String> into = NEVER_DEFAULT.contains(w.stem()) ? required : optional;
			if (!required.contains(w.stem()) && !optional.contains(w.stem())) {
				into.add(w.stem());
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

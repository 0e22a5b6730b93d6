package org.custodian.coding;

import java.util.List;
import java.util.Locale;

/**
 * Whether a mention in a clause states a current condition, as the coding guidelines ask: negated
 * ("denies chest pain", "no evidence of pneumonia", "pneumonia was ruled out"), uncertain ("rule out
 * pneumonia", "probable", "suspected", "possible", which outpatient coding does not code), of the
 * past ("history of", "status post") or of a relative ("family history of", "mother had"). The
 * trigger governs what follows it in the clause, up to a word that turns the sentence ("but",
 * "however"); a few triggers ("was ruled out", "is unlikely") govern what precedes them.
 */
final class ClinicalContext {

	/** How the clause holds the mention. */
	enum Status {
		CURRENT, NEGATED, UNCERTAIN, HISTORY, FAMILY
	}

	private static final List<String> NEGATION = List.of("no", "not", "denies", "denied", "denying", "negative for", "without",
			"free of", "absence of", "absent", "no evidence of", "no signs of", "no sign of", "ruled out", "rules out",
			"never had", "neither", "nor", "unremarkable for", "resolved", "no history of", "no h/o", "no known", "normal",
			"negative", "denial of", "nontender", "non-tender");
	private static final List<String> NEGATION_AFTER = List.of("was ruled out", "were ruled out", "has been ruled out",
			"is ruled out", "is negative", "was negative", "were negative", "is unlikely", "is excluded", "not seen", "absent",
			"resolved", "normal", "within normal limits", "unremarkable", "intact", "negative");
	private static final List<String> UNCERTAIN = List.of("rule out", "r/o", "possible", "possibly", "probable", "probably",
			"suspected", "suspect", "suspicious for", "questionable", "question of", "likely", "consistent with", "versus",
			"vs", "cannot be excluded", "concern for", "concerning for", "differential", "presumed", "may have", "might have",
			"worrisome for", "compatible with");
	private static final List<String> HISTORY = List.of("history of", "h/o", "hx of", "status post", "s/p", "previous",
			"previously", "prior", "remote", "in the past", "years ago", "childhood");
	private static final List<String> FAMILY = List.of("family history", "mother", "father", "brother", "sister", "sibling",
			"aunt", "uncle", "grandmother", "grandfather", "cousin", "son has", "daughter has", "fh of", "family hx");
	private static final List<String> TURNS = List.of(" but ", " however", " although", " except ", " aside from ",
			" which ", " though ", " yet ", " apart from ");

	private ClinicalContext() {}

	/** The status of the mention at {@code [start, end)} of {@code clause} (offsets within the clause). */
	static Status of(String clause, int start, int end, ClinicalNote.Kind section) {
		String lower = " " + clause.toLowerCase(Locale.ROOT).replace('\t', ' ') + " ";
		int s = start + 1;
		int e = end + 1;
		String before = lower.substring(0, s);
		int turn = TURNS.stream().mapToInt(before::lastIndexOf).max().orElse(-1);
		String scope = turn >= 0 ? before.substring(turn) : before;
		String after = lower.substring(Math.min(e, lower.length()));
		int turnAfter = TURNS.stream().mapToInt(t -> {
			int at = after.indexOf(t);
			return at < 0 ? Integer.MAX_VALUE : at;
		}).min().orElse(Integer.MAX_VALUE);
		String following = turnAfter == Integer.MAX_VALUE ? after : after.substring(0, turnAfter);
		if (section == ClinicalNote.Kind.FAMILY || has(scope, FAMILY)) {
			return Status.FAMILY;
		}
		if (has(scope, NEGATION) || NEGATION_AFTER.stream().anyMatch(t -> following.contains(" " + t))) {
			return Status.NEGATED;
		}
		if (has(scope, UNCERTAIN) || following.contains(" versus ") || following.contains(" vs ")
				|| following.startsWith("?")) {
			return Status.UNCERTAIN;
		}
		if (section == ClinicalNote.Kind.PAST || has(scope, HISTORY)) {
			return Status.HISTORY;
		}
		return Status.CURRENT;
	}

	/** Whether a trigger phrase occurs as whole words in the text. */
	private static boolean has(String text, List<String> triggers) {
		for (String t : triggers) {
			int at = text.indexOf(t);
			while (at >= 0) {
				boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
				int after = at + t.length();
				boolean endsWord = after >= text.length() || !Character.isLetterOrDigit(text.charAt(after));
				if (startsWord && endsWord) {
					return true;
				}
				at = text.indexOf(t, at + 1);
			}
		}
		return false;
	}
}

package org.custodian.coding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A note cut into what a coder reads separately: its sections (by their headings, "ASSESSMENT:",
 * "Past Medical History:"), and within them clauses (sentences, list items, and the parts a
 * semicolon separates), each with its place in the text so evidence can be shown where it is.
 */
final class ClinicalNote {

	/** What a section's statements are: the encounter's diagnoses, its story, the past, the family, or lists to skip. */
	enum Kind {
		DIAGNOSIS(1.0), STORY(0.7), FINDINGS(0.5), PAST(0.0), FAMILY(0.0), OTHER(0.6), SKIPPED(0.0);

		final double weight;

		Kind(double weight) {
			this.weight = weight;
		}
	}

	/** A clause: its text, where it starts, and the kind of section it is in. */
	record Clause(String text, int start, Kind kind, String heading) {}

	/** A heading: a capitalised phrase and a colon, at the start of a line or after a full stop or comma (MTSamples' ",PLAN:,"). */
	private static final Pattern HEADING = Pattern.compile("(?m)(?:^|(?<=[.\\n,]))\\s*([A-Z][A-Za-z /&'()-]{2,60}):");

	private ClinicalNote() {}

	static List<Clause> clauses(String text) {
		List<Clause> out = new ArrayList<>();
		Matcher m = HEADING.matcher(text);
		int start = 0;
		String heading = "";
		while (m.find()) {
			split(text, start, m.start(), heading, out);
			heading = m.group(1);
			start = m.end();
		}
		split(text, start, text.length(), heading, out);
		return out;
	}

	private static void split(String text, int from, int to, String heading, List<Clause> out) {
		Kind kind = kind(heading);
		int start = from;
		for (int i = from; i <= to; i++) {
			boolean end = i == to;
			if (!end) {
				char c = text.charAt(i);
				// A sentence ends at ". " (not "1.5" or "Dr."), a list item at a line break or a number "2.", a clause at ";".
				end = c == ';' || c == '\n' || c == '.' && (i + 1 == to || Character.isWhitespace(text.charAt(i + 1))
						|| text.charAt(i + 1) == ',') && !abbreviation(text, i) || c == ',' && listItemFollows(text, i + 1, to);
			}
			if (end) {
				if (i > start && text.substring(start, i).chars().anyMatch(Character::isLetter)) {
					out.add(new Clause(text.substring(start, i), start, kind, heading));
				}
				start = i + 1;
			}
		}
	}

	/** A numbered list item ("1.  Hypertension") starts at {@code at}. */
	private static boolean listItemFollows(String text, int at, int to) {
		int i = at;
		while (i < to && text.charAt(i) == ' ') {
			i++;
		}
		int digits = i;
		while (i < to && Character.isDigit(text.charAt(i))) {
			i++;
		}
		return i > digits && i < to && (text.charAt(i) == '.' || text.charAt(i) == ')');
	}

	private static boolean abbreviation(String text, int dot) {
		int s = dot;
		while (s > 0 && Character.isLetter(text.charAt(s - 1))) {
			s--;
		}
		String word = text.substring(s, dot).toLowerCase(Locale.ROOT);
		return word.equals("dr") || word.equals("mr") || word.equals("mrs") || word.equals("ms") || word.equals("vs")
				|| word.equals("st") || word.equals("no");
	}

	static Kind kind(String heading) {
		String h = heading.toLowerCase(Locale.ROOT);
		if (h.contains("family")) {
			return Kind.FAMILY;
		}
		if (h.contains("past") || h.contains("history of") || h.equals("pmh") || h.contains("surgical history")
				|| h.contains("social")) {
			return Kind.PAST;
		}
		if (h.contains("diagnos") || h.contains("assessment") || h.contains("impression") || h.contains("problem")
				|| h.contains("findings") && h.contains("operative") || h.contains("indication") || h.contains("reason for")) {
			return Kind.DIAGNOSIS;
		}
		if (h.contains("medication") || h.contains("allerg") || h.contains("procedure") && !h.contains("indication")
				|| h.contains("anesthesia") || h.contains("technique") || h.contains("description") || h.contains("plan")
				|| h.contains("review of systems") || h.equals("ros") || h.contains("disposition") || h.contains("instruction")
				|| h.contains("estimated blood loss") || h.contains("specimen") || h.contains("drains")
				|| h.contains("complications")) {
			return Kind.SKIPPED;
		}
		if (h.contains("history of present") || h.contains("hpi") || h.contains("chief complaint") || h.contains("subjective")
				|| h.contains("course")) {
			return Kind.STORY;
		}
		if (h.contains("exam") || h.contains("objective") || h.contains("laboratory") || h.contains("labs") || h.contains("data")
				|| h.contains("x-ray") || h.contains("imaging") || h.contains("vital")) {
			return Kind.FINDINGS;
		}
		return Kind.OTHER;
	}
}

package org.custodian.ingest.scan;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What a page's text says about whose it is and what it is, for the indexing clerk: medical record
 * numbers (after "MRN", "Med Rec #", "Patient ID"), dates of birth (after "DOB", "Date of Birth",
 * "Born"), the patient's name (after "Patient:" or "Name:", as "Family, Given" or "Given Family"),
 * and the document type from its title words (a LOINC document code). Suggestions only: the clerk
 * confirms.
 */
final class IndexSuggestions {

	/** What the text gives. */
	record Found(List<String> mrns, List<LocalDate> births, @Nullable String family, @Nullable String given,
			@Nullable String[] type) {}

	private static final Pattern MRN = Pattern.compile("(?i)\\b(?:MRN|M\\.R\\.N\\.|Med(?:ical)?\\.? ?Rec(?:ord)?\\.? ?(?:No|Number|#)"
			+ "|Patient ID|Chart (?:No|Number|#))\\.?\\s*[:#]?\\s*([A-Z0-9][A-Z0-9-]{3,19})");
	private static final Pattern BIRTH = Pattern.compile("(?i)\\b(?:DOB|D\\.O\\.B\\.|Date of Birth|Birth ?date|Born)\\s*[:]?\\s*"
			+ "([0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9]{2,4}|[A-Z][a-z]{2,8}\\.? [0-9]{1,2},? [0-9]{4})");
	private static final Pattern NAME = Pattern.compile("(?m)\\b(?:Patient(?: Name)?|Name)\\s*:\\s*([A-Z][A-Za-z'-]+)(,?)\\s+"
			+ "([A-Z][A-Za-z'-]+)");

	/** Title words and the LOINC document type they name, most specific first. */
	static final Map<String, String[]> TYPES = new java.util.LinkedHashMap<>();

	static {
		TYPES.put("discharge summary", new String[] {"18842-5", "Discharge summary"});
		TYPES.put("history and physical", new String[] {"34117-2", "History and physical note"});
		TYPES.put("operative report", new String[] {"11504-8", "Surgical operation note"});
		TYPES.put("operative note", new String[] {"11504-8", "Surgical operation note"});
		TYPES.put("consultation", new String[] {"11488-4", "Consult note"});
		TYPES.put("progress note", new String[] {"11506-3", "Progress note"});
		TYPES.put("emergency department", new String[] {"34111-5", "Emergency department note"});
		TYPES.put("advance directive", new String[] {"42348-3", "Advance directives"});
		TYPES.put("power of attorney", new String[] {"42348-3", "Advance directives"});
		TYPES.put("authorization", new String[] {"59284-0", "Consent document"});
		TYPES.put("consent", new String[] {"59284-0", "Consent document"});
		TYPES.put("referral", new String[] {"57133-1", "Referral note"});
		TYPES.put("radiology", new String[] {"18748-4", "Diagnostic imaging study"});
		TYPES.put("laboratory", new String[] {"11502-2", "Laboratory report"});
		TYPES.put("lab report", new String[] {"11502-2", "Laboratory report"});
	}

	private IndexSuggestions() {}

	static Found find(String text) {
		Set<String> mrns = new LinkedHashSet<>();
		Matcher m = MRN.matcher(text);
		while (m.find()) {
			if (m.group(1).chars().anyMatch(Character::isDigit)) {
				mrns.add(m.group(1));
			}
		}
		Set<LocalDate> births = new LinkedHashSet<>();
		m = BIRTH.matcher(text);
		while (m.find()) {
			LocalDate d = date(m.group(1));
			if (d != null) {
				births.add(d);
			}
		}
		String family = null;
		String given = null;
		m = NAME.matcher(text);
		if (m.find()) {
			boolean familyFirst = !m.group(2).isEmpty();
			family = familyFirst ? m.group(1) : m.group(3);
			given = familyFirst ? m.group(3) : m.group(1);
		}
		String lower = text.toLowerCase(Locale.ROOT);
		String[] type = null;
		int earliest = Integer.MAX_VALUE;
		for (Map.Entry<String, String[]> t : TYPES.entrySet()) {
			// The title is near the top: the type named first in the text wins.
			int at = lower.indexOf(t.getKey());
			if (at >= 0 && at < earliest) {
				earliest = at;
				type = t.getValue();
			}
		}
		return new Found(new ArrayList<>(mrns), new ArrayList<>(births), family, given, type);
	}

	private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ofPattern("M/d/uuuu"), DateTimeFormatter
			.ofPattern("M-d-uuuu"), DateTimeFormatter.ofPattern("M.d.uuuu"), DateTimeFormatter.ofPattern("uuuu-M-d"),
			DateTimeFormatter.ofPattern("uuuu/M/d"), DateTimeFormatter.ofPattern("MMMM d, uuuu", Locale.US), DateTimeFormatter
					.ofPattern("MMM d, uuuu", Locale.US), DateTimeFormatter.ofPattern("MMM. d, uuuu", Locale.US), DateTimeFormatter
							.ofPattern("MMMM d uuuu", Locale.US));

	/** A date of birth as written in the US (month first), or ISO; null when it is none or in the future. */
	static @Nullable LocalDate date(String written) {
		for (DateTimeFormatter f : DATES) {
			try {
				LocalDate d = LocalDate.parse(written.strip(), f.withResolverStyle(java.time.format.ResolverStyle.STRICT));
				return d.isAfter(LocalDate.now()) || d.getYear() < 1880 ? null : d;
			} catch (java.time.format.DateTimeParseException e) {
				// the next form
			}
		}
		return null;
	}
}

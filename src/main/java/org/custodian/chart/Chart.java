package org.custodian.chart;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A patient's chart as the screens show it: identity first, then what to be warned of, then the
 * record in sections, newest first. Only what the reader's access admits is here.
 *
 * @param emergency whether the reader sees it under break-the-glass
 */
public record Chart(Identity identity, List<Warning> warnings, List<Section> sections, List<Trend> trends,
		List<Document> documents, boolean emergency) {

	/**
	 * Who the patient is, enough to tell similar patients apart.
	 *
	 * @param id the FHIR id of the Patient
	 */
	public record Identity(String id, String name, @Nullable String birthDate, @Nullable String age, @Nullable String sex,
			@Nullable String mrn, List<String> otherIdentifiers, @Nullable String address, @Nullable String phone,
			@Nullable String deceased) {}

	/** What a reader must not miss: an allergy, a sensitivity or VIP flag, a death. */
	public record Warning(Kind kind, String text) {
		public enum Kind {
			ALLERGY, SENSITIVE, VIP, DECEASED, MERGED
		}
	}

	/** One section of the record (problems, encounters …), newest first. */
	public record Section(String key, String title, List<Entry> entries, boolean more) {}

	/**
	 * One line of a section.
	 *
	 * @param when   the date it happened or started (ISO, for sorting and display)
	 * @param what   what it was (the coded concept's text)
	 * @param detail more about it (a dose, a value, a class of encounter)
	 * @param status its status (active, resolved, finished …)
	 */
	public record Entry(@Nullable String when, String what, @Nullable String detail, @Nullable String status) {}

	/**
	 * One measurement over time (a vital sign or a laboratory result), oldest first, for a trend chart.
	 *
	 * @param times epoch seconds
	 */
	public record Trend(String code, String name, @Nullable String unit, String category, long[] times, double[] values) {
		public @Nullable String latest() {
			return values.length == 0 ? null : Display.number(values[values.length - 1]);
		}
	}

	/**
	 * A note or document, rendered as text where it is text, with where it stands ({@code standing}:
	 * signed by whom, awaiting a signature, superseded, entered in error) and its place in a chain of
	 * corrections ({@code chain}: the addenda and replacements it has, or the note it appends to).
	 */
	public record Document(@Nullable String when, String title, @Nullable String author, @Nullable String text,
			@Nullable String contentType, @Nullable String standing, List<String> chain) {

		public Document(@Nullable String when, String title, @Nullable String author, @Nullable String text,
				@Nullable String contentType) {
			this(when, title, author, text, contentType, null, List.of());
		}
	}

	public @Nullable Section section(String key) {
		return sections.stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
	}
}

package org.custodian.coding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Suggests ICD-10-CM diagnosis codes from clinical text, each with its evidence (where in the text
 * the words that support it are). The text is read clause by clause ({@link ClinicalNote});
 * abbreviations and clinicians' terms are expanded ({@link ClinicalTerms}); the codes whose titles'
 * essential words the clause holds are found in the release's {@link TitleIndex} and scored by how
 * much of the title, weighed by rarity, the clause supports (so the more specific code wins when the
 * note supports it, and the "unspecified" one when it does not); each mention is read in its context
 * ({@link ClinicalContext}): only current conditions are suggested, and negated, uncertain, past and
 * family mentions are set apart with their reason. Codes are ranked by their best mention, weighed by
 * the section it is in (a stated diagnosis over the story over the findings).
 */
public final class CodeSuggestions {

	/** Where in the text a suggestion's words are, and the words. */
	public record Evidence(int start, int end, String text, String section) {}

	/** A suggested code: its title, its score, the evidence, and how the text holds it. */
	public record Suggestion(String code, String display, double score, ClinicalContext.Status status, List<Evidence> evidence) {

		public String statusCode() {
			return status.name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	/** The least share of a title's weight a clause must hold for its code to be a candidate. */
	static final double LEAST_COVERAGE = 0.62;
	/** A header's title counts a little less than a complete code's own: the code's own words are the surer match. */
	static final double HEADER_WEIGHT = 0.9;
	/** Candidates kept per clause: the alternatives a coder weighs, best first. */
	static final int PER_CLAUSE = 3;

	private final TitleIndex index;

	CodeSuggestions(TitleIndex index) {
		this.index = index;
	}

	/** Ranked suggestions for current conditions, then the mentions set apart (negated, uncertain, past, family). */
	public List<Suggestion> suggest(String text) {
		Map<String, Suggestion> best = new LinkedHashMap<>();
		for (ClinicalNote.Clause clause : ClinicalNote.clauses(text)) {
			if (clause.kind() == ClinicalNote.Kind.SKIPPED) {
				continue;
			}
			for (Match m : matches(clause.text())) {
				ClinicalContext.Status status = ClinicalContext.of(clause.text(), m.start, m.end, clause.kind());
				double weight = status == ClinicalContext.Status.CURRENT ? Math.max(clause.kind().weight, 0.3) : 1;
				if (status == ClinicalContext.Status.HISTORY && ChronicConditions.chronic(m.entry.code())) {
					// A chronic condition does not end: "history of hypertension" is hypertension, coded while it is treated.
					status = ClinicalContext.Status.CURRENT;
					weight = 0.45;
				}
				Evidence evidence = new Evidence(clause.start() + m.start, clause.start() + m.end, clause.text().substring(m.start,
						m.end), clause.heading());
				Suggestion found = new Suggestion(m.entry.code(), m.entry.display(), m.score * weight, status,
						List.of(evidence));
				best.merge(m.entry.code() + "|" + status, found, CodeSuggestions::merge);
			}
		}
		List<Suggestion> current = new ArrayList<>();
		List<Suggestion> apart = new ArrayList<>();
		best.values().forEach(s -> (s.status() == ClinicalContext.Status.CURRENT ? current : apart).add(s));
		// A condition also stated as current is not set apart as well.
		apart.removeIf(s -> best.containsKey(s.code() + "|" + ClinicalContext.Status.CURRENT));
		Comparator<Suggestion> byScore = Comparator.comparingDouble(Suggestion::score).reversed();
		current.sort(byScore);
		apart.sort(byScore);
		List<Suggestion> out = new ArrayList<>(current);
		out.addAll(apart);
		return out;
	}

	/** The same code found again: the better score, a little more for being said again, and all the evidence. */
	private static Suggestion merge(Suggestion a, Suggestion b) {
		List<Evidence> evidence = new ArrayList<>(a.evidence());
		evidence.addAll(b.evidence());
		return new Suggestion(a.code(), a.display(), Math.max(a.score(), b.score()) + 0.05 * Math.min(a.score(), b.score()),
				a.status(), evidence);
	}

	private record Match(TitleIndex.Entry entry, double score, int start, int end) {}

	/** The codes a clause speaks of, best first, at most {@link #PER_CLAUSE} per distinct span of words. */
	private List<Match> matches(String clause) {
		List<Stems.Word> words = new ArrayList<>(Stems.words(clause));
		for (ClinicalTerms.Expansion e : ClinicalTerms.in(clause)) {
			for (Stems.Word w : Stems.words(e.words())) {
				words.add(new Stems.Word(w.stem(), e.start(), e.end()));
			}
		}
		Map<String, Stems.Word> byStem = new HashMap<>();
		words.forEach(w -> byStem.putIfAbsent(w.stem(), w));
		Map<Integer, Double> held = new HashMap<>();
		for (String stem : byStem.keySet()) {
			double weight = index.idf(stem);
			for (int i : index.postings(stem)) {
				held.merge(i, weight, Double::sum);
			}
		}
		// A header stands for its default code only when no code under it says more of the clause.
		java.util.TreeMap<String, Double> direct = new java.util.TreeMap<>();
		held.forEach((i, weight) -> {
			TitleIndex.Entry e = index.entry(i);
			if (!e.header() && weight / e.requiredWeight() >= LEAST_COVERAGE) {
				direct.merge(e.code(), weight, Math::max);
			}
		});
		List<Match> found = new ArrayList<>();
		for (Map.Entry<Integer, Double> h : held.entrySet()) {
			TitleIndex.Entry e = index.entry(h.getKey());
			if (e.header() && direct.subMap(e.titleCode(), e.titleCode() + Character.MAX_VALUE).values().stream()
					.anyMatch(w -> w > h.getValue())) {
				continue;
			}
			double coverage = h.getValue() / e.requiredWeight();
			if (coverage < LEAST_COVERAGE || contradicts(e, byStem)) {
				continue;
			}
			double optional = 0;
			for (String o : e.optional()) {
				if (byStem.containsKey(o)) {
					optional += index.idf(o);
				}
			}
			int start = Integer.MAX_VALUE;
			int end = 0;
			for (String r : e.required()) {
				Stems.Word w = byStem.get(r);
				if (w != null) {
					start = Math.min(start, w.start());
					end = Math.max(end, w.end());
				}
			}
			if (end <= start) {
				continue;
			}
			double score = (h.getValue() * coverage * coverage + 0.2 * optional) * (e.header() ? HEADER_WEIGHT : 1);
			found.add(new Match(e, score, start, end));
		}
		found.sort(Comparator.comparingDouble(Match::score).reversed());
		return keepBestPerSpan(found);
	}

	/** Title words a note must say for the code to apply: an injury's later encounters, a side, a recurrence. */
	private static final java.util.Set<String> STATED_ONLY = java.util.stream.Stream.of("subsequent", "sequela", "nonunion",
			"malunion", "delayed", "recurrent", "bilateral", "right", "left", "open", "displaced", "nondisplaced", "intractable",
			"status", "poisoning", "adverse", "underdosing", "intentional", "assault", "undetermined", "accidental",
			"complication", "history", "personal", "family", "screening").map(Stems::stem)
			.collect(java.util.stream.Collectors.toSet());

	/** The code's title says something the clause does not: a side not stated, a later encounter, a qualifier. */
	private static boolean contradicts(TitleIndex.Entry e, Map<String, Stems.Word> said) {
		for (String r : e.required()) {
			if (STATED_ONLY.contains(r) && !said.containsKey(r)) {
				return true;
			}
		}
		return false;
	}

	/** At most {@link #PER_CLAUSE} candidates for the same words: alternatives, not noise. */
	private static List<Match> keepBestPerSpan(List<Match> sorted) {
		List<Match> kept = new ArrayList<>();
		for (Match m : sorted) {
			long overlapping = kept.stream().filter(k -> k.start < m.end && m.start < k.end).count();
			if (overlapping < PER_CLAUSE) {
				kept.add(m);
			}
		}
		return kept;
	}

	/** Suggestions from a release read whole (no database): for measuring accuracy on a labelled set. */
	public static CodeSuggestions of(Release release) {
		return of(release, List.of());
	}

	/** As {@link #of(Release)}, with the release's Alphabetic Index. */
	public static CodeSuggestions of(Release release, List<AlphabeticIndex.Entry> index) {
		return new CodeSuggestions(new TitleIndex(release.concepts().stream().map(c -> new TerminologyStore.Row(c.code(),
				c.selectable(), c.display(), c.shortDisplay(), c.parent())).toList(), index));
	}
}

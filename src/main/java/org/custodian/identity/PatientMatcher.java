package org.custodian.identity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessContext;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;

/**
 * Finds the stored patients most likely to be the person described (FHIR {@code Patient/$match}, as
 * IHE PDQm ITI-119): candidates are read through the gate by the same kinds of keys blocking uses
 * (names by sound, birth date, identifiers, phone, email), then scored by the {@link MatchModel} and
 * graded. Only what the caller may see is ever a candidate.
 */
@Service
public class PatientMatcher {

	/** The PDQm grades: certain (a match), probable (to review), possible, certainly-not. */
	public enum Grade {
		CERTAIN("certain"), PROBABLE("probable"), POSSIBLE("possible"), CERTAINLY_NOT("certainly-not");

		private final String code;

		Grade(String code) {
			this.code = code;
		}

		public String code() {
			return code;
		}
	}

	/**
	 * One candidate: the stored patient, its score (bits of evidence, and as a probability for
	 * {@code Bundle.entry.search.score}), its grade and the explanation.
	 */
	public record Candidate(StoredVersion patient, MatchModel.Score score, double probability, Grade grade) {}

	/** Candidates read per key before scoring. */
	static final int PER_KEY = 50;
	/**
	 * The odds, before any field is compared, that a candidate found by a key is the person: one in a
	 * thousand, so a score of 10 bits is even odds and one of 20 bits is 0.999.
	 */
	static final double PRIOR_BITS = -10;

	private final SearchService search;
	private final SearchRequestParser parser;
	private final MatchModel model;

	PatientMatcher(SearchService search, FhirContext ctx, IdentityProperties properties) {
		this.search = search;
		this.parser = new SearchRequestParser(ctx, PER_KEY, PER_KEY);
		this.model = MatchModel.defaults(properties.matchAt(), properties.reviewAt());
	}

	public MatchModel model() {
		return model;
	}

	/** The best {@code count} candidates for {@code wanted}, best first; only matches when {@code onlyCertain}. */
	public List<Candidate> match(AccessContext access, Patient wanted, int count, boolean onlyCertain) {
		Person person = Person.of("", wanted);
		Map<String, StoredVersion> found = new LinkedHashMap<>();
		for (Map<String, String[]> key : keys(person, wanted)) {
			key.put("_count", new String[] {Integer.toString(PER_KEY)});
			for (StoredVersion v : search.firstMatches(access, parser.parse("Patient", key, true)).resources()) {
				// A chart merged away is not a candidate: its person is found through the chart that replaced it.
				if (v.resource() instanceof Patient p && PatientLinks.replacedBy(p) == null) {
					found.putIfAbsent(v.id(), v);
				}
			}
		}
		List<Candidate> candidates = new ArrayList<>();
		for (StoredVersion v : found.values()) {
			MatchModel.Score score = model.score(person, Person.of(v.id(), (Patient) v.resource()));
			Grade grade = grade(score);
			if (grade == Grade.CERTAINLY_NOT || (onlyCertain && grade != Grade.CERTAIN)) {
				continue;
			}
			candidates.add(new Candidate(v, score, probability(score.total()), grade));
		}
		candidates.sort(Comparator.comparingDouble((Candidate c) -> c.score().total()).reversed());
		return candidates.size() > count ? List.copyOf(candidates.subList(0, count)) : candidates;
	}

	Grade grade(MatchModel.Score score) {
		return switch (score.outcome()) {
			case MATCH -> Grade.CERTAIN;
			case POSSIBLE -> Grade.PROBABLE;
			case NO_MATCH -> score.total() > 0 ? Grade.POSSIBLE : Grade.CERTAINLY_NOT;
		};
	}

	static double probability(double bits) {
		return 1 / (1 + Math.pow(2, -(bits + PRIOR_BITS)));
	}

	/** The searches that find candidates, each a kind of key that tolerates errors in the others. */
	private static List<Map<String, String[]>> keys(Person p, Patient wanted) {
		List<Map<String, String[]>> keys = new ArrayList<>();
		if (p.family() != null && p.given() != null) {
			keys.add(params("phonetic", p.family(), "phonetic", p.given()));
		}
		if (p.birthDate() != null) {
			String date = wanted.getBirthDateElement().getValueAsString();
			keys.add(p.family() != null ? params("birthdate", date, "phonetic", p.family()) : params("birthdate", date));
			if (p.given() != null) {
				keys.add(params("birthdate", date, "phonetic", p.given()));
			}
		}
		for (Identifier i : wanted.getIdentifier()) {
			if (i.hasValue()) {
				keys.add(params("identifier", (i.hasSystem() ? i.getSystem() + "|" : "") + i.getValue()));
			}
		}
		wanted.getTelecom().stream().filter(t -> t.hasValue() && t.getSystem() != null).forEach(t -> {
			String system = t.getSystem().toCode();
			if (system.equals("phone") || system.equals("email")) {
				keys.add(params(system, t.getValue()));
			}
		});
		return keys;
	}

	private static Map<String, String[]> params(String... pairs) {
		Map<String, String[]> params = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			String[] old = params.get(pairs[i]);
			params.put(pairs[i], old == null ? new String[] {pairs[i + 1]} : new String[] {old[0], pairs[i + 1]});
		}
		return params;
	}
}

package org.custodian.identity;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the likely duplicates among a set of people: blocks, compares the candidate pairs,
 * estimates the model's weights from them (u from random pairs, m by EM), and scores every pair.
 */
public final class Deduplication {

	/** One scored pair: indexes into the list of people, its score and outcome. */
	public record Pair(int a, int b, double score, MatchModel.Outcome outcome) {}

	/** The model estimated from the data, and every candidate pair that scored at least a possible match. */
	public record Result(MatchModel model, int candidates, List<Pair> pairs) {}

	/** The default thresholds, in bits of evidence (log2 of the likelihood ratio). */
	public static final double MATCH_AT = 14;
	public static final double REVIEW_AT = 6;

	private Deduplication() {
	}

	/** Fields that identify a person: disagreeing on one must count clearly against a match. */
	private static final java.util.Set<Field> IDENTIFYING = java.util.EnumSet.of(Field.BIRTH_DATE, Field.NATIONAL_ID,
			Field.PHONE, Field.EMAIL, Field.MEMBER_ID);

	/**
	 * Whether an estimate is believable: for every field the pairs compare, full agreement counts for
	 * a match and disagreement against, and disagreeing on an identifying field counts at least one
	 * bit against. (EM can settle on "people of one household" instead of "one person": then a
	 * different birth date or national id costs nearly nothing, and family members match.)
	 */
	static boolean plausible(MatchModel model, List<byte[]> levels) {
		for (Field f : Field.values()) {
			boolean compared = levels.stream().anyMatch(l -> l[f.ordinal()] != Field.MISSING);
			int last = f.levels().size() - 1;
			if (compared && (model.weight(f, 0) <= 0 || model.weight(f, last) >= 0
					|| IDENTIFYING.contains(f) && model.weight(f, last) > -1)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Fewer candidate pairs than this say too little to estimate weights from (a new or small index):
	 * the given model's are used instead.
	 */
	static final int FEWEST_PAIRS_TO_ESTIMATE = 1000;

	/** Deduplicates with weights estimated from {@code people}. */
	public static Result run(List<Person> people, double matchAt, double reviewAt) {
		return run(people, null, matchAt, reviewAt);
	}

	/**
	 * Deduplicates with weights estimated from {@code people}, or {@code fallback}'s when there are too
	 * few candidate pairs or the estimate is implausible (agreement on a field counting against a match).
	 */
	public static Result run(List<Person> people, @org.jspecify.annotations.Nullable MatchModel fallback, double matchAt,
			double reviewAt) {
		long[] candidates = Blocking.candidatePairs(people);
		long n = people.size();
		List<byte[]> levels = new ArrayList<>(candidates.length);
		for (long pair : candidates) {
			levels.add(Field.compareAll(people.get((int) (pair / n)), people.get((int) (pair % n))));
		}
		MatchModel model;
		if (fallback != null && candidates.length < FEWEST_PAIRS_TO_ESTIMATE) {
			model = fallback.withThresholds(matchAt, reviewAt);
		} else {
			double[][] u = Estimation.randomAgreement(people, 42);
			double[][] m = Estimation.matchAgreement(levels, u);
			model = new MatchModel(m, u, matchAt, reviewAt);
			if (fallback != null && !plausible(model, levels)) {
				model = fallback.withThresholds(matchAt, reviewAt);
			}
		}
		List<Pair> found = new ArrayList<>();
		for (int k = 0; k < candidates.length; k++) {
			double score = model.total(levels.get(k));
			MatchModel.Outcome outcome = model.outcome(levels.get(k), score);
			if (outcome != MatchModel.Outcome.NO_MATCH) {
				found.add(new Pair((int) (candidates[k] / n), (int) (candidates[k] % n), score, outcome));
			}
		}
		return new Result(model, candidates.length, found);
	}
}

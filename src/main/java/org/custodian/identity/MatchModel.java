package org.custodian.identity;

import java.util.ArrayList;
import java.util.List;

/**
 * Fellegi-Sunter weights: for each field and agreement level, {@code m} is how often the level occurs
 * between two records of the same person and {@code u} how often between records of different
 * people; the level's weight is {@code log2(m / u)} bits. A pair's score is the sum of its fields'
 * weights (a missing field adds nothing); above {@code matchAt} the pair is a match, above
 * {@code reviewAt} a possible match for a person to review, below it no match.
 */
public final class MatchModel {

	/** What a pair's score says. */
	public enum Outcome {
		MATCH, POSSIBLE, NO_MATCH
	}

	/** One field's part in a score: its level and the weight that level carries. */
	public record Contribution(Field field, String level, double weight) {}

	/** A pair's score with its explanation, field by field. */
	public record Score(double total, Outcome outcome, List<Contribution> contributions) {}

	/** Floors so that a level never seen in one class does not weigh infinitely. */
	static final double MIN_PROBABILITY = 1e-4;

	private final double[][] m;
	private final double[][] u;
	private final double[][] weights;
	private final double matchAt;
	private final double reviewAt;

	public MatchModel(double[][] m, double[][] u, double matchAt, double reviewAt) {
		if (reviewAt > matchAt) {
			throw new IllegalArgumentException("The review threshold (" + reviewAt + ") is above the match threshold (" + matchAt + ")");
		}
		this.m = m;
		this.u = u;
		this.matchAt = matchAt;
		this.reviewAt = reviewAt;
		this.weights = new double[m.length][];
		for (int f = 0; f < m.length; f++) {
			weights[f] = new double[m[f].length];
			for (int l = 0; l < m[f].length; l++) {
				weights[f][l] = Math.log(Math.max(m[f][l], MIN_PROBABILITY) / Math.max(u[f][l], MIN_PROBABILITY)) / Math.log(2);
			}
		}
	}

	/** The weights in {@code identity/default-model.txt}: used until the index has estimated its own. */
	public static MatchModel defaults(double matchAt, double reviewAt) {
		Field[] fields = Field.values();
		double[][] m = new double[fields.length][];
		double[][] u = new double[fields.length][];
		try (java.io.InputStream in = MatchModel.class.getResourceAsStream("/identity/default-model.txt")) {
			for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] halves = line.split("\\|");
				String[] left = halves[0].trim().split("\\s+");
				Field f = Field.valueOf(left[0]);
				m[f.ordinal()] = java.util.Arrays.stream(left, 1, left.length).mapToDouble(Double::parseDouble).toArray();
				u[f.ordinal()] = java.util.Arrays.stream(halves[1].trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
				if (m[f.ordinal()].length != f.levels().size() || u[f.ordinal()].length != f.levels().size()) {
					throw new IllegalStateException("default-model.txt: " + f + " needs " + f.levels().size() + " levels");
				}
			}
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		for (Field f : fields) {
			if (m[f.ordinal()] == null) {
				throw new IllegalStateException("default-model.txt has no line for " + f);
			}
		}
		return new MatchModel(m, u, matchAt, reviewAt);
	}

	/** The same weights with other thresholds. */
	public MatchModel withThresholds(double matchAt, double reviewAt) {
		return new MatchModel(m, u, matchAt, reviewAt);
	}

	public double matchAt() {
		return matchAt;
	}

	public double reviewAt() {
		return reviewAt;
	}

	public double weight(Field field, int level) {
		return weights[field.ordinal()][level];
	}

	public double m(Field field, int level) {
		return m[field.ordinal()][level];
	}

	public double u(Field field, int level) {
		return u[field.ordinal()][level];
	}

	/** The score of comparison levels (from {@link Field#compareAll}). */
	public double total(byte[] levels) {
		double total = 0;
		for (int f = 0; f < levels.length; f++) {
			total += counted(levels, f);
		}
		return total;
	}

	/**
	 * What field {@code f} adds. Fellegi-Sunter sums fields as if independent; a street address that
	 * agrees already says the city and postcode agree, so these then add nothing (summed, a household
	 * of different people scored like one person).
	 */
	private double counted(byte[] levels, int f) {
		if (levels[f] == Field.MISSING) {
			return 0;
		}
		boolean located = levels[Field.ADDRESS.ordinal()] == 0 || levels[Field.ADDRESS.ordinal()] == 1;
		if (located && (f == Field.CITY.ordinal() || f == Field.POSTCODE.ordinal())) {
			return 0;
		}
		return weights[f][levels[f]];
	}

	/**
	 * The outcome of a score, with the rules an MPI manager keeps for automatic matches (a wrong
	 * automatic merge is far worse than a review): a pair is matched automatically only if, besides
	 * its score, something personal agrees (the birth date, the national id, the phone or the email;
	 * a name and a town are shared by strangers), its given names do not differ outright unless the
	 * national ids agree (twins and other family members share a surname, a home and often a birth
	 * date), and its national ids and birth dates do not both differ outright. Otherwise it goes to
	 * review.
	 */
	public Outcome outcome(byte[] levels, double total) {
		Outcome outcome = outcome(total);
		if (outcome != Outcome.MATCH) {
			return outcome;
		}
		boolean idsAgree = agrees(levels, Field.NATIONAL_ID);
		boolean idsDiffer = differs(levels, Field.NATIONAL_ID);
		boolean personal = agrees(levels, Field.BIRTH_DATE) || idsAgree || agrees(levels, Field.PHONE)
				|| agrees(levels, Field.EMAIL);
		boolean family = differs(levels, Field.GIVEN) && !idsAgree;
		boolean strangers = idsDiffer && differs(levels, Field.BIRTH_DATE);
		return personal && !family && !strangers ? Outcome.MATCH : Outcome.POSSIBLE;
	}

	private static boolean agrees(byte[] levels, Field f) {
		return levels[f.ordinal()] != Field.MISSING && !differs(levels, f);
	}

	private static boolean differs(byte[] levels, Field f) {
		return levels[f.ordinal()] == f.levels().size() - 1;
	}

	public Outcome outcome(double total) {
		return total >= matchAt ? Outcome.MATCH : total >= reviewAt ? Outcome.POSSIBLE : Outcome.NO_MATCH;
	}

	/** Compares two people and explains the score. */
	public Score score(Person a, Person b) {
		byte[] levels = Field.compareAll(a, b);
		List<Contribution> parts = new ArrayList<>();
		Field[] fields = Field.values();
		for (int f = 0; f < levels.length; f++) {
			if (levels[f] != Field.MISSING) {
				parts.add(new Contribution(fields[f], fields[f].levels().get(levels[f]), counted(levels, f)));
			}
		}
		double total = total(levels);
		return new Score(total, outcome(levels, total), parts);
	}
}

package org.custodian.identity;

import java.util.List;
import java.util.Random;

/**
 * Estimates a {@link MatchModel}'s probabilities from the data, without labelled pairs. {@code u}
 * (agreement between different people) is counted over random pairs, which are almost all
 * different people; {@code m} (agreement between records of the same person) and the share of
 * matches among the blocked candidate pairs are found by expectation-maximisation over those
 * pairs, assuming the fields agree independently given the match status.
 */
public final class Estimation {

	static final int RANDOM_PAIRS = 200_000;
	static final int ITERATIONS = 40;

	private Estimation() {
	}

	/** u: each level's frequency among random pairs of {@code people}, with add-one smoothing. */
	public static double[][] randomAgreement(List<Person> people, long seed) {
		Field[] fields = Field.values();
		double[][] counts = new double[fields.length][];
		double[] seen = new double[fields.length];
		for (int f = 0; f < fields.length; f++) {
			counts[f] = new double[fields[f].levels().size()];
			java.util.Arrays.fill(counts[f], 1);
			seen[f] = counts[f].length;
		}
		if (people.size() >= 2) {
			Random random = new Random(seed);
			for (int i = 0; i < RANDOM_PAIRS; i++) {
				Person a = people.get(random.nextInt(people.size()));
				Person b = people.get(random.nextInt(people.size()));
				if (a == b) {
					continue;
				}
				byte[] levels = Field.compareAll(a, b);
				for (int f = 0; f < levels.length; f++) {
					if (levels[f] != Field.MISSING) {
						counts[f][levels[f]]++;
						seen[f]++;
					}
				}
			}
		}
		for (int f = 0; f < fields.length; f++) {
			for (int l = 0; l < counts[f].length; l++) {
				counts[f][l] /= seen[f];
			}
		}
		return counts;
	}

	/** m by EM over the candidate pairs' comparison levels, u held at {@code u}. */
	public static double[][] matchAgreement(List<byte[]> pairs, double[][] u) {
		Field[] fields = Field.values();
		double[][] m = new double[fields.length][];
		for (int f = 0; f < fields.length; f++) {
			int levels = fields[f].levels().size();
			m[f] = new double[levels];
			// A start that says agreement is likelier between records of one person.
			m[f][0] = 0.9;
			for (int l = 1; l < levels; l++) {
				m[f][l] = 0.1 / (levels - 1);
			}
		}
		double share = 0.1;
		for (int iteration = 0; iteration < ITERATIONS; iteration++) {
			double[][] mSum = new double[fields.length][];
			double[] mSeen = new double[fields.length];
			for (int f = 0; f < fields.length; f++) {
				mSum[f] = new double[m[f].length];
			}
			double matched = 0;
			for (byte[] levels : pairs) {
				double logMatch = Math.log(share);
				double logOther = Math.log(1 - share);
				for (int f = 0; f < levels.length; f++) {
					if (levels[f] != Field.MISSING) {
						logMatch += Math.log(Math.max(m[f][levels[f]], MatchModel.MIN_PROBABILITY));
						logOther += Math.log(Math.max(u[f][levels[f]], MatchModel.MIN_PROBABILITY));
					}
				}
				double g = 1 / (1 + Math.exp(logOther - logMatch));
				matched += g;
				for (int f = 0; f < levels.length; f++) {
					if (levels[f] != Field.MISSING) {
						mSum[f][levels[f]] += g;
						mSeen[f] += g;
					}
				}
			}
			if (matched == 0) {
				break;
			}
			share = Math.min(0.999, Math.max(1e-6, matched / pairs.size()));
			for (int f = 0; f < fields.length; f++) {
				for (int l = 0; l < m[f].length; l++) {
					m[f][l] = mSeen[f] == 0 ? m[f][l] : (mSum[f][l] + 0.01) / (mSeen[f] + 0.01 * m[f].length);
				}
			}
		}
		return m;
	}
}

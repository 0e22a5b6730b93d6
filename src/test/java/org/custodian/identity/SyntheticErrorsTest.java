package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Deduplication of a patient index into which realistic registration errors were put: typing
 * mistakes, nicknames, swapped day and month, one-digit slips, moves (new address and phone), given
 * and family names swapped, missing ids; and twins, who share everything but their first name and
 * national id and are different people. Names and places come from FEBRL's originals, recombined.
 * The goal is automatic matches (the "match" outcome) at least 0.999 precise, because a wrong
 * automatic merge is far worse than a missed one; what automatic matching leaves goes to review. The
 * run is the product's: weights estimated from the index, the defaults when the estimate is
 * implausible (here it is: EM settles on households). Seeded, so the figures are the same each run.
 * {@code -DargLine=-Didentity.people=100000} runs it at the size of the speed goal (the default is
 * 20,000, to keep the suite quick).
 */
class SyntheticErrorsTest {

	record Truth(List<Person> people, List<Integer> who) {}

	@Test
	void measuresAutomaticMatchPrecisionAndRecallOnRegistrationErrorsAndTwins() throws IOException {
		int size = Integer.getInteger("identity.people", 20_000);
		Truth truth = generate(size, new Random(20261124));

		long start = System.nanoTime();
		// As the product's run does: weights estimated from the index, the defaults when the estimate is implausible.
		Deduplication.Result result = Deduplication.run(truth.people(), MatchModel.defaults(Deduplication.MATCH_AT,
				Deduplication.REVIEW_AT), Deduplication.MATCH_AT, Deduplication.REVIEW_AT);
		long millis = (System.nanoTime() - start) / 1_000_000;

		Map<Integer, Integer> perPerson = new HashMap<>();
		truth.who().forEach(w -> perPerson.merge(w, 1, Integer::sum));
		long truePairs = perPerson.values().stream().mapToLong(k -> (long) k * (k - 1) / 2).sum();
		int found = 0;
		int correct = 0;
		int possibleCorrect = 0;
		int twinsMatched = 0;
		for (Deduplication.Pair p : result.pairs()) {
			boolean same = truth.who().get(p.a()).equals(truth.who().get(p.b()));
			if (p.outcome() == MatchModel.Outcome.MATCH) {
				found++;
				correct += same ? 1 : 0;
				if (!same && truth.people().get(p.a()).family() != null
						&& truth.people().get(p.a()).id().startsWith("twin") != truth.people().get(p.b()).id().startsWith("twin")) {
					twinsMatched++;
				}
			} else if (same) {
				possibleCorrect++;
			}
		}
		double precision = found == 0 ? 1 : (double) correct / found;
		double recall = (double) correct / truePairs;
		System.out.printf(Locale.ROOT, "Synthetic %d records, %d true pairs: %d candidates, %d automatic matches, precision %.5f,"
				+ " recall %.4f, %d more true pairs among %d to review (recall with review %.4f), %d twin pairs matched;"
				+ " deduplication took %d ms%n", truth.people().size(), truePairs, result.candidates(), found, precision, recall,
				possibleCorrect, result.pairs().size() - found, (double) (correct + possibleCorrect) / truePairs, twinsMatched, millis);
		// Issue 7's goal: automatic matches at least 0.999 precise. What they leave is found by review.
		assertThat(precision).isGreaterThanOrEqualTo(0.999);
		assertThat(recall).isGreaterThanOrEqualTo(0.94);
		assertThat((double) (correct + possibleCorrect) / truePairs).isGreaterThanOrEqualTo(0.98);
	}

	/** Base people recombined from FEBRL's names and places, then duplicates with errors, and twins. */
	static Truth generate(int size, Random random) throws IOException {
		List<String[]> febrl = new ArrayList<>(FebrlAccuracyTest.read("dataset4a.csv"));
		febrl.addAll(FebrlAccuracyTest.read("dataset2.csv"));
		List<String> given = new ArrayList<>();
		List<String> family = new ArrayList<>();
		List<String[]> places = new ArrayList<>();
		for (String[] r : febrl) {
			if (r[0].contains("-org")) {
				add(given, Person.clean(r[1]));
				add(family, Person.clean(r[2]));
				if (Person.clean(r[4]) != null && !r[7].isBlank() && Person.clean(r[6]) != null) {
					places.add(new String[] {Person.clean(r[3] + " " + r[4]), Person.clean(r[6]), r[7].trim()});
				}
			}
		}
		List<Person> people = new ArrayList<>();
		List<Integer> who = new ArrayList<>();
		int person = 0;
		while (people.size() < size) {
			Person base = new Person("p" + people.size(), pick(given, random), null, pick(family, random),
					String.format(Locale.ROOT, "%04d%02d%02d", 1930 + random.nextInt(90), 1 + random.nextInt(12), 1 + random.nextInt(28)),
					random.nextBoolean() ? "female" : "male", null, null, null, digits(10, random), null, digits(9, random), null);
			String[] place = places.get(random.nextInt(places.size()));
			base = with(base, place);
			people.add(base);
			who.add(person);
			double roll = random.nextDouble();
			int duplicates = roll < 0.05 ? 2 : roll < 0.35 ? 1 : 0;
			for (int d = 0; d < duplicates && people.size() < size; d++) {
				people.add(errors(base, "p" + people.size(), given, places, random));
				who.add(person);
			}
			if (random.nextDouble() < 0.01 && people.size() < size) {
				// A twin: the same family, birth date, address and phone; another first name and national id.
				people.add(new Person("twin" + people.size(), pick(given, random), null, base.family(), base.birthDate(),
						random.nextBoolean() ? "female" : "male", base.line(), base.city(), base.postcode(), base.phone(), null,
						digits(9, random), null));
				who.add(-1 - person);
			}
			person++;
		}
		return new Truth(people, who);
	}

	private static Person errors(Person p, String id, List<String> given, List<String[]> places, Random random) {
		String g = p.given();
		String f = p.family();
		String born = p.birthDate();
		String line = p.line();
		String city = p.city();
		String postcode = p.postcode();
		String phone = p.phone();
		String national = p.nationalId();
		int errors = 1 + random.nextInt(3);
		for (int e = 0; e < errors; e++) {
			switch (random.nextInt(9)) {
				case 0 -> f = typo(f, random);
				case 1 -> g = nickname(g, random);
				case 2 -> born = born.substring(0, 4) + born.substring(6, 8) + born.substring(4, 6);
				case 3 -> born = slip(born, random);
				case 4 -> {
					String[] moved = places.get(random.nextInt(places.size()));
					line = moved[0];
					city = moved[1];
					postcode = moved[2];
					phone = digits(10, random);
				}
				case 5 -> {
					String t = g;
					g = f;
					f = t;
				}
				case 6 -> national = null;
				case 7 -> national = national == null ? null : slip(national, random);
				default -> g = typo(g, random);
			}
		}
		return new Person(id, g, null, f, born, p.sex(), line, city, postcode, phone, null, national, null);
	}

	private static Person with(Person p, String[] place) {
		return new Person(p.id(), p.given(), null, p.family(), p.birthDate(), p.sex(), place[0], place[1], place[2], p.phone(),
				null, p.nationalId(), null);
	}

	private static String nickname(String g, Random random) {
		Map<String, String> nicknames = Map.of("robert", "bob", "william", "bill", "elizabeth", "liz", "katherine", "kate",
				"michael", "mike", "james", "jim", "margaret", "peggy", "thomas", "tom", "jennifer", "jen", "jessica", "jess");
		String n = nicknames.get(g);
		return n != null ? n : typo(g, random);
	}

	/** One substitution, deletion or swap of adjacent letters. */
	static String typo(String s, Random random) {
		if (s == null || s.length() < 3) {
			return s;
		}
		int i = 1 + random.nextInt(s.length() - 2);
		return switch (random.nextInt(3)) {
			case 0 -> s.substring(0, i) + (char) ('a' + random.nextInt(26)) + s.substring(i + 1);
			case 1 -> s.substring(0, i) + s.substring(i + 1);
			default -> s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2);
		};
	}

	private static String slip(String digits, Random random) {
		int i = 2 + random.nextInt(digits.length() - 2);
		char c = (char) ('0' + (digits.charAt(i) - '0' + 1 + random.nextInt(8)) % 10);
		return digits.substring(0, i) + c + digits.substring(i + 1);
	}

	private static String digits(int n, Random random) {
		StringBuilder b = new StringBuilder();
		b.append((char) ('1' + random.nextInt(9)));
		for (int i = 1; i < n; i++) {
			b.append((char) ('0' + random.nextInt(10)));
		}
		return b.toString();
	}

	private static String pick(List<String> pool, Random random) {
		return pool.get(random.nextInt(pool.size()));
	}

	private static void add(List<String> pool, String s) {
		if (s != null) {
			pool.add(s);
		}
	}
}

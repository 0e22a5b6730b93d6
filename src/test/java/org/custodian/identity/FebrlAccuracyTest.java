package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.custodian.testkit.SharedCorpora;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of deduplication on the FEBRL benchmark data, whose record ids say which records are the
 * same person ({@code rec-N-org}, {@code rec-N-dup-K}): precision, recall and F1 of the "match"
 * outcome over every true pair, with weights estimated from the data alone.
 */
class FebrlAccuracyTest {

	record Accuracy(int truePairs, int found, int correct, double precision, double recall, double f1, int candidates,
			long millis) {}

	@Test
	void findsTheDuplicatesOfFebrlsLargestSetWithF1AboveNinetyFivePercent() throws IOException {
		List<String[]> rows = new ArrayList<>(read("dataset4a.csv"));
		rows.addAll(read("dataset4b.csv"));

		Accuracy a = measure(rows);

		System.out.println("FEBRL 4A+4B " + a);
		assertThat(a.f1()).isGreaterThanOrEqualTo(0.95);
		assertThat(a.precision()).isGreaterThanOrEqualTo(0.99);
	}

	@Test
	void findsTheDuplicatesOfFebrlsOtherSets() throws IOException {
		Accuracy one = measure(read("dataset1.csv"));
		Accuracy two = measure(read("dataset2.csv"));

		System.out.println("FEBRL 1 " + one);
		System.out.println("FEBRL 2 " + two);
		assertThat(one.f1()).isGreaterThanOrEqualTo(0.9);
		assertThat(two.f1()).isGreaterThanOrEqualTo(0.9);
	}

	static Accuracy measure(List<String[]> rows) {
		List<Person> people = new ArrayList<>();
		List<String> truth = new ArrayList<>();
		Map<String, Integer> perPerson = new HashMap<>();
		for (String[] r : rows) {
			people.add(new Person(r[0], Person.clean(r[1]), null, Person.clean(r[2]), blank(r[9]), null,
					Person.clean(r[3] + " " + r[4]), Person.clean(r[6]), blank(r[7]), null, null, Person.digits(r[10]), null));
			String who = r[0].substring(0, r[0].indexOf('-', 4));
			truth.add(who);
			perPerson.merge(who, 1, Integer::sum);
		}
		int truePairs = perPerson.values().stream().mapToInt(k -> k * (k - 1) / 2).sum();
		long start = System.nanoTime();
		Deduplication.Result result = Deduplication.run(people, Deduplication.MATCH_AT, Deduplication.REVIEW_AT);
		long millis = (System.nanoTime() - start) / 1_000_000;
		if (System.getProperty("identity.printModel") != null) {
			for (Field f : Field.values()) {
				StringBuilder line = new StringBuilder(f.name());
				for (int l = 0; l < f.levels().size(); l++) {
					line.append(String.format(" %s m=%.4f u=%.6f", f.levels().get(l), result.model().m(f, l), result.model().u(f, l)));
				}
				System.out.println(line);
			}
		}
		int found = 0;
		int correct = 0;
		for (Deduplication.Pair p : result.pairs()) {
			if (p.outcome() == MatchModel.Outcome.MATCH) {
				found++;
				if (truth.get(p.a()).equals(truth.get(p.b()))) {
					correct++;
				}
			}
		}
		double precision = found == 0 ? 0 : (double) correct / found;
		double recall = (double) correct / truePairs;
		double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
		return new Accuracy(truePairs, found, correct, precision, recall, f1, result.candidates(), millis);
	}

	private static String blank(String s) {
		String t = s.trim();
		return t.isEmpty() ? null : t;
	}

	static List<String[]> read(String file) throws IOException {
		Path path = SharedCorpora.path("record-linkage/febrl/" + file);
		List<String[]> rows = new ArrayList<>();
		List<String> lines = Files.readAllLines(path);
		for (String line : lines.subList(1, lines.size())) {
			String[] cells = line.split(",", -1);
			for (int i = 0; i < cells.length; i++) {
				cells[i] = cells[i].trim();
			}
			rows.add(cells);
		}
		return rows;
	}
}

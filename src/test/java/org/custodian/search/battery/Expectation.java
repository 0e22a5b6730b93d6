package org.custodian.search.battery;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The recorded answer to one battery query, in Synthea terms. {@code matches} are groups: one group
 * for a set comparison, one group per tie in a sorted result (see {@link SortGroups}). A refusal is
 * recorded as its status with no matches.
 *
 * @param source where the expectation comes from: {@code hapi}, or {@code custodian} where a
 *               {@link KnownDifferences} entry says Custodian's answer is the right one
 * @param note   the known difference that decided the source, empty otherwise
 */
public record Expectation(BatteryQuery query, int status, List<List<String>> matches, List<String> includes,
		@Nullable Integer total, String source, String note) {

	public boolean refused() {
		return status < 200 || status >= 300;
	}

	/** How many matches in all. */
	public int matchCount() {
		int n = 0;
		for (List<String> g : matches) {
			n += g.size();
		}
		return n;
	}

	/** What a server answered, as the expectation for the others, grouped as the query compares. */
	static Expectation of(BatteryQuery query, SearchAnswer answer, SyntheaRecords records, String source, String note) {
		if (!answer.ok()) {
			return new Expectation(query, answer.status(), List.of(), List.of(), null, source, note);
		}
		List<List<String>> groups = switch (query.comparison()) {
			case COUNT -> List.of();
			case SET, AT_LEAST -> answer.matches().isEmpty() ? List.of() : List.of(new ArrayList<>(answer.matchSet()));
			case ORDER -> sortedGroups(SortGroups.of(query, answer.matches(), records));
		};
		Integer total = query.comparison() == BatteryQuery.Comparison.COUNT ? answer.total() : null;
		return new Expectation(query, answer.status(), groups, new ArrayList<>(answer.includes()), total, source, note);
	}

	/** Each group's members sorted, so the file does not change with a server's order within ties. */
	private static List<List<String>> sortedGroups(List<List<String>> groups) {
		List<List<String>> out = new ArrayList<>();
		for (List<String> g : groups) {
			List<String> sorted = new ArrayList<>(g);
			sorted.sort(null);
			out.add(sorted);
		}
		return out;
	}
}

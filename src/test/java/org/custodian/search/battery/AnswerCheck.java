package org.custodian.search.battery;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares an answer with an expectation and says, in words, how they differ: the status, the
 * total, which matches are missing or unexpected, where a sorted result leaves the expected order,
 * which includes differ. An empty list means they agree.
 */
public final class AnswerCheck {

	/** How many resource names a message lists before it says "and N more". */
	private static final int SHOWN = 5;

	private AnswerCheck() {}

	public static List<String> differences(Expectation expected, SearchAnswer actual) {
		List<String> out = new ArrayList<>();
		if (expected.refused() || !actual.ok()) {
			if (expected.refused() != !actual.ok()) {
				out.add("status: expected " + describe(expected) + ", got " + describe(actual));
			}
			return out;
		}
		switch (expected.query().comparison()) {
			case COUNT -> {
				if (!Objects.equals(expected.total(), actual.total())) {
					out.add("total: expected " + expected.total() + ", got " + actual.total());
				}
			}
			case SET -> compareSets("matches", flatten(expected.matches()), actual.matchSet(), out);
			case AT_LEAST -> {
				TreeSet<String> missing = flatten(expected.matches());
				missing.removeAll(actual.matchSet());
				if (!missing.isEmpty()) {
					out.add("matches: " + missing.size() + " of the " + expected.matchCount() + " expected are missing: "
							+ shown(missing));
				}
			}
			case ORDER -> compareOrder(expected.matches(), actual.matches(), out);
		}
		compareSets("includes", new TreeSet<>(expected.includes()), actual.includes(), out);
		return out;
	}

	private static void compareOrder(List<List<String>> groups, List<String> actual, List<String> out) {
		TreeSet<String> expectedSet = flatten(groups);
		int before = out.size();
		compareSets("matches", expectedSet, new TreeSet<>(actual), out);
		if (out.size() > before) {
			return;
		}
		if (actual.size() != expectedSet.size()) {
			out.add("matches: " + actual.size() + " entries for " + expectedSet.size() + " resources (repeats)");
			return;
		}
		int at = 0;
		for (int g = 0; g < groups.size(); g++) {
			List<String> group = groups.get(g);
			TreeSet<String> got = new TreeSet<>(actual.subList(at, at + group.size()));
			if (!got.equals(new TreeSet<>(group))) {
				out.add("order: position " + (at + 1) + " should hold " + shown(new TreeSet<>(group)) + " but holds "
						+ shown(got));
				return;
			}
			at += group.size();
		}
	}

	private static void compareSets(String what, TreeSet<String> expected, TreeSet<String> actual, List<String> out) {
		if (expected.equals(actual)) {
			return;
		}
		TreeSet<String> missing = new TreeSet<>(expected);
		missing.removeAll(actual);
		TreeSet<String> unexpected = new TreeSet<>(actual);
		unexpected.removeAll(expected);
		StringBuilder sb = new StringBuilder(what + ": expected " + expected.size() + ", got " + actual.size());
		if (!missing.isEmpty()) {
			sb.append("; missing ").append(missing.size()).append(' ').append(shown(missing));
		}
		if (!unexpected.isEmpty()) {
			sb.append("; unexpected ").append(unexpected.size()).append(' ').append(shown(unexpected));
		}
		out.add(sb.toString());
	}

	static TreeSet<String> flatten(List<List<String>> groups) {
		TreeSet<String> all = new TreeSet<>();
		groups.forEach(all::addAll);
		return all;
	}

	static String shown(TreeSet<String> ids) {
		List<String> first = new ArrayList<>();
		for (String id : ids) {
			if (first.size() == SHOWN) {
				break;
			}
			first.add(id);
		}
		return first + (ids.size() > SHOWN ? " and " + (ids.size() - SHOWN) + " more" : "");
	}

	static String describe(Expectation e) {
		if (e.refused()) {
			return "refusal (HTTP " + e.status() + ")";
		}
		return e.query().comparison() == BatteryQuery.Comparison.COUNT ? "total " + e.total()
				: e.matchCount() + " matches" + (e.includes().isEmpty() ? "" : " + " + e.includes().size() + " included");
	}

	static String describe(SearchAnswer a) {
		if (!a.ok()) {
			return "refusal (HTTP " + a.status() + ": " + a.error() + ")";
		}
		return a.total() != null && a.matches().isEmpty() ? "total " + a.total()
				: a.matches().size() + " matches" + (a.includes().isEmpty() ? "" : " + " + a.includes().size() + " included");
	}
}

package org.custodian.search;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A parsed FHIR search: ANDed clauses, each an OR of values, plus paging, sorting and totals. Ours,
 * not HAPI's: the FHIR edge turns HTTP parameters into this, and nothing in {@code search} sees
 * HAPI's parameter classes.
 *
 * @param ignored parameters that were not applied (unknown or not supported), each with the reason;
 *                only non-empty under lenient handling, and reported back to the client
 */
public record SearchRequest(String type, List<Clause> clauses, int count, int offset, List<SortKey> sort,
		Total total, List<String> ignored) {

	/** {@code name[:modifier]=v1,v2}: matches when any value matches. */
	public record Clause(String param, @Nullable String modifier, List<String> values) {}

	/** One {@code _sort} key. */
	public record SortKey(String param, boolean descending) {}

	/** {@code _total}: whether the bundle carries the number of matches. */
	public enum Total {
		NONE, ESTIMATE, ACCURATE
	}
}

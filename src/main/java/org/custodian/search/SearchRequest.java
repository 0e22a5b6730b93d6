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
		Total total, List<Include> includes, List<String> ignored) {

	/**
	 * {@code name[:modifier][.chain]=v1,v2}: matches when any value matches. {@code chain} is the rest
	 * of a chained name ({@code subject:Patient.name} has param {@code subject}, modifier
	 * {@code Patient}, chain {@code name}); for {@code _has:Observation:patient:code} the param is
	 * {@code _has} and the chain {@code Observation:patient:code}.
	 */
	public record Clause(String param, @Nullable String modifier, @Nullable String chain, List<String> values) {

		public Clause(String param, @Nullable String modifier, List<String> values) {
			this(param, modifier, null, values);
		}
	}

	/**
	 * {@code _include=Observation:subject[:Patient]} (forward) or {@code _revinclude=…} (reverse);
	 * {@code iterate} repeats it on what was included.
	 */
	public record Include(boolean reverse, String sourceType, String param, @Nullable String targetType,
			boolean iterate) {}

	/** One {@code _sort} key. */
	public record SortKey(String param, boolean descending) {}

	/** {@code _total}: whether the bundle carries the number of matches. */
	public enum Total {
		NONE, ESTIMATE, ACCURATE
	}
}

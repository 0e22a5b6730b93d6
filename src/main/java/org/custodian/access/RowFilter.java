package org.custodian.access;

import java.util.List;

/**
 * A SQL condition on one row of {@code resource} (named by the alias it was made for) that is true
 * exactly when the caller may see that resource, with its bind values in order. The record store
 * and search put it into their own statements, so what a caller may not see is never read, counted
 * or joined, rather than filtered out afterwards.
 */
public record RowFilter(String sql, List<Object> args) {

	static final RowFilter ALL = new RowFilter("true", List.of());
	static final RowFilter NONE = new RowFilter("false", List.of());

	public boolean unrestricted() {
		return this == ALL;
	}

	RowFilter and(RowFilter other) {
		if (this == ALL || other == NONE) {
			return other;
		}
		if (other == ALL || this == NONE) {
			return this;
		}
		List<Object> args = new java.util.ArrayList<>(this.args);
		args.addAll(other.args);
		return new RowFilter("(" + sql + " and " + other.sql + ")", List.copyOf(args));
	}
}

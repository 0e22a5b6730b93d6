package org.custodian.access;

import org.jspecify.annotations.Nullable;

/**
 * Turns the search parameters of a SMART v2 finer-grained scope
 * ({@code patient/Observation.rs?category=…|laboratory}) into a SQL condition on a resource row, so
 * the gate can bound such a scope the way it bounds everything else: in the statement. Implemented
 * by search, which owns the meaning of search parameters.
 */
public interface ScopeConstraints {

	/**
	 * The condition that row {@code alias} of {@code type} matches {@code query}, or null when the
	 * query cannot be enforced (an unknown parameter, a chain): such a scope then grants nothing.
	 */
	@Nullable RowFilter matching(AccessContext access, String alias, String type, String query);
}

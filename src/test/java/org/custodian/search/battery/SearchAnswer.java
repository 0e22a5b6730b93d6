package org.custodian.search.battery;

import java.util.List;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * What one server answered to one battery query, in Synthea terms: the matches in the order given
 * (all pages), the included resources, and {@code Bundle.total}. A resource that is not from the
 * data set appears as {@code ?Type/serverId}. A refused query has its status and the server's
 * diagnostics instead.
 */
public record SearchAnswer(int status, List<String> matches, TreeSet<String> includes, @Nullable Integer total,
		String error) {

	public static SearchAnswer refused(int status, String error) {
		return new SearchAnswer(status, List.of(), new TreeSet<>(), null, error);
	}

	public boolean ok() {
		return status >= 200 && status < 300;
	}

	/** Matches as a sorted set. */
	public TreeSet<String> matchSet() {
		return new TreeSet<>(matches);
	}
}

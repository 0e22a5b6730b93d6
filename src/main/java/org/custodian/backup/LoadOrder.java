package org.custodian.backup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The order a restore loads tables in: each after every table its foreign keys point at, so that no
 * row meets a reference to a row not yet loaded, and the constraints checked immediately as usual.
 * Where the keys form a cycle (a release-of-information request names its package, which names its
 * request) no such order exists: one table of the cycle goes first and its keys into the cycle are
 * named in {@code deferred}, to be checked at the end of the load instead. A table that refers to
 * itself is loaded in one statement, which PostgreSQL checks at the statement's end.
 *
 * @param tables   the tables, in the order to load them
 * @param deferred the keys to check only once every table is loaded
 */
record LoadOrder(List<String> tables, List<SchemaCatalog.ForeignKey> deferred) {

	static LoadOrder of(Set<String> tables, List<SchemaCatalog.ForeignKey> keys) {
		List<String> order = new ArrayList<>();
		List<SchemaCatalog.ForeignKey> deferred = new ArrayList<>();
		Set<String> placed = new HashSet<>();
		Set<String> waiting = new TreeSet<>(tables);
		while (!waiting.isEmpty()) {
			String next = waiting.stream().filter(t -> unmet(t, keys, placed, tables).isEmpty()).findFirst().orElse(null);
			if (next == null) {
				next = waiting.stream().filter(t -> onCycle(t, keys, placed, tables)).findFirst().orElseThrow();
				deferred.addAll(unmet(next, keys, placed, tables));
			}
			order.add(next);
			placed.add(next);
			waiting.remove(next);
		}
		return new LoadOrder(order, deferred);
	}

	/** Whether {@code table} reaches itself through keys to tables not placed yet (every stuck table leads to such a one). */
	private static boolean onCycle(String table, List<SchemaCatalog.ForeignKey> keys, Set<String> placed, Set<String> tables) {
		Set<String> seen = new HashSet<>();
		List<String> next = new ArrayList<>(List.of(table));
		while (!next.isEmpty()) {
			for (SchemaCatalog.ForeignKey key : unmet(next.remove(next.size() - 1), keys, placed, tables)) {
				if (key.references().equals(table)) {
					return true;
				}
				if (seen.add(key.references())) {
					next.add(key.references());
				}
			}
		}
		return false;
	}

	/** The keys of {@code table} that point at another loaded table not placed yet. */
	private static List<SchemaCatalog.ForeignKey> unmet(String table, List<SchemaCatalog.ForeignKey> keys, Set<String> placed,
			Set<String> tables) {
		return keys.stream().filter(k -> k.table().equals(table) && !k.references().equals(table) && tables.contains(k
				.references()) && !placed.contains(k.references())).toList();
	}
}

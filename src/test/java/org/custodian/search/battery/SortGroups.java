package org.custodian.search.battery;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.custodian.search.IndexEntry;
import org.custodian.search.battery.BatteryQuery.Param;

/**
 * Cuts a sorted result into groups of resources that tie on every {@code _sort} key. Within such a
 * group the order is the server's free choice (FHIR asks for an order on the keys, nothing more),
 * so sorted results are compared group by group, each group as a set. Two resources tie when their
 * values of each key parameter are the same values: a conservative test that never merges
 * resources a correct server could tell apart.
 */
final class SortGroups {

	private SortGroups() {}

	static List<List<String>> of(BatteryQuery query, List<String> ordered, SyntheaRecords records) {
		List<String> keys = sortParams(query);
		List<List<String>> groups = new ArrayList<>();
		List<Object> previous = null;
		for (String identity : ordered) {
			List<Object> key = key(identity, keys, records);
			if (previous == null || !previous.equals(key)) {
				groups.add(new ArrayList<>());
			}
			groups.get(groups.size() - 1).add(identity);
			previous = key;
		}
		return groups;
	}

	/** The parameter of each {@code _sort} key, without its direction. */
	static List<String> sortParams(BatteryQuery query) {
		List<String> keys = new ArrayList<>();
		for (Param p : query.params()) {
			if (p.name().equals("_sort")) {
				for (String key : p.value().split(",")) {
					keys.add(key.startsWith("-") ? key.substring(1) : key);
				}
			}
		}
		return keys;
	}

	/**
	 * What a server sorts on: a string's normalized form, a token's system and code (not its
	 * display), a date's range, a quantity's value; null for a display-only token, which has no code.
	 */
	private static String sortValue(IndexEntry e) {
		if (e instanceof IndexEntry.StringValue s) {
			return s.normalized();
		}
		if (e instanceof IndexEntry.TokenValue t) {
			return t.code() == null ? null : t.system() + "|" + t.code();
		}
		if (e instanceof IndexEntry.DateRange d) {
			return d.low() + ".." + d.high();
		}
		if (e instanceof IndexEntry.QuantityValue q) {
			return q.value().stripTrailingZeros().toPlainString();
		}
		return Objects.toString(e);
	}

	/** A resource's values of the sort parameters; a resource outside the data set ties with nothing. */
	private static List<Object> key(String identity, List<String> params, SyntheaRecords records) {
		List<Object> key = new ArrayList<>();
		if (!records.contains(identity)) {
			key.add(identity);
			return key;
		}
		for (String param : params) {
			List<String> values = new ArrayList<>();
			for (IndexEntry e : records.entries(identity, param)) {
				String v = sortValue(e);
				if (v != null) {
					values.add(v);
				}
			}
			values.sort(null);
			key.add(values);
		}
		return key;
	}
}

package org.custodian.search.battery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.custodian.search.battery.BatteryQuery.Comparison;
import org.custodian.search.battery.BatteryQuery.Param;

/** Collects the battery's queries, in the order first added, each query once. */
final class BatteryBuilder {

	private final Map<String, BatteryQuery> queries = new LinkedHashMap<>();

	/** A query compared as a set; {@code params} are name, value, name, value… */
	void set(String facet, String type, String... params) {
		add(facet, type, Comparison.SET, params);
	}

	/** A query whose matches may only grow with time (date {@code ap}). */
	void atLeast(String facet, String type, String... params) {
		add(facet, type, Comparison.AT_LEAST, params);
	}

	/** A sorting query, compared in order. */
	void ordered(String facet, String type, String... params) {
		add(facet, type, Comparison.ORDER, params);
	}

	/** A {@code _summary=count} query (the parameter is added here), compared by total. */
	void count(String facet, String type, String... params) {
		String[] withSummary = java.util.Arrays.copyOf(params, params.length + 2);
		withSummary[params.length] = "_summary";
		withSummary[params.length + 1] = "count";
		add(facet, type, Comparison.COUNT, withSummary);
	}

	int size() {
		return queries.size();
	}

	List<BatteryQuery> queries() {
		return new ArrayList<>(queries.values());
	}

	private void add(String facet, String type, Comparison comparison, String... params) {
		if (params.length % 2 != 0) {
			throw new IllegalArgumentException("parameters come in name, value pairs: " + String.join(" ", params));
		}
		List<Param> list = new ArrayList<>();
		for (int i = 0; i < params.length; i += 2) {
			list.add(new Param(params[i], params[i + 1]));
		}
		BatteryQuery q = new BatteryQuery(type, list, comparison, facet);
		queries.putIfAbsent(q.template(), q);
	}
}

package org.custodian.search.battery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The live comparison behind {@code bench/search-differential.sh}, as a command:
 *
 * <pre>
 * SearchDifferential load    --base URL --data DIR --ids FILE [--token TOKEN]
 * SearchDifferential compare --hapi URL --hapi-ids FILE --custodian URL --custodian-ids FILE
 *                            --custodian-token TOKEN --data DIR
 *                            --expectations FILE --report FILE [--about TEXT]
 * </pre>
 *
 * {@code load} POSTs the data set's bundles and saves the server's ids. {@code compare} generates
 * the battery, runs every query on both servers, compares the answers in Synthea terms, writes a
 * report of every difference, and (re)writes the expectations the CI test replays: HAPI's answer,
 * or Custodian's where {@link KnownDifferences} explains the difference.
 */
public final class SearchDifferential {

	private SearchDifferential() {}

	public static void main(String[] args) throws Exception {
		Map<String, String> opts = options(args);
		SyntheaDataSet dataSet = opts.containsKey("data") ? SyntheaDataSet.in(Path.of(opts.get("data")))
				: SyntheaDataSet.committed();
		switch (args.length > 0 ? args[0] : "") {
			case "load" -> {
				ServerIds ids = DataSetLoader.overHttp(require(opts, "base"), opts.get("token")).load(dataSet, System.out::println);
				ids.save(Path.of(require(opts, "ids")));
				System.out.println("loaded " + ids.size() + " resources into " + opts.get("base"));
			}
			case "compare" -> compare(dataSet, opts);
			default -> {
				System.err.println("usage: SearchDifferential load|compare --option value … (see the class comment)");
				System.exit(2);
			}
		}
	}

	private static void compare(SyntheaDataSet dataSet, Map<String, String> opts) {
		SyntheaRecords records = SyntheaRecords.of(dataSet);
		List<BatteryQuery> battery = BatteryGenerator.generate(records);
		System.out.println("battery: " + battery.size() + " queries");
		BatteryRunner hapi = new BatteryRunner(require(opts, "hapi"), ServerIds.load(Path.of(require(opts, "hapi-ids"))),
				null);
		BatteryRunner custodian = new BatteryRunner(require(opts, "custodian"),
				ServerIds.load(Path.of(require(opts, "custodian-ids"))), require(opts, "custodian-token"));
		DifferentialReport report = new DifferentialReport(opts.getOrDefault("about", dataSet.folder().toString()),
				new DataSetOracle(records, System.currentTimeMillis()));
		List<Expectation> expectations = new ArrayList<>();
		for (int i = 0; i < battery.size(); i++) {
			BatteryQuery q = battery.get(i);
			CompletableFuture<SearchAnswer> fromHapi = CompletableFuture.supplyAsync(() -> hapi.run(q));
			SearchAnswer fromCustodian = custodian.run(q);
			expectations.add(report.add(q, fromHapi.join(), fromCustodian, records));
			if ((i + 1) % 50 == 0) {
				System.out.println("  " + (i + 1) + " / " + battery.size() + " queries compared");
			}
		}
		ExpectationFile.write(Path.of(require(opts, "expectations")), report.about(), expectations);
		report.write(Path.of(require(opts, "report")));
		System.out.println(report.summary());
		System.out.println(report.dataCheckSummary());
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> opts = new HashMap<>();
		for (int i = 1; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("expected --option, got " + args[i]);
			}
			opts.put(args[i].substring(2), args[i + 1]);
		}
		return opts;
	}

	private static String require(Map<String, String> opts, String name) {
		String v = opts.get(name);
		if (v == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return v;
	}
}

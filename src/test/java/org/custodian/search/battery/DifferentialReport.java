package org.custodian.search.battery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides, query by query, what the recorded expectation is, and writes the readable report of the
 * comparison: a summary by facet, then every unexplained difference (each a likely Custodian bug,
 * with both answers), every explained one (with its reason and the specification), the refusals
 * both servers agree on, and any {@link KnownDifferences} entry that no longer covers a difference.
 */
final class DifferentialReport {

	private enum Outcome {
		AGREE, EXPLAINED, UNEXPLAINED
	}

	/**
	 * @param dataCheck for a difference, whose answer the {@link DataSetOracle} confirms ("Custodian",
	 *                  "HAPI", "neither"), or empty when the query is beyond it
	 */
	private record Row(BatteryQuery query, Outcome outcome, SearchAnswer hapi, SearchAnswer custodian,
			List<String> differences, Optional<KnownDifferences.Entry> known, String dataCheck) {}

	private final String about;
	private final DataSetOracle oracle;
	private final List<Row> rows = new ArrayList<>();

	DifferentialReport(String about, DataSetOracle oracle) {
		this.about = about;
		this.oracle = oracle;
	}

	String about() {
		return about;
	}

	/** Records one query's two answers and returns the expectation to keep for it. */
	Expectation add(BatteryQuery q, SearchAnswer hapi, SearchAnswer custodian, SyntheaRecords records) {
		Expectation fromHapi = Expectation.of(q, hapi, records, "hapi", "");
		List<String> differences = AnswerCheck.differences(fromHapi, custodian);
		Optional<KnownDifferences.Entry> known = KnownDifferences.find(q);
		String dataCheck = oracle.expected(q).map(expected -> confirmed(q, expected, hapi, custodian)).orElse("");
		if (differences.isEmpty()) {
			rows.add(new Row(q, Outcome.AGREE, hapi, custodian, differences, known, dataCheck));
			return fromHapi;
		}
		if (known.isPresent()) {
			rows.add(new Row(q, Outcome.EXPLAINED, hapi, custodian, differences, known, dataCheck));
			return Expectation.of(q, custodian, records, "custodian", known.get().id());
		}
		rows.add(new Row(q, Outcome.UNEXPLAINED, hapi, custodian, differences, known, dataCheck));
		return fromHapi;
	}

	/** Whose matches the data set's own answer confirms: "both", "Custodian", "HAPI" or "neither". */
	private static String confirmed(BatteryQuery q, java.util.TreeSet<String> expected, SearchAnswer hapi,
			SearchAnswer custodian) {
		boolean c = custodian.ok() && sameMatches(q, expected, custodian);
		boolean h = hapi.ok() && sameMatches(q, expected, hapi);
		return c && h ? "both" : c ? "Custodian" : h ? "HAPI" : "neither";
	}

	/** Equal sets; for date ap, the server's window may be wider than the oracle's, never narrower. */
	private static boolean sameMatches(BatteryQuery q, java.util.TreeSet<String> expected, SearchAnswer answer) {
		return q.comparison() == BatteryQuery.Comparison.AT_LEAST ? answer.matchSet().containsAll(expected)
				: answer.matchSet().equals(expected);
	}

	String summary() {
		return String.format("%d queries: %d agree, %d differ with an explanation (Custodian's answer recorded),"
				+ " %d differ without one (HAPI's answer recorded; SearchBatteryIT fails on these)", rows.size(),
				count(Outcome.AGREE), count(Outcome.EXPLAINED), count(Outcome.UNEXPLAINED));
	}

	/** What the {@link DataSetOracle} made of the queries it could evaluate. */
	String dataCheckSummary() {
		long agreeing = rows.stream().filter(r -> r.outcome() == Outcome.AGREE && !r.dataCheck().isEmpty()).count();
		long agreeingConfirmed = rows.stream().filter(r -> r.outcome() == Outcome.AGREE && r.dataCheck().equals("both"))
				.count();
		long differing = rows.stream().filter(r -> r.outcome() != Outcome.AGREE && !r.dataCheck().isEmpty()).count();
		long custodianConfirmed = rows.stream().filter(r -> r.outcome() != Outcome.AGREE && r.dataCheck().equals("Custodian"))
				.count();
		return String.format("Evaluated directly over the data set by the letter of R4 (DataSetOracle, for queries made of"
				+ " references, tokens, strings, dates and quantities): %d of the agreeing queries, confirmed in %d;"
				+ " %d of the differing ones, where it sides with Custodian in %d", agreeing, agreeingConfirmed, differing,
				custodianConfirmed);
	}

	void write(Path file) {
		StringBuilder md = new StringBuilder();
		md.append("# Search differential: Custodian against the HAPI FHIR JPA server\n\n");
		md.append("Data: ").append(about).append("\n\n").append(summary()).append(".\n\n").append(dataCheckSummary())
				.append(".\n\n");
		md.append("Resources are named by their Synthea identity (`Type/uuid` of the bundle's fullUrl);"
				+ " `{ref:…}` / `{id:…}` in a query stand for the server's own `Type/id` / `id` of that resource."
				+ " Both servers are asked with `Prefer: handling=strict` and `_count=" + BatteryQuery.PAGE_SIZE
				+ "`, following `next` links.\n\n");
		facets(md);
		section(md, "Differences without an explanation", Outcome.UNEXPLAINED);
		section(md, "Differences explained in KnownDifferences", Outcome.EXPLAINED);
		contradicted(md);
		refusals(md);
		unused(md);
		try {
			Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private void facets(StringBuilder md) {
		Map<String, int[]> byFacet = new TreeMap<>();
		for (Row r : rows) {
			int[] n = byFacet.computeIfAbsent(r.query().facet(), f -> new int[4]);
			n[0]++;
			n[1 + r.outcome().ordinal()]++;
		}
		md.append("| facet | queries | agree | explained | unexplained |\n| --- | ---: | ---: | ---: | ---: |\n");
		// A facet such as "token system|code" would otherwise end its table cell early.
		byFacet.forEach((facet, n) -> md.append("| ").append(facet.replace("|", "\\|")).append(" | ").append(n[0])
				.append(" | ").append(n[1])
				.append(" | ").append(n[2]).append(" | ").append(n[3]).append(" |\n"));
		md.append('\n');
	}

	private void section(StringBuilder md, String title, Outcome outcome) {
		md.append("## ").append(title).append(" (").append(count(outcome)).append(")\n\n");
		int i = 0;
		for (Row r : rows) {
			if (r.outcome() != outcome) {
				continue;
			}
			md.append(++i).append(". `").append(r.query().template()).append("` (").append(r.query().facet())
					.append(", compared ").append(r.query().comparison().name().toLowerCase()).append(")\n");
			md.append("   - HAPI: ").append(AnswerCheck.describe(r.hapi())).append(examples(r.hapi())).append('\n');
			md.append("   - Custodian: ").append(AnswerCheck.describe(r.custodian())).append(examples(r.custodian()))
					.append('\n');
			for (String d : r.differences()) {
				md.append("   - ").append(d).append('\n');
			}
			if (!r.dataCheck().isEmpty()) {
				String who = switch (r.dataCheck()) {
					case "both" -> "both answers";
					case "neither" -> "neither answer";
					default -> r.dataCheck() + "'s answer";
				};
				md.append("   - evaluated over the data set by the letter of R4 (DataSetOracle): confirms ").append(who)
						.append('\n');
			}
			r.known().ifPresent(k -> md.append("   - **").append(k.id()).append("** (").append(k.verdict()).append("): ")
					.append(k.why()).append(" ").append(k.spec()).append('\n'));
		}
		md.append('\n');
	}

	/** Answers both servers agree on that the data set's own evaluation contradicts: both wrong, or the oracle is. */
	private void contradicted(StringBuilder md) {
		md.append("## Agreeing answers the data set contradicts\n\n");
		for (Row r : rows) {
			if (r.outcome() == Outcome.AGREE && !r.dataCheck().isEmpty() && !r.dataCheck().equals("both")) {
				md.append("- `").append(r.query().template()).append("`: both servers ")
						.append(AnswerCheck.describe(r.custodian())).append('\n');
			}
		}
		md.append('\n');
	}

	private void refusals(StringBuilder md) {
		md.append("## Queries both servers refuse\n\n");
		for (Row r : rows) {
			if (r.outcome() == Outcome.AGREE && !r.hapi().ok()) {
				md.append("- `").append(r.query().template()).append("`: HAPI ").append(r.hapi().status()).append(" (")
						.append(r.hapi().error()).append("), Custodian ").append(r.custodian().status()).append(" (")
						.append(r.custodian().error()).append(")\n");
			}
		}
		md.append('\n');
	}

	private void unused(StringBuilder md) {
		Set<String> used = new LinkedHashSet<>();
		for (Row r : rows) {
			if (r.outcome() == Outcome.EXPLAINED) {
				used.add(r.known().get().id());
			}
		}
		md.append("## KnownDifferences entries that explain nothing in this run\n\n");
		for (KnownDifferences.Entry e : KnownDifferences.all()) {
			if (!used.contains(e.id())) {
				md.append("- ").append(e.id()).append(": ").append(e.why()).append('\n');
			}
		}
		md.append('\n');
	}

	private static String examples(SearchAnswer a) {
		if (!a.ok() || a.matches().isEmpty()) {
			return "";
		}
		List<String> first = a.matches().subList(0, Math.min(3, a.matches().size()));
		return ", e.g. " + String.join(", ", first);
	}

	private int count(Outcome o) {
		return (int) rows.stream().filter(r -> r.outcome() == o).count();
	}
}

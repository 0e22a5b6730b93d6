package org.custodian.search.battery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.custodian.search.battery.BatteryQuery.Comparison;
import org.custodian.search.battery.BatteryQuery.Param;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The recorded battery: every query with its expected answer, in Synthea terms, written by
 * {@code bench/search-differential.sh} and read by {@code SearchBatteryIT}. One query a line, so a
 * re-recording shows in a diff as the queries whose answers changed.
 */
public final class ExpectationFile {

	/** Where the CI test finds it on the test class path (beside, not inside, the data set's folder). */
	public static final String RESOURCE = "search-battery.json";

	private static final ObjectMapper JSON = FhirJsonClient.json();

	private ExpectationFile() {}

	public static void write(Path file, String about, List<Expectation> expectations) {
		StringBuilder sb = new StringBuilder("{\"about\": ").append(quote(about)).append(",\n\"queries\": [\n");
		for (int i = 0; i < expectations.size(); i++) {
			sb.append(node(expectations.get(i)).toString()).append(i + 1 < expectations.size() ? ",\n" : "\n");
		}
		sb.append("]}\n");
		try {
			Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The recorded battery committed with the tests. */
	public static List<Expectation> committed() {
		try (InputStream in = ExpectationFile.class.getClassLoader().getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is not on the test class path");
			}
			return read(JSON.readTree(in));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static List<Expectation> read(Path file) {
		try {
			return read(JSON.readTree(file.toFile()));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static List<Expectation> read(JsonNode root) {
		List<Expectation> out = new ArrayList<>();
		for (JsonNode q : root.path("queries")) {
			List<Param> params = new ArrayList<>();
			for (JsonNode p : q.path("params")) {
				params.add(new Param(p.get(0).asText(), p.get(1).asText()));
			}
			BatteryQuery query = new BatteryQuery(q.path("type").asText(), params,
					Comparison.valueOf(q.path("compare").asText()), q.path("facet").asText());
			List<List<String>> groups = new ArrayList<>();
			for (JsonNode g : q.path("matches")) {
				groups.add(strings(g));
			}
			Integer total = q.path("total").isNumber() ? q.path("total").asInt() : null;
			out.add(new Expectation(query, q.path("status").asInt(), groups, strings(q.path("includes")), total,
					q.path("source").asText(), q.path("note").asText("")));
		}
		return out;
	}

	private static ObjectNode node(Expectation e) {
		ObjectNode n = JSON.createObjectNode();
		n.put("query", e.query().template());
		n.put("facet", e.query().facet());
		n.put("compare", e.query().comparison().name());
		n.put("source", e.source());
		if (!e.note().isEmpty()) {
			n.put("note", e.note());
		}
		n.put("status", e.status());
		if (e.total() != null) {
			n.put("total", e.total());
		}
		n.put("type", e.query().type());
		ArrayNode params = n.putArray("params");
		for (Param p : e.query().params()) {
			params.addArray().add(p.name()).add(p.value());
		}
		ArrayNode matches = n.putArray("matches");
		for (List<String> g : e.matches()) {
			ArrayNode group = matches.addArray();
			g.forEach(group::add);
		}
		ArrayNode includes = n.putArray("includes");
		e.includes().forEach(includes::add);
		return n;
	}

	private static List<String> strings(JsonNode array) {
		List<String> out = new ArrayList<>();
		array.forEach(x -> out.add(x.asText()));
		return out;
	}

	private static String quote(String s) {
		return JSON.getNodeFactory().textNode(s).toString();
	}
}

package org.custodian.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.custodian.testkit.SharedCorpora;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;

/**
 * Creates every official R4 example in the shared corpus (with its own id, so examples that refer to
 * each other can resolve), reads each back and compares it with what was sent. Examples whose
 * references point outside the corpus are retried in passes until no more load; what still fails is
 * reported by reason in {@code target/spec-examples-roundtrip.txt}. The test fails if any stored
 * example reads back different from what was sent, or if fewer examples load than the recorded floor.
 */
class SpecExamplesRoundTripIT extends ServerTest {

	/** Recorded on 2026-11-24; raise it when a fix makes more examples load, never lower it silently. */
	private static final int MINIMUM_STORED = 222;

	private static final FhirContext CTX = FhirContext.forR4Cached();

	/**
	 * Differences that are understood and not ours to fix. HAPI's XHTML encoder adds indentation
	 * before an XML comment inside narrative on every parse/encode cycle; the text and markup are
	 * otherwise kept.
	 */
	private static final Map<String, String> EXPLAINED = Map.of("plandefinition-example-kdn5-simplified.json",
			"HAPI re-indents whitespace before XML comments in narrative");

	@Test
	void storesAndReadsBackTheOfficialExamplesUnchanged() throws IOException {
		Map<String, String> pending = new TreeMap<>();
		try (var files = Files.list(SharedCorpora.path("fhir-r4/spec-examples"))) {
			for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
				pending.put(f.getFileName().toString(), Files.readString(f));
			}
		}
		Map<String, String> failures = new TreeMap<>();
		Map<String, String> stored = new LinkedHashMap<>();
		boolean progress = true;
		while (progress && !pending.isEmpty()) {
			progress = false;
			for (var it = pending.entrySet().iterator(); it.hasNext();) {
				var e = it.next();
				Outcome o = store(e.getValue());
				if (o.location != null) {
					stored.put(e.getKey(), o.location);
					failures.remove(e.getKey());
					it.remove();
					progress = true;
				} else {
					failures.put(e.getKey(), o.reason);
				}
			}
		}
		List<String> differences = new ArrayList<>();
		for (var e : stored.entrySet()) {
			String sent = canonical(Files.readString(SharedCorpora.path("fhir-r4/spec-examples/" + e.getKey())));
			String read = canonical(fhir.get(e.getValue()).body());
			if (!sent.equals(read) && !EXPLAINED.containsKey(e.getKey())) {
				differences.add(e.getKey() + ": " + firstDifference(sent, read));
			}
		}
		writeReport(stored.size(), failures, differences);

		assertThat(differences).as("examples that read back different from what was stored").isEmpty();
		assertThat(stored.size()).as("examples stored; see target/spec-examples-roundtrip.txt").isGreaterThanOrEqualTo(MINIMUM_STORED);
	}

	private Outcome store(String json) {
		Resource r;
		try {
			r = (Resource) lenient().parseResource(json);
		} catch (RuntimeException e) {
			return new Outcome(null, "unparseable: " + e.getMessage());
		}
		String type = r.fhirType();
		Response resp = r.hasIdElement() && r.getIdElement().hasIdPart()
				? fhir.put(type + "/" + r.getIdElement().getIdPart(), json)
				: fhir.post(type, json);
		if (resp.status() == 200 || resp.status() == 201) {
			String location = resp.header("Location") != null ? resp.header("Location") : resp.header("Content-Location");
			// The versioned location: a few examples share an id, and a later one updates an earlier one.
			return new Outcome(location.substring(location.indexOf("/fhir/") + 6), null);
		}
		String diagnostics = resp.body().contains("diagnostics") ? resp.outcome().getIssueFirstRep().getDiagnostics() : "";
		return new Outcome(null, resp.status() + " " + (resp.body().contains("CUS-") ? resp.errorCode() + " " : "")
				+ diagnostics);
	}

	/** The resource as HAPI encodes it, without the version metadata the server adds. */
	private static String canonical(String json) {
		Resource r = (Resource) lenient().parseResource(json);
		r.setIdElement(r.getIdElement().toUnqualifiedVersionless());
		if (r.hasMeta()) {
			r.getMeta().setVersionId(null).setLastUpdated(null);
		}
		return lenient().setPrettyPrint(true).encodeResourceToString(r);
	}

	private static String firstDifference(String a, String b) {
		String[] x = a.split("\n");
		String[] y = b.split("\n");
		for (int i = 0; i < Math.min(x.length, y.length); i++) {
			if (!x[i].equals(y[i])) {
				return "line " + (i + 1) + " sent " + clip(x[i]) + " read " + clip(y[i]);
			}
		}
		return "lengths " + x.length + " and " + y.length;
	}

	private static String clip(String s) {
		return s.length() > 300 ? s.substring(0, 300) + "…" : s;
	}

	private static IParser lenient() {
		return CTX.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
	}

	private static void writeReport(int stored, Map<String, String> failures, List<String> differences) throws IOException {
		Map<String, Integer> byReason = new TreeMap<>();
		for (String why : failures.values()) {
			byReason.merge(category(why), 1, Integer::sum);
		}
		StringBuilder sb = new StringBuilder();
		sb.append("Official R4 examples round trip: ").append(stored).append(" stored and read back, ")
				.append(differences.size()).append(" differing, ").append(failures.size()).append(" refused\n\nRefused, by reason:\n");
		byReason.forEach((k, v) -> sb.append(String.format("%5d  %s%n", v, k)));
		sb.append("\nEach refused example:\n");
		failures.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
		differences.forEach(d -> sb.append("DIFFERS: ").append(d).append('\n'));
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target/spec-examples-roundtrip.txt"), sb.toString());
		System.out.println(sb.substring(0, sb.indexOf("\nEach refused")));
	}

	private static String category(String why) {
		if (why.contains("which does not exist") || why.contains("has been deleted")) {
			return "refers to a resource outside the corpus (referential integrity)";
		}
		if (why.startsWith("422")) {
			return "breaks a base-specification rule (422)";
		}
		if (why.startsWith("400 CUS-1001")) {
			return "rejected by the strict parser (400)";
		}
		return why.length() > 60 ? why.substring(0, 60) : why;
	}

	private record Outcome(String location, String reason) {}
}

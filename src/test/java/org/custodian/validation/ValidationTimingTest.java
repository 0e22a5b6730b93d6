package org.custodian.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;

/**
 * Measures validation time per resource (printed, not asserted: the machine is shared) on real
 * Synthea output and on IBM's fully populated mocks, the worst case for a walk. Also checks that
 * every Synthea resource, the data we ingest most, validates without error.
 */
class ValidationTimingTest {

	private static final Path CORPORA = Path.of("../shared/corpora");
	private static final FhirContext CTX = FhirContext.forR4Cached();
	private static final BaseSpecValidator VALIDATOR = new BaseSpecValidator(CTX);

	@Test
	void everySyntheaResourceValidatesWithoutErrorsAndTimingsArePrinted() {
		Map<String, List<String>> synthea = synthea();
		Map<String, String> samples = new LinkedHashMap<>();
		synthea.forEach((type, lines) -> {
			lines.forEach(ValidationTimingTest::assertValid);
			samples.put("synthea " + type, lines.get(0));
		});
		for (String mock : List.of("Observation-1", "Encounter-1", "Claim-1", "ExplanationOfBenefit-1", "Patient-1")) {
			samples.put("ibm mock " + mock, read(CORPORA.resolve("fhir-r4/ibm-generated/complete-mock/" + mock + ".json")));
		}
		System.out.printf("%-34s %8s %12s %12s%n", "resource", "bytes", "parse µs", "validate µs");
		samples.forEach((name, json) -> {
			IBaseResource resource = parse(json);
			System.out.printf("%-34s %8d %12.1f %12.1f%n", name, json.length(),
					micros(500, () -> parse(json)), micros(5_000, () -> VALIDATOR.validate(resource)));
		});
	}

	/** Mean microseconds per run over {@code runs} runs after as many warm-up runs. */
	private static double micros(int runs, Runnable run) {
		for (int i = 0; i < runs; i++) {
			run.run();
		}
		long start = System.nanoTime();
		for (int i = 0; i < runs; i++) {
			run.run();
		}
		return (System.nanoTime() - start) / 1_000.0 / runs;
	}

	private static void assertValid(String json) {
		List<ValidationIssue> errors = VALIDATOR.validate(parse(json)).stream().filter(ValidationIssue::isError).toList();
		assertTrue(errors.isEmpty(), () -> errors + " in " + json.substring(0, Math.min(200, json.length())));
	}

	private static IBaseResource parse(String json) {
		StrictParsing.ParseResult result = StrictParsing.parse(CTX, EncodingEnum.JSON, json);
		assertTrue(result.ok(), () -> result.issues().toString());
		return result.resource();
	}

	/** Resource type to its NDJSON lines, from the Synthea bulk export. */
	private static Map<String, List<String>> synthea() {
		Path folder = CORPORA.resolve("bulk-data/synthea-10-patients");
		assertTrue(Files.isDirectory(folder), () -> "Synthea corpus not found at " + folder.toAbsolutePath());
		Map<String, List<String>> byType = new LinkedHashMap<>();
		try (var files = Files.list(folder)) {
			for (Path file : files.filter(f -> f.toString().contains(".ndjson")).sorted().toList()) {
				String type = file.getFileName().toString().replaceFirst("\\..*", "");
				if (!type.equals("log")) {
					byType.put(type, ndjson(file));
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return byType;
	}

	private static List<String> ndjson(Path file) throws IOException {
		var in = Files.newInputStream(file);
		var stream = file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			List<String> lines = new ArrayList<>();
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isBlank()) {
					lines.add(line);
				}
			}
			return lines;
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}

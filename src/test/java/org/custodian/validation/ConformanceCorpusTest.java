package org.custodian.validation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;

/**
 * Runs strict parsing plus {@link BaseSpecValidator} over two corpora whose expected outcome under
 * IBM's strict FHIR server is known, prints how often we agree, and fails if we reject anything
 * IBM accepts: a false rejection breaks a real client, a false acceptance only lets through what
 * a less strict server would too.
 */
class ConformanceCorpusTest {

	private static final Path CORPORA = Path.of("../shared/corpora/fhir-r4");

	/**
	 * Files IBM accepts that we reject on purpose, "corpus/file" to the reason. Empty: mime type and
	 * currency codes, which IBM's mocks fill with random text, are warnings (see CodeBindings).
	 */
	private static final Map<String, String> KNOWN_DISAGREEMENTS = Map.of();

	private static final FhirContext CTX = FhirContext.forR4Cached();
	private static final BaseSpecValidator VALIDATOR = new BaseSpecValidator(CTX);

	@BeforeAll
	static void corpusIsPresent() {
		assertTrue(Files.isDirectory(CORPORA), () -> "FHIR R4 corpora not found at " + CORPORA.toAbsolutePath()
				+ " (expected the shared folder next to the project: ../shared/corpora/fhir-r4)");
	}

	@Test
	void ibmGeneratedResourcesThatIbmAcceptsAreAccepted() {
		assertNoFalseRejections(run("ibm-generated", 1));
	}

	@Test
	void specExamplesThatIbmAcceptsAreAccepted() {
		assertNoFalseRejections(run("spec-examples", 2));
	}

	private static Tally run(String corpus, int statusColumn) {
		Path folder = CORPORA.resolve(corpus);
		Tally tally = new Tally(corpus);
		List<String> lines = lines(folder.resolve("_expected-status.tsv"));
		for (String line : lines.subList(1, lines.size())) {
			String[] cells = line.split("\t");
			String expected = cells[statusColumn].trim();
			tally.add(cells[0], expected, outcome(folder.resolve(cells[0])));
		}
		tally.print();
		return tally;
	}

	/** PARSE, VALIDATION (with the first error) or OK, in the vocabulary of the expectation files. */
	private static Outcome outcome(Path file) {
		StrictParsing.ParseResult parsed = StrictParsing.parse(CTX, EncodingEnum.JSON, read(file));
		if (parsed.resource() == null) {
			return new Outcome("PARSE", parsed.issues().get(0).toString());
		}
		return VALIDATOR.validate(parsed.resource()).stream().filter(ValidationIssue::isError).findFirst()
				.map(issue -> new Outcome("VALIDATION", issue.toString()))
				.orElse(new Outcome("OK", ""));
	}

	private static void assertNoFalseRejections(Tally tally) {
		List<String> unexpected = new ArrayList<>();
		tally.falseRejections.forEach((file, why) -> {
			if (!KNOWN_DISAGREEMENTS.containsKey(tally.corpus + "/" + file)) {
				unexpected.add(file + " -> " + why);
			}
		});
		assertTrue(unexpected.isEmpty(), () -> "Rejected although IBM accepts:\n  " + String.join("\n  ", unexpected));
	}

	private record Outcome(String status, String why) {}

	/** Counts expected-versus-ours pairs and remembers the false rejections. */
	private static final class Tally {
		final String corpus;
		final Map<String, Integer> pairs = new TreeMap<>();
		final Map<String, String> falseRejections = new TreeMap<>();
		final List<String> otherDisagreements = new ArrayList<>();

		Tally(String corpus) {
			this.corpus = corpus;
		}

		void add(String file, String expected, Outcome ours) {
			pairs.merge(String.format("%-10s -> %-10s", expected, ours.status()), 1, Integer::sum);
			if (expected.equals("OK") && !ours.status().equals("OK")) {
				falseRejections.put(file, ours.why());
			} else if (!expected.equals(ours.status()) && !expected.equals("?")) {
				otherDisagreements.add(file + " expected " + expected + ", ours " + ours.status() + " " + ours.why());
			}
		}

		void print() {
			int total = pairs.values().stream().mapToInt(Integer::intValue).sum();
			System.out.println("== " + corpus + ": " + total + " resources (IBM expected -> ours)");
			pairs.forEach((pair, count) -> System.out.printf("   %s %5d%n", pair, count));
			falseRejections.forEach((file, why) -> System.out.println("   FALSE REJECTION " + file + " " + why));
			otherDisagreements.forEach(line -> System.out.println("   missed " + line));
		}
	}

	private static List<String> lines(Path file) {
		try {
			return Files.readAllLines(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
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

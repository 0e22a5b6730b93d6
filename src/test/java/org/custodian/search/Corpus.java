package org.custodian.search;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;

/**
 * The shared test corpora and one shared indexer (building one loads HAPI's R4 definitions, which
 * takes seconds, so all test classes in the JVM reuse it). The corpora live beside the project,
 * at {@code ../shared/corpora} from the project root (Maven's working directory for tests).
 */
final class Corpus {

	static final FhirContext CTX = FhirContext.forR4Cached();
	private static @Nullable SearchIndexer indexer;

	private Corpus() {}

	static synchronized SearchIndexer indexer() {
		if (indexer == null) {
			indexer = new SearchIndexer(CTX);
		}
		return indexer;
	}

	static Path root() {
		Path root = Path.of("../shared/corpora").toAbsolutePath().normalize();
		if (!Files.isDirectory(root)) {
			fail("Test corpora not found at " + root + " (expected ../shared/corpora relative to the project root "
					+ Path.of("").toAbsolutePath() + "); these tests need them and are not skipped");
		}
		return root;
	}

	/** Every JSON resource file of the IBM-generated (minimal, complete-mock) and spec-example sets. */
	static List<Path> r4JsonFiles() {
		Path r4 = root().resolve("fhir-r4");
		List<Path> files = new ArrayList<>();
		for (Path dir : List.of(r4.resolve("ibm-generated/minimal"), r4.resolve("ibm-generated/complete-mock"),
				r4.resolve("spec-examples"))) {
			if (!Files.isDirectory(dir)) {
				fail("Corpus folder missing: " + dir);
			}
			try (Stream<Path> listing = Files.list(dir)) {
				listing.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return files;
	}

	/** The Synthea bulk-export slice (ndjson, some gzipped), one resource per line. */
	static List<Resource> synthea() {
		Path dir = root().resolve("bulk-data/synthea-10-patients");
		List<Resource> resources = new ArrayList<>();
		try (Stream<Path> listing = Files.list(dir)) {
			for (Path file : listing.filter(p -> p.getFileName().toString().matches("[A-Z].*\\.ndjson(\\.gz)?")).sorted()
					.toList()) {
				readNdjson(file, resources);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return resources;
	}

	private static void readNdjson(Path file, List<Resource> into) throws IOException {
		InputStream in = Files.newInputStream(file);
		if (file.toString().endsWith(".gz")) {
			in = new GZIPInputStream(in);
		}
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isBlank()) {
					into.add((Resource) parser().parseResource(line));
				}
			}
		}
	}

	/** The resource in a file, or null when HAPI's lenient parser cannot read it. */
	static @Nullable Resource parse(Path file) {
		try {
			return (Resource) parser().parseResource(Files.readString(file));
		} catch (RuntimeException | IOException e) {
			return null;
		}
	}

	static IParser parser() {
		return CTX.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
	}
}

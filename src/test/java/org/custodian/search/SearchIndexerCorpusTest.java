package org.custodian.search;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** Every resource type of R4, in every example we have, indexes without an exception. */
class SearchIndexerCorpusTest {

	@Test
	void extraction_never_throws_for_any_example_of_any_r4_resource_type() {
		SearchIndexer indexer = Corpus.indexer();
		List<Path> files = Corpus.r4JsonFiles();
		int unparseable = 0;
		long entries = 0;
		TreeSet<String> types = new TreeSet<>();
		for (Path file : files) {
			Resource resource = Corpus.parse(file);
			if (resource == null) {
				unparseable++;
				continue;
			}
			types.add(resource.fhirType());
			entries += assertDoesNotThrow(() -> indexer.extract(resource), file.toString()).size();
		}
		System.out.printf("corpus: %d files, %d not parseable by HAPI (skipped), %d resource types, %d entries%n",
				files.size(), unparseable, types.size(), entries);
		printDiagnostics(indexer.diagnostics());
		assertTrue(types.size() >= 140, "expected the corpus to cover (nearly) all 146 R4 types, got " + types.size());
	}

	@Test
	void extraction_never_throws_for_synthea_records() {
		SearchIndexer indexer = Corpus.indexer();
		for (Resource resource : Corpus.synthea()) {
			assertDoesNotThrow(() -> indexer.extract(resource), resource.getIdElement().getValue());
		}
	}

	static void printDiagnostics(Map<String, Long> diagnostics) {
		System.out.println("not indexed (kind Type.param valueType = count):");
		diagnostics.forEach((k, v) -> System.out.println("  " + k + " = " + v));
	}
}

package org.custodian.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * The hand-written fast path must index exactly what HAPI's FHIRPath engine indexes: checked
 * parameter by parameter over every corpus resource and the Synthea records.
 */
class FastPathAgreementTest {

	@Test
	void the_fast_path_gives_the_same_entries_as_fhirpath_for_every_parameter_of_every_corpus_resource() {
		SearchIndexer indexer = Corpus.indexer();
		List<Resource> resources = corpusResources();
		int compared = 0;
		int engineFailures = 0;
		List<String> disagreements = new ArrayList<>();
		for (Resource resource : resources) {
			for (CompiledParam param : indexer.catalog().paramsFor(resource.fhirType())) {
				if (!param.fast()) {
					continue;
				}
				Set<IndexEntry> viaEngine;
				try {
					viaEngine = indexer.entriesOf(param, resource, true);
				} catch (RuntimeException e) {
					if (engineFailures++ < 10) {
						System.out.println("FHIRPath engine failed: " + param.qualifiedName() + " on "
								+ resource.getIdElement().getValue() + ": " + e);
					}
					continue;
				}
				Set<IndexEntry> viaFastPath = indexer.entriesOf(param, resource, false);
				compared++;
				if (!viaEngine.equals(viaFastPath) && disagreements.size() < 20) {
					disagreements.add(param.qualifiedName() + " on " + resource.getIdElement().getValue() + ": engine "
							+ viaEngine + " fast " + viaFastPath);
				}
			}
		}
		System.out.printf("fast path vs FHIRPath: %d (resource, parameter) pairs compared, %d engine failures%n",
				compared, engineFailures);
		assertTrue(compared > 10_000, "too few comparisons: " + compared);
		assertEquals(List.of(), disagreements);
	}

	@Test
	void composite_values_are_the_same_by_the_fast_path_and_by_fhirpath_for_every_corpus_resource() {
		SearchIndexer indexer = Corpus.indexer();
		List<Resource> resources = corpusResources();
		for (String name : List.of("Observation.json", "Observation-bp.json")) {
			resources.add(SyntheaLike.read(name));
		}
		int withComposites = 0;
		List<String> disagreements = new ArrayList<>();
		for (Resource resource : resources) {
			Set<IndexEntry> viaFastPath = indexer.compositeEntriesOf(resource, false);
			Set<IndexEntry> viaEngine = indexer.compositeEntriesOf(resource, true);
			withComposites += viaFastPath.isEmpty() ? 0 : 1;
			if (!viaEngine.equals(viaFastPath) && disagreements.size() < 20) {
				disagreements.add(resource.getIdElement().getValue() + ": engine " + viaEngine + " fast " + viaFastPath);
			}
		}
		System.out.printf("composites: %d of %d resources have composite values%n", withComposites, resources.size());
		assertTrue(withComposites > 50, "too few resources with composite values: " + withComposites);
		assertEquals(List.of(), disagreements);
	}

	@Test
	void nearly_every_r4_search_expression_takes_the_fast_path() {
		List<String> slow = new ArrayList<>();
		int total = 0;
		for (List<CompiledParam> params : Corpus.indexer().catalog().all().values()) {
			for (CompiledParam param : params) {
				total++;
				if (!param.fast()) {
					slow.add(param.qualifiedName() + " = " + param.expression());
				}
			}
		}
		slow.sort(null);
		System.out.println(total + " parameters; evaluated by the FHIRPath engine: " + slow);
		assertTrue(slow.size() < 10, "fast path coverage dropped: " + slow);
	}

	/** The Synthea records and every parseable R4 example. */
	private static List<Resource> corpusResources() {
		List<Resource> resources = new ArrayList<>(Corpus.synthea());
		for (Path file : Corpus.r4JsonFiles()) {
			Resource resource = Corpus.parse(file);
			if (resource != null) {
				resources.add(resource);
			}
		}
		return resources;
	}
}

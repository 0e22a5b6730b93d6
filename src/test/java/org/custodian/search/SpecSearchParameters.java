package org.custodian.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.SearchParameter;

/** The search parameters the R4 specification publishes (the shared copy of search-parameters.json). */
final class SpecSearchParameters {

	private SpecSearchParameters() {}

	/** {@code Type.code} → number of components, for every composite of every base type. */
	static Map<String, Integer> compositeComponentCounts() {
		Map<String, Integer> counts = new TreeMap<>();
		for (Bundle.BundleEntryComponent entry : bundle().getEntry()) {
			if (entry.getResource() instanceof SearchParameter sp && sp.getType() == SearchParamType.COMPOSITE) {
				for (CodeType base : sp.getBase()) {
					counts.put(base.getValue() + "." + sp.getCode(), sp.getComponent().size());
				}
			}
		}
		return counts;
	}

	private static Bundle bundle() {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(
				Corpus.root().resolve("fhir-r4/spec-definitions/search-parameters.json.gz")))) {
			return Corpus.parser().parseResource(Bundle.class, in);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}

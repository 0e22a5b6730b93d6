package org.custodian.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.hl7.fhir.r4.model.Resource;

/** The Synthea-shaped samples in {@code src/test/resources/synthea-like} (types the bulk sample lacks). */
final class SyntheaLike {

	private SyntheaLike() {}

	static Resource read(String name) {
		try (InputStream in = SyntheaLike.class.getResourceAsStream("/synthea-like/" + name)) {
			return (Resource) Corpus.parser().parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}

package org.custodian.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.FhirContext;

/** Comparing identifiers (same system, same value) and keeping a list of them as JSON. */
final class Identifiers {

	private static final FhirContext R4 = FhirContext.forR4Cached();

	private Identifiers() {}

	static boolean same(Identifier a, Identifier b) {
		return Objects.equals(a.getSystem(), b.getSystem()) && Objects.equals(a.getValue(), b.getValue());
	}

	static String toJson(List<Identifier> identifiers) {
		Parameters p = new Parameters();
		identifiers.forEach(i -> p.addParameter().setName("identifier").setValue(i));
		return R4.newJsonParser().encodeResourceToString(p);
	}

	static List<Identifier> fromJson(@Nullable String json) {
		List<Identifier> out = new ArrayList<>();
		if (json == null || json.isBlank()) {
			return out;
		}
		Parameters p = R4.newJsonParser().parseResource(Parameters.class, json);
		p.getParameter().forEach(x -> out.add((Identifier) x.getValue()));
		return out;
	}
}

package org.custodian.identity;

import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.jspecify.annotations.Nullable;

/**
 * What an order asks for, as a key two charts' orders can be compared by: the kind of order and its
 * first coded concept ({@code MedicationRequest 860975} or with the system). Two active orders with
 * the same key on the charts being merged would become duplicate orders on one chart.
 */
final class ActiveOrders {

	private ActiveOrders() {}

	/** {@code "Type system|code"} for an order whose status is one of {@code active}, else null. */
	static @Nullable String key(IBaseResource r, Set<String> active) {
		if (r instanceof MedicationRequest m && m.hasStatus() && active.contains(m.getStatus().toCode())
				&& m.hasMedicationCodeableConcept()) {
			return key("MedicationRequest", m.getMedicationCodeableConcept());
		}
		if (r instanceof ServiceRequest s && s.hasStatus() && active.contains(s.getStatus().toCode()) && s.hasCode()) {
			return key("ServiceRequest", s.getCode());
		}
		return null;
	}

	private static @Nullable String key(String type, CodeableConcept concept) {
		for (Coding c : concept.getCoding()) {
			if (c.hasCode()) {
				return type + " " + (c.hasSystem() ? c.getSystem() + "|" : "") + c.getCode();
			}
		}
		return null;
	}
}

package org.custodian.record;

import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;

/**
 * Whose chart a record is in, cheaply and without walking it: a Patient is its own; anything else
 * belongs to the Patient its subject, patient, beneficiary (Coverage) or individual (ResearchSubject)
 * refers to. What it answers decides whose data key seals the record and whose chart a legal hold on
 * it preserves. A record that names no patient there (a Practitioner, a Group) is in no one's chart.
 */
public final class ChartOwner {

	private static final List<String> ELEMENTS = List.of("subject", "patient", "beneficiary", "individual");

	private ChartOwner() {
	}

	/** The owning Patient as {@code Patient/id}, or null. */
	public static @Nullable String of(String type, String id, IBaseResource resource) {
		if (type.equals("Patient")) {
			return "Patient/" + id;
		}
		Base base = (Base) resource;
		for (String element : ELEMENTS) {
			Base[] values;
			try {
				values = base.getProperty(element.hashCode(), element, false);
			} catch (org.hl7.fhir.exceptions.FHIRException e) {
				continue;
			}
			if (values == null) {
				continue;
			}
			for (Base v : values) {
				if (v instanceof Reference r && r.getReference() != null && r.getReference().startsWith("Patient/")) {
					// A versioned reference (Patient/1/_history/2) is still that patient's.
					return "Patient/" + new IdType(r.getReference()).getIdPart();
				}
			}
		}
		return null;
	}
}

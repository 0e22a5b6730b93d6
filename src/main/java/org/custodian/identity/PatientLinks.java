package org.custodian.identity;

import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Patient.LinkType;
import org.jspecify.annotations.Nullable;

/** What a Patient's links say about merges: a chart merged away points at the chart that replaced it. */
public final class PatientLinks {

	private PatientLinks() {}

	/** The id of the Patient that replaced this one (it was merged into that one), or null. */
	public static @Nullable String replacedBy(Patient p) {
		for (Patient.PatientLinkComponent link : p.getLink()) {
			if (link.getType() == LinkType.REPLACEDBY && link.hasOther() && link.getOther().getReferenceElement().hasIdPart()
					&& "Patient".equals(link.getOther().getReferenceElement().getResourceType())) {
				return link.getOther().getReferenceElement().getIdPart();
			}
		}
		return null;
	}
}

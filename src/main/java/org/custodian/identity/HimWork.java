package org.custodian.identity;

import org.custodian.access.AccessContext;
import org.custodian.support.ErrorCode;

/** The patient index is HIM's to keep: deduplication, review, merges, overlays. */
final class HimWork {

	private HimWork() {}

	/** Refuses (403, recorded as a refusal) anyone without the HIM role. */
	static void require(AccessContext access, String action) {
		// The product's own task may act on a sender's instruction: a registration system's merge (HL7 ADT^A40).
		if (!access.roles().contains("him") && !access.isSystemTask()) {
			throw access.refused(action, "Patient", null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT,
					"Keeping the patient index (duplicates, merges, overlays) is HIM's work");
		}
	}
}

package org.custodian.identity;

import org.custodian.access.AccessContext;
import org.custodian.support.ErrorCode;

/** The patient index is HIM's to keep: deduplication, review, merges, overlays. */
final class HimWork {

	private HimWork() {}

	/** Refuses (403, recorded as a refusal) anyone without the HIM role. */
	static void require(AccessContext access, String action) {
		// One task of the product's own may merge, on its sender's instruction: the HL7 feed applying a registration
		// system's ADT^A40. No other task, and nothing else of HIM's work.
		boolean feedMerge = access.isSystemTask() && access.actor().equals("system:hl7-feed") && action.equals("merge");
		if (!access.roles().contains("him") && !feedMerge) {
			throw access.refused(action, "Patient", null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT,
					"Keeping the patient index (duplicates, merges, overlays) is HIM's work");
		}
	}
}

package org.custodian.ingest;

import org.custodian.access.AccessContext;
import org.custodian.support.ErrorCode;

/**
 * Who handles what arrives from outside before it is in a chart (HL7 messages, C-CDA documents,
 * scans): HIM and interface staff (the integration role), and the server's own tasks and
 * command-line tools. What they see names patients not yet sorted into charts, so no one else does.
 */
public final class IngestStaff {

	private IngestStaff() {}

	/** Refuses (403, recorded) anyone else, with {@code action} and {@code refusal} as the reason given. */
	public static void require(AccessContext access, String action, String refusal) {
		if (!access.isSystemTask() && !access.roles().contains("him") && !access.roles().contains("integration")) {
			throw access.refused(action, null, null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, refusal);
		}
	}
}

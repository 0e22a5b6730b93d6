package org.custodian.retention;

import org.custodian.access.AccessContext;
import org.custodian.support.ErrorCode;

/**
 * Who keeps the retention programme: the records manager, in HIM, for schedules, the disposition
 * queue and destruction; legal holds also by the privacy officer, who works with counsel on the
 * matters that call for them. Each refusal is recorded by the gate.
 */
final class RetentionStaff {

	private RetentionStaff() {
	}

	static void requireRecordsManager(AccessContext access, String action) {
		if (!access.isSystemTask() && !access.roles().contains("him")) {
			throw access.refused(action, null, null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT,
					"Only health information management keeps retention schedules and decides on destruction");
		}
	}

	static void requireHoldKeeper(AccessContext access, String action) {
		if (!access.isSystemTask() && !access.roles().contains("him") && !access.roles().contains("privacy-officer")) {
			throw access.refused(action, null, null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT,
					"Only health information management and the privacy officer place and release legal holds");
		}
	}
}

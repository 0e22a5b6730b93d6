package org.custodian.audit;

import java.time.Instant;
import java.util.List;

import org.custodian.account.AccountChanges;
import org.springframework.stereotype.Component;

/**
 * Account administration in the audit trail: a {@code security} record per change, in the
 * transaction of the change, naming who made it and whose account it changed.
 */
@Component
class AccountChangeAudit implements AccountChanges {

	private final AuditTrail trail;

	AccountChangeAudit(AuditTrail trail) {
		this.trail = trail;
	}

	@Override
	public void changed(String actor, String username, String change) {
		trail.record(new AuditRecord(Instant.now(), "security", 'U', "account-change", AuditRecord.SUCCESS, actor, null, null,
				List.of(), null, null, List.of(), List.of(), null, "user " + username + ": " + change, false));
	}
}

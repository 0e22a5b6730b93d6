package org.custodian.audit;

import java.util.List;

import org.custodian.access.AccessDecisions;
import org.custodian.access.SecurityChange;
import org.springframework.stereotype.Component;

/**
 * Records every change of who may see what (role policies, labelling rules) in the audit trail, in
 * the transaction that makes the change. (Consents are resources: their writes are recorded as writes.)
 */
@Component
class ChangeAudit {

	ChangeAudit(AccessDecisions decisions, AuditTrail trail) {
		decisions.subscribeToChanges(c -> trail.record(record(c)));
	}

	static AuditRecord record(SecurityChange c) {
		return new AuditRecord(c.at(), "security", 'U', c.what(), AuditRecord.SUCCESS, c.actor(), null, null, List.of(), null,
				null, List.of(), List.of(c.what() + "/" + c.subject()), null, c.detail(), false);
	}
}

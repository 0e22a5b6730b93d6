package org.custodian.record;

import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.record.StoredVersion.Operation;
import org.custodian.record.internal.PendingWrite;
import org.custodian.record.internal.WriteUnit;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;

/**
 * Records a unit's writes in the audit trail inside the unit's transaction: the audit record
 * commits with the writes, or neither does. One record per unit (a single write, or a whole
 * transaction bundle), naming every version written and every patient whose record it touched.
 */
@Component
class WriteAudit {

	private final AuditTrail trail;
	private final AuditRecords records;

	WriteAudit(AuditTrail trail, FhirContext ctx) {
		this.trail = trail;
		this.records = new AuditRecords(ctx);
	}

	void record(AccessContext access, String subtype, WriteUnit unit) {
		AuditRecords.Touched touched = new AuditRecords.Touched();
		char action = 'E';
		for (PendingWrite w : unit.written()) {
			touched.entity(w.localReference() + "/_history/" + w.version());
			if (w.type().equals("Patient")) {
				touched.patient(w.localReference());
			}
			for (String ref : w.localReferences()) {
				if (ref.startsWith("Patient/")) {
					touched.patient(ref);
				}
			}
			action = !Set.of("create", "update", "delete").contains(subtype) ? 'E'
					: w.operation() == Operation.DELETE ? 'D' : w.operation() == Operation.CREATE ? 'C' : 'U';
		}
		if (touched.isEmpty()) {
			return; // nothing written (an unchanged update, a conditional create that matched): the edge records it
		}
		trail.record(records.of(access, "rest", action, subtype, AuditRecord.SUCCESS, touched, null, null));
		access.writesAudited();
	}
}

package org.custodian.web.workspace;

import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.chart.Screens;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;

/**
 * Records what is done on the workspace's own screens beyond charts and patient searches (which
 * their readers record): the privacy officer's queues and reviews, reading the audit trail,
 * administration. One record each, category {@code screen}, naming the patients concerned.
 */
@Component
class ScreenAudit {

	private final AuditTrail trail;
	private final AuditRecords records;

	ScreenAudit(AuditTrail trail, FhirContext ctx) {
		this.trail = trail;
		this.records = new AuditRecords(ctx);
	}

	void record(AccessContext access, char action, String subtype, List<String> patients, @Nullable String query,
			@Nullable String detail) {
		AuditRecords.Touched touched = new AuditRecords.Touched();
		patients.forEach(touched::patient);
		trail.record(records.of(access, Screens.CATEGORY, action, subtype, AuditRecord.SUCCESS, touched, query, detail));
	}
}

package org.custodian.fhir;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.custodian.audit.AuditEvents;
import org.custodian.audit.AuditReports;
import org.custodian.audit.AuditReports.Entry;
import org.custodian.audit.AuditReports.Filter;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * The audit trail over FHIR, for auditors and the privacy officer: {@code GET $audit-events}
 * (filters {@code user}, {@code patient}, {@code from}, {@code to}, {@code action}, {@code outcome},
 * {@code subtype}; paging {@code _count}, {@code _offset}) as a Bundle of AuditEvents, newest first;
 * {@code GET $audit-export} with the same filters as CSV; and {@code GET Patient/[id]/$access-report},
 * everyone who accessed one patient's record, which that patient may also ask for.
 */
final class AuditProvider {

	private static final int DEFAULT_COUNT = 50;
	private static final int MAX_COUNT = 1000;

	private final AuditReports reports;
	private final RequestAccess access;

	AuditProvider(AuditReports reports, RequestAccess access) {
		this.reports = reports;
		this.access = access;
	}

	@Operation(name = "$audit-events", idempotent = true)
	public Bundle events(@OperationParam(name = "user") @Nullable StringType user,
			@OperationParam(name = "patient") @Nullable StringType patient,
			@OperationParam(name = "from") @Nullable DateTimeType from, @OperationParam(name = "to") @Nullable DateTimeType to,
			@OperationParam(name = "action") @Nullable StringType action,
			@OperationParam(name = "outcome") @Nullable IntegerType outcome,
			@OperationParam(name = "subtype") @Nullable StringType subtype,
			@OperationParam(name = "_count") @Nullable IntegerType count,
			@OperationParam(name = "_offset") @Nullable IntegerType offset, RequestDetails request) {
		return bundle(reports.find(access.of(request), filter(user, patient, from, to, action, outcome, subtype),
				count(count), offset == null ? 0 : Math.max(0, offset.getValue())));
	}

	@Operation(name = "$audit-export", idempotent = true)
	public Binary export(@OperationParam(name = "user") @Nullable StringType user,
			@OperationParam(name = "patient") @Nullable StringType patient,
			@OperationParam(name = "from") @Nullable DateTimeType from, @OperationParam(name = "to") @Nullable DateTimeType to,
			@OperationParam(name = "action") @Nullable StringType action,
			@OperationParam(name = "outcome") @Nullable IntegerType outcome,
			@OperationParam(name = "subtype") @Nullable StringType subtype, RequestDetails request) {
		String csv = reports.csv(access.of(request), filter(user, patient, from, to, action, outcome, subtype));
		Binary out = new Binary();
		out.setContentType("text/csv");
		out.setData(csv.getBytes(StandardCharsets.UTF_8));
		return out;
	}

	@Operation(name = "$access-report", type = Patient.class, idempotent = true)
	public Bundle accessReport(@IdParam IIdType id, @OperationParam(name = "_count") @Nullable IntegerType count,
			@OperationParam(name = "_offset") @Nullable IntegerType offset, RequestDetails request) {
		return bundle(reports.accessReport(access.of(request), id.getIdPart(), count(count),
				offset == null ? 0 : Math.max(0, offset.getValue())));
	}

	private static Filter filter(@Nullable StringType user, @Nullable StringType patient, @Nullable DateTimeType from,
			@Nullable DateTimeType to, @Nullable StringType action, @Nullable IntegerType outcome, @Nullable StringType subtype) {
		String a = action == null ? null : action.getValue();
		if (a != null && !a.matches("[CRUDE]")) {
			throw new CustodianException.Invalid(ErrorCode.ACCESS_INVALID_REQUEST, "action is one of C, R, U, D, E");
		}
		String p = patient == null ? null : patient.getValue();
		return new Filter(user == null ? null : user.getValue(), p == null ? null : p.startsWith("Patient/") ? p : "Patient/" + p,
				instant(from), instant(to), a == null ? null : a.charAt(0), outcome == null ? null : outcome.getValue(),
				subtype == null ? null : subtype.getValue());
	}

	private static @Nullable Instant instant(@Nullable DateTimeType t) {
		return t == null || t.getValue() == null ? null : t.getValue().toInstant();
	}

	private static int count(@Nullable IntegerType count) {
		return count == null ? DEFAULT_COUNT : Math.max(1, Math.min(MAX_COUNT, count.getValue()));
	}

	private static Bundle bundle(List<Entry> entries) {
		Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		for (Entry e : entries) {
			b.addEntry().setResource(AuditEvents.of(e)).setFullUrl("AuditEvent/audit-" + e.seq());
		}
		return b;
	}
}

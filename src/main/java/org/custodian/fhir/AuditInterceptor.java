package org.custodian.fhir;

import java.util.Map;
import java.util.StringJoiner;

import org.custodian.access.AccessContext;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.support.CustodianException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;

/**
 * Records every interaction with the FHIR API in the audit trail before its answer leaves: reads,
 * searches and their pages, history, operations, and every failure (refusals included). Writes that
 * succeeded were recorded in their own transaction by the store, and are not recorded twice. Only
 * the public CapabilityStatement is not recorded: it holds no one's data.
 */
final class AuditInterceptor {

	private final AuditTrail trail;
	private final AuditRecords records;
	private final RequestAccess access;

	AuditInterceptor(AuditTrail trail, FhirContext ctx, RequestAccess access) {
		this.trail = trail;
		this.records = new AuditRecords(ctx);
		this.access = access;
	}

	/** Before the answer is written (and before {@link SearchsetWriter} writes a search page itself). */
	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = -100)
	public void answered(RequestDetails request, ResponseDetails response) {
		RestOperationTypeEnum op = request.getRestOperationType();
		if (op == null || op == RestOperationTypeEnum.METADATA) {
			return;
		}
		AccessContext context = RequestAccess.contextOf(request);
		if (context == null) {
			return; // nothing reached the record without a context
		}
		if (writes(op) && op != RestOperationTypeEnum.BATCH && context.areWritesAudited()) {
			return;
		}
		AuditRecords.Touched touched = records.add(new AuditRecords.Touched(), response.getResponseResource());
		if (request.getId() != null && request.getId().hasIdPart() && request.getResourceName() != null) {
			touched.entity(request.getResourceName() + "/" + request.getId().getIdPart()
					+ (request.getId().hasVersionIdPart() ? "/_history/" + request.getId().getVersionIdPart() : ""));
		}
		patientsSearchedFor(request, touched);
		AuditRecord record = records.of(context, "rest", action(op), subtype(request, op), AuditRecord.SUCCESS, touched,
				query(request, op), null);
		if (request instanceof ServletRequestDetails servlet) {
			// Committed while the answer is written; AuditGate lets the answer out only once it is.
			AuditGate.pending(servlet.getServletRequest(), trail.recordLater(record));
		} else {
			trail.record(record);
		}
	}

	/** A failure, after it became an HTTP answer: refused, not found, invalid, conflicting, or broken. */
	@Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
	public boolean failed(RequestDetails request, BaseServerResponseException error) {
		RestOperationTypeEnum op = request.getRestOperationType();
		if (op == RestOperationTypeEnum.METADATA) {
			return true;
		}
		AccessContext context = RequestAccess.contextOf(request);
		if (context == null) {
			try {
				context = access.of(request);
			} catch (CustodianException e) {
				return true; // no verified caller: the sign-in layer records that
			}
		}
		AuditRecords.Touched touched = new AuditRecords.Touched();
		if (request.getId() != null && request.getId().hasIdPart() && request.getResourceName() != null) {
			touched.entity(request.getResourceName() + "/" + request.getId().getIdPart());
		}
		patientsSearchedFor(request, touched);
		int outcome = error.getStatusCode() >= 500 ? AuditRecord.SERIOUS_FAILURE : AuditRecord.MINOR_FAILURE;
		trail.record(records.of(context, "rest", op == null ? 'E' : action(op), op == null ? "unknown" : subtype(request, op),
				outcome, touched, op == null ? null : query(request, op), error.getStatusCode() + " " + code(error)));
		return true;
	}

	private static boolean writes(RestOperationTypeEnum op) {
		return switch (op) {
			case CREATE, UPDATE, DELETE, PATCH, TRANSACTION, BATCH -> true;
			default -> false;
		};
	}

	private static char action(RestOperationTypeEnum op) {
		return switch (op) {
			case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM -> 'R';
			case CREATE -> 'C';
			case UPDATE, PATCH -> 'U';
			case DELETE -> 'D';
			default -> 'E';
		};
	}

	private static String subtype(RequestDetails request, RestOperationTypeEnum op) {
		if (request.getOperation() != null && request.getOperation().startsWith("$")) {
			return request.getOperation();
		}
		return op.getCode() == null ? op.name().toLowerCase(java.util.Locale.ROOT) : op.getCode();
	}

	private static @Nullable String query(RequestDetails request, RestOperationTypeEnum op) {
		Map<String, String[]> params = request.getParameters();
		if (params == null || params.isEmpty()) {
			return null;
		}
		StringJoiner q = new StringJoiner("&", request.getResourceName() == null ? "?" : request.getResourceName() + "?", "");
		params.forEach((k, vs) -> {
			for (String v : vs) {
				q.add(k + "=" + v);
			}
		});
		return q.toString();
	}

	/** The patient a search or operation names ({@code patient=…}, {@code subject=Patient/…}), found or not. */
	private static void patientsSearchedFor(RequestDetails request, AuditRecords.Touched touched) {
		Map<String, String[]> params = request.getParameters();
		if (params == null) {
			return;
		}
		for (String name : new String[] {"patient", "subject", "subject:Patient", "patient:Patient"}) {
			for (String v : params.getOrDefault(name, new String[0])) {
				for (String one : v.split(",")) {
					if (one.startsWith("Patient/")) {
						touched.patient(one);
					} else if (name.startsWith("patient") && one.matches("[A-Za-z0-9.-]{1,64}")) {
						touched.patient("Patient/" + one);
					}
				}
			}
		}
		if ("Patient".equals(request.getResourceName()) && request.getId() != null && request.getId().hasIdPart()) {
			touched.patient("Patient/" + request.getId().getIdPart());
		}
	}

	private static String code(BaseServerResponseException error) {
		if (error.getOperationOutcome() instanceof OperationOutcome oo && oo.hasIssue()
				&& oo.getIssueFirstRep().getDetails().hasCoding()) {
			return oo.getIssueFirstRep().getDetails().getCodingFirstRep().getCode();
		}
		return "";
	}
}

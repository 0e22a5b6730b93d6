package org.custodian.fhir;

import java.util.UUID;

import org.custodian.record.HttpStatusOf;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;

/**
 * The one place where failures become HTTP answers: a {@link CustodianException} becomes its
 * status with an OperationOutcome carrying the stable {@code CUS-nnnn} code and the message; HAPI's
 * own 4xx (malformed input it rejected while parsing) get a code too; anything unexpected becomes a
 * 500 whose body carries only an incident id, logged with the full stack trace.
 */
final class ErrorMappingInterceptor {

	static final String ERROR_SYSTEM = "https://custodian.dev/fhir/CodeSystem/error";
	private static final Logger log = LoggerFactory.getLogger(ErrorMappingInterceptor.class);

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException map(RequestDetails request, Throwable error) {
		CustodianException custodian = refusedWhileReading(request);
		if (custodian == null) {
			custodian = find(error, CustodianException.class);
		}
		if (custodian != null) {
			OperationOutcome oo = outcome(custodian.code(), HttpStatusOf.issueType(custodian), custodian.getMessage());
			if (custodian instanceof CustodianException.Unprocessable u) {
				for (CustodianException.Issue issue : u.issues()) {
					oo.addIssue().setSeverity(IssueSeverity.ERROR).setCode(IssueType.INVALID)
							.setDiagnostics(issue.message()).addExpression(issue.location());
				}
			}
			return withOutcome(new UnclassifiedServerFailureException(HttpStatusOf.status(custodian), custodian.getMessage()), oo);
		}
		DataFormatException format = find(error, DataFormatException.class);
		if (format != null) {
			return withOutcome(new InvalidRequestException(format.getMessage()),
					outcome(ErrorCode.MALFORMED_CONTENT, IssueType.STRUCTURE, format.getMessage()));
		}
		if (error instanceof BaseServerResponseException b && b.getStatusCode() < 500) {
			if (b.getOperationOutcome() == null) {
				b.setOperationOutcome(outcome(ErrorCode.MALFORMED_CONTENT, IssueType.INVALID, b.getMessage()));
			}
			return b;
		}
		String incident = UUID.randomUUID().toString();
		// The URL may name a patient: the log, which is not the audit store, gets the type and operation only.
		log.error("Internal error {} on {} {} {}", incident, request.getRequestType(), request.getResourceName(),
				request.getRestOperationType(), error);
		return withOutcome(new InternalErrorException("Internal error " + incident),
				outcome(ErrorCode.INTERNAL, IssueType.EXCEPTION,
						"Internal error; the server log has the details under incident " + incident));
	}

	/** The reason the payload filter refused the body, if it did (HAPI drops that cause). */
	private static CustodianException refusedWhileReading(RequestDetails request) {
		return request instanceof ServletRequestDetails s
				&& s.getServletRequest().getAttribute(PayloadLimitFilter.REFUSED) instanceof CustodianException reason
						? reason : null;
	}

	static OperationOutcome outcome(ErrorCode code, IssueType type, String message) {
		OperationOutcome oo = new OperationOutcome();
		oo.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(message)
				.setDetails(new CodeableConcept().addCoding(new Coding(ERROR_SYSTEM, code.code(), null)).setText(message));
		return oo;
	}

	private static BaseServerResponseException withOutcome(BaseServerResponseException e, OperationOutcome oo) {
		e.setOperationOutcome(oo);
		return e;
	}

	private static <T extends Throwable> T find(Throwable error, Class<T> kind) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (kind.isInstance(t)) {
				return kind.cast(t);
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return null;
	}
}

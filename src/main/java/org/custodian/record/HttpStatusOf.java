package org.custodian.record;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** The HTTP status and OperationOutcome issue type of each failure kind, shared by every edge. */
public final class HttpStatusOf {

	private HttpStatusOf() {}

	public static int status(CustodianException e) {
		if (e instanceof CustodianException.Invalid) {
			return 400;
		} else if (e instanceof CustodianException.Unauthenticated) {
			return 401;
		} else if (e instanceof CustodianException.Forbidden) {
			return 403;
		} else if (e instanceof CustodianException.NotFound) {
			return 404;
		} else if (e instanceof CustodianException.Conflict) {
			return 409;
		} else if (e instanceof CustodianException.Gone) {
			return 410;
		} else if (e instanceof CustodianException.PreconditionFailed) {
			return 412;
		} else if (e instanceof CustodianException.TooLarge) {
			return 413;
		}
		return 422;
	}

	public static String reason(CustodianException e) {
		return switch (status(e)) {
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 409 -> "Conflict";
			case 410 -> "Gone";
			case 412 -> "Precondition Failed";
			case 413 -> "Payload Too Large";
			default -> "Unprocessable Entity";
		};
	}

	public static IssueType issueType(CustodianException e) {
		if (e.code() == ErrorCode.UNKNOWN_IDENTIFIER_DOMAIN || e.code() == ErrorCode.UNKNOWN_TARGET_DOMAIN) {
			return IssueType.CODEINVALID; // as IHE PIXm asks of these two answers
		}
		return switch (status(e)) {
			case 400 -> IssueType.INVALID;
			case 401 -> IssueType.LOGIN;
			case 403 -> IssueType.FORBIDDEN;
			case 404 -> IssueType.NOTFOUND;
			case 409, 412 -> IssueType.CONFLICT;
			case 410 -> IssueType.DELETED;
			case 413 -> IssueType.TOOLONG;
			default -> IssueType.PROCESSING;
		};
	}
}

package org.custodian.fhir;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.access.AccessTokens;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;

/** Asks the access gate for the context of one HTTP request, from the caller its verified token names. */
final class RequestAccess {

	private final AccessGate gate;

	RequestAccess(AccessGate gate) {
		this.gate = gate;
	}

	AccessContext of(RequestDetails request) {
		String address = request instanceof ServletRequestDetails s ? s.getServletRequest().getRemoteAddr() : "unknown";
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		if (!(auth instanceof JwtAuthenticationToken jwt)) {
			// Only the public CapabilityStatement gets here without a token, and it reads no record.
			throw new CustodianException.Unauthenticated(ErrorCode.ACCESS_UNAUTHENTICATED, "A valid access token is required");
		}
		AccessContext context = gate.forCaller(AccessTokens.caller(jwt.getToken().getSubject(), jwt.getToken().getClaims()),
				address);
		request.getUserData().put(CONTEXT, context);
		return context;
	}

	private static final String CONTEXT = AccessContext.class.getName();

	/** The context minted for this request, if any (what the audit trail names as the caller). */
	static @org.jspecify.annotations.Nullable AccessContext contextOf(RequestDetails request) {
		return request.getUserData().get(CONTEXT) instanceof AccessContext c ? c : null;
	}

	/** The subject of the current request's verified token, or an empty string when there is none. */
	static String subject() {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		return auth instanceof JwtAuthenticationToken jwt && jwt.getToken().getSubject() != null ? jwt.getToken().getSubject()
				: "";
	}

	static boolean returnRepresentation(RequestDetails request) {
		String prefer = request.getHeader("Prefer");
		return prefer != null && prefer.replace(" ", "").contains("return=representation");
	}
}

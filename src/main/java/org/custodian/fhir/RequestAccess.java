package org.custodian.fhir;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;

/** Asks the access gate for the context of one HTTP request. */
final class RequestAccess {

	private final AccessGate gate;

	RequestAccess(AccessGate gate) {
		this.gate = gate;
	}

	AccessContext of(RequestDetails request) {
		String address = request instanceof ServletRequestDetails s ? s.getServletRequest().getRemoteAddr() : "unknown";
		return gate.forRequest("anonymous", address);
	}

	static boolean returnRepresentation(RequestDetails request) {
		String prefer = request.getHeader("Prefer");
		return prefer != null && prefer.replace(" ", "").contains("return=representation");
	}
}

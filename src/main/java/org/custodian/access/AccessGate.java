package org.custodian.access;

import org.springframework.stereotype.Service;

/**
 * Mints {@link AccessContext}s. The only place that decides whether a caller may reach the record;
 * see {@link AccessContext} for what is and is not enforced yet.
 */
@Service
public class AccessGate {

	/** A request arriving over HTTP from {@code clientAddress}. */
	public AccessContext forRequest(String actor, String clientAddress) {
		return new AccessContext(actor, "HOPERAT", clientAddress);
	}

	/** An operator's command-line task such as an import. */
	public AccessContext forSystemTask(String task) {
		return new AccessContext("system:" + task, "HOPERAT", "cli");
	}
}

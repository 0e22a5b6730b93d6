package org.custodian.web.workspace;

import java.util.List;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.access.Caller;
import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.UserAccount;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The signed-in person as the gate sees them: the workspace asks the same {@link AccessGate} as the
 * FHIR API, with the person's roles, their {@code fhirUser}, the purpose of use their work implies,
 * and the client id {@value #CLIENT}, so their screens reach exactly what an app of theirs would.
 */
@Component
public class WorkspaceAccess {

	/** The client application named in the audit trail for what is done on the workspace's screens. */
	public static final String CLIENT = "custodian-workspace";

	private final Accounts accounts;
	private final AccessGate gate;

	WorkspaceAccess(Accounts accounts, AccessGate gate) {
		this.accounts = accounts;
		this.gate = gate;
	}

	public UserAccount account(Authentication signedIn) {
		return accounts.find(signedIn.getName())
				.orElseThrow(() -> new InsufficientAuthenticationException("The account is disabled or no longer exists"));
	}

	public AccessContext of(Authentication signedIn, HttpServletRequest request) {
		UserAccount account = account(signedIn);
		Set<Role> roles = account.roles();
		boolean patient = roles.equals(Set.of(Role.PATIENT));
		Caller caller = new Caller(account.username(), CLIENT, patient ? List.of("patient/*.rs") : List.of("user/*.crus"),
				roles, patient ? account.ownPatientId() : null, purposeOfUse(roles), account.fhirUser());
		return gate.forCaller(caller, request.getRemoteAddr());
	}

	/**
	 * What a person's work is for (HL7 v3 ActReason): treatment for those who treat, the patient's own
	 * request for patients, research for researchers, and health care operations for everyone else
	 * (HIM, coding, release of information, privacy).
	 */
	static String purposeOfUse(Set<Role> roles) {
		if (roles.contains(Role.CLINICIAN) || roles.contains(Role.NURSE)) {
			return "TREAT";
		}
		if (roles.equals(Set.of(Role.PATIENT))) {
			return "PATRQT";
		}
		if (roles.equals(Set.of(Role.RESEARCHER))) {
			return "HRESCH";
		}
		return "HOPERAT";
	}
}

package org.custodian.account;

import java.util.Set;

import org.custodian.access.Role;
import org.custodian.access.Scope;

/**
 * Which scopes a sign-in may carry, whatever the client may be granted: a person signing in as a
 * patient gets only patient-level scopes (their own record); other people get patient- and
 * user-level scopes; {@code system/} scopes are for backend services signing in as themselves
 * (client credentials), which get nothing else. A granted scope must pass this and the client's
 * registration.
 */
public final class ScopeGrants {

	private static final Set<String> SIGN_IN_SCOPES = Set.of("openid", "fhirUser", "profile", "launch", "launch/patient",
			"offline_access", "online_access");

	private ScopeGrants() {
	}

	/** Whether a person holding {@code roles} may be granted {@code scope} through an app. */
	public static boolean allowedForUser(String scope, Set<Role> roles) {
		if (SIGN_IN_SCOPES.contains(scope)) {
			// EHR launch is started from inside the record system by its staff, not by patients.
			return !(scope.equals("launch") && roles.equals(Set.of(Role.PATIENT)));
		}
		Scope parsed = Scope.parse(scope).orElse(null);
		if (parsed == null || parsed.level() == Scope.Level.SYSTEM) {
			return false;
		}
		return parsed.level() == Scope.Level.PATIENT || !roles.contains(Role.PATIENT);
	}

	/** Whether a backend service signing in as itself may be granted {@code scope}. */
	public static boolean allowedForService(String scope) {
		return Scope.parse(scope).map(s -> s.level() == Scope.Level.SYSTEM).orElse(false);
	}

	public static boolean patientLevel(String scope) {
		return Scope.parse(scope).map(s -> s.level() == Scope.Level.PATIENT).orElse(false);
	}
}

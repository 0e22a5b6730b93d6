package org.custodian.account;

import java.util.Set;

import org.custodian.access.Role;
import org.jspecify.annotations.Nullable;

/**
 * A person who may sign in, as the authorization server needs them: what they are called, the roles
 * they act in, the FHIR resource that is them, and whether they must give a second factor.
 *
 * @param fhirUser {@code Practitioner/123} or {@code Patient/45}; for a patient, the record they may open
 */
public record UserAccount(String username, String displayName, Set<Role> roles, @Nullable String fhirUser,
		boolean secondFactorEnrolled) {

	/**
	 * Roles whose holders see much of the record or change who sees it: they must sign in with a
	 * second factor (ONC 170.315(d)(13)). Clinicians and nurses are not on the list only because
	 * their reach is already limited to the patients they treat; a deployment that wants MFA for
	 * everyone enrols them too (an enrolled user is always asked).
	 */
	public static final Set<Role> PRIVILEGED = Set.of(Role.ADMINISTRATOR, Role.PRIVACY_OFFICER, Role.AUDITOR, Role.HIM,
			Role.ROI);

	public static boolean needsSecondFactor(Set<Role> roles) {
		return roles.stream().anyMatch(PRIVILEGED::contains);
	}

	/** The patient this user is, when they sign in as a patient ({@code Patient/45} gives {@code 45}). */
	public @Nullable String ownPatientId() {
		return fhirUser != null && fhirUser.startsWith("Patient/") ? fhirUser.substring("Patient/".length()) : null;
	}
}

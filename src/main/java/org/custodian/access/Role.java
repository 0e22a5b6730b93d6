package org.custodian.access;

import java.util.Locale;
import java.util.Optional;

/**
 * The roles a user or client holds. What each may do (types, interactions, the sensitive data it
 * is cleared for, whether treatment relationships bound it, whether consents bind it) is not fixed
 * here but stored and versioned as its {@link RolePolicy} ({@link RolePolicies}).
 */
public enum Role {
	CLINICIAN, NURSE, HIM, CODER, ROI, PRIVACY_OFFICER, PATIENT,
	/** An interface or application acting for the organization. */
	INTEGRATION, AUDITOR, ADMINISTRATOR, RESEARCHER;

	/** The name used in tokens and on the command line: {@code privacy-officer}. */
	public String externalName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public static Optional<Role> of(String name) {
		for (Role r : values()) {
			if (r.externalName().equals(name)) {
				return Optional.of(r);
			}
		}
		return Optional.empty();
	}
}

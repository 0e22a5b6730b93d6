package org.custodian.access;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The roles a user or client holds, and the sensitive information each is cleared to see. Clinicians
 * see what treatment needs but not very restricted records or substance use treatment records
 * (42 CFR Part 2 asks for the patient's consent); HIM, release-of-information staff and coders work
 * on the whole legal record but not very restricted records; a patient sees all of their own
 * record; administrators, auditors and researchers see no identified clinical data through the
 * record at all.
 *
 * <p>Interim: these clearances are fixed here. Issue 4's "roles as data" moves them, with each
 * role's resource types and interactions, into stored, versioned policies.
 */
public enum Role {
	CLINICIAN(EnumSet.of(Sensitivity.RESTRICTED, Sensitivity.HIV, Sensitivity.MENTAL_HEALTH,
			Sensitivity.SEXUAL_AND_REPRODUCTIVE, Sensitivity.ABUSE)),
	NURSE(EnumSet.of(Sensitivity.RESTRICTED, Sensitivity.HIV, Sensitivity.MENTAL_HEALTH,
			Sensitivity.SEXUAL_AND_REPRODUCTIVE, Sensitivity.ABUSE)),
	HIM(EnumSet.complementOf(EnumSet.of(Sensitivity.VERY_RESTRICTED))),
	CODER(EnumSet.complementOf(EnumSet.of(Sensitivity.VERY_RESTRICTED))),
	ROI(EnumSet.complementOf(EnumSet.of(Sensitivity.VERY_RESTRICTED))),
	PRIVACY_OFFICER(EnumSet.allOf(Sensitivity.class)),
	PATIENT(EnumSet.allOf(Sensitivity.class)),
	/** An interface or application acting for the organization; cleared like HIM. */
	INTEGRATION(EnumSet.complementOf(EnumSet.of(Sensitivity.VERY_RESTRICTED))),
	AUDITOR(EnumSet.noneOf(Sensitivity.class)),
	ADMINISTRATOR(EnumSet.noneOf(Sensitivity.class)),
	RESEARCHER(EnumSet.noneOf(Sensitivity.class));

	private final Set<Sensitivity> clearances;

	Role(Set<Sensitivity> clearances) {
		this.clearances = clearances;
	}

	Set<Sensitivity> clearances() {
		return clearances;
	}

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

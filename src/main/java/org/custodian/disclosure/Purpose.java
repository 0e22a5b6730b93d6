package org.custodian.disclosure;

/**
 * Why the records are asked for. Treatment, payment and operations (TPO, 164.506) and the patient's
 * own request (164.524, or "at the request of the individual" on an authorization) are the purposes
 * the Privacy Rule lets a covered entity serve without an authorization; public health and health
 * oversight are permitted by 164.512; the others need an authorization, or a court's or agency's
 * legal process.
 */
public enum Purpose {
	TREATMENT, PAYMENT, OPERATIONS, PATIENT_REQUEST, LEGAL, UNDERWRITING, EMPLOYMENT, LAW_ENFORCEMENT, PUBLIC_HEALTH,
	HEALTH_OVERSIGHT, RESEARCH, OTHER,
	/** The patient asks for an accounting of disclosures (164.528), not for records. */
	ACCOUNTING;

	public boolean tpo() {
		return this == TREATMENT || this == PAYMENT || this == OPERATIONS;
	}

	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	public static Purpose of(String code) {
		return valueOf(code.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
	}
}

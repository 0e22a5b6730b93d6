package org.custodian.disclosure;

/** Who asks for records. */
public enum Requester {
	PATIENT, PERSONAL_REPRESENTATIVE, ATTORNEY, INSURER, PROVIDER, EMPLOYER, LAW_ENFORCEMENT, COURT, GOVERNMENT_AGENCY,
	RESEARCHER;

	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	public static Requester of(String code) {
		return valueOf(code.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
	}
}

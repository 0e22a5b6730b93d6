package org.custodian.disclosure;

/** What the request is under the law, which sets its deadline. */
public enum RequestKind {
	/** The patient's right of access (164.524): 30 days, one 30-day extension. */
	ACCESS,
	/** A disclosure to someone else: no federal deadline; the organization's own (configurable). */
	DISCLOSURE,
	/** An accounting of disclosures (164.528): 60 days, one 30-day extension. */
	ACCOUNTING;

	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	public static RequestKind of(String code) {
		return valueOf(code.trim().toUpperCase(java.util.Locale.ROOT));
	}
}

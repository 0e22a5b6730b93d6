package org.custodian.disclosure;

/** The document a request rests on, besides the request itself. */
public enum Instrument {
	/** Nothing but the request (enough for the patient's own request and for TPO). */
	NONE,
	/** The patient's signed authorization (164.508), or a Part 2 consent (42 CFR 2.31). */
	AUTHORIZATION,
	/** A subpoena or discovery request signed by a clerk or an attorney, not by a judge (164.512(e)(1)(ii)). */
	SUBPOENA,
	/** An order of a court or administrative tribunal (164.512(e)(1)(i)). */
	COURT_ORDER,
	/**
	 * The patient's signed, written direction to send a copy of their record to someone they name
	 * (164.524(c)(3)(ii)): the right of access, exercised through a third party.
	 */
	PATIENT_DIRECTION;

	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	public static Instrument of(String code) {
		return valueOf(code.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
	}
}

package org.custodian.chart;

import org.custodian.support.CustodianException;

/** How the workspace's screens are named in the audit trail, beside the FHIR API's {@code rest} records. */
public final class Screens {

	/** The audit category of what people do on the workspace's screens (judged by privacy monitoring like the API's). */
	public static final String CATEGORY = "screen";
	/** A patient's chart opened. */
	public static final String CHART = "chart";
	/** A search for patients by name, birth date or identifier. */
	public static final String PATIENT_SEARCH = "patient-search";

	private Screens() {
	}

	/** The HTTP status a failure is shown with, as the FHIR API would answer it. */
	public static int status(CustodianException e) {
		if (e instanceof CustodianException.Forbidden) {
			return 403;
		}
		if (e instanceof CustodianException.NotFound) {
			return 404;
		}
		if (e instanceof CustodianException.Gone) {
			return 410;
		}
		return e instanceof CustodianException.Unauthenticated ? 401 : 400;

	}
}

package org.custodian.record;

import java.util.regex.Pattern;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;

/** The FHIR id rule: 1 to 64 of letters, digits, '-' and '.'. */
public final class Ids {

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	private Ids() {}

	public static boolean isValid(String id) {
		return VALID.matcher(id).matches();
	}

	public static void requireValid(String id) {
		if (!isValid(id)) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_ID, "'" + id
					+ "' is not a valid FHIR id (1-64 characters: letters, digits, '-' and '.')");
		}
	}
}

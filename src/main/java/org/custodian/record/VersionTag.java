package org.custodian.record;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;

/** Version numbers as clients write them: {@code 3}, or an ETag such as {@code W/"3"} in If-Match. */
public final class VersionTag {

	private VersionTag() {}

	/** The version an ETag names, or null for an absent or blank header. */
	public static @Nullable Integer fromEtag(@Nullable String etag) {
		if (etag == null || etag.isBlank()) {
			return null;
		}
		String v = etag.trim();
		if (v.startsWith("W/")) {
			v = v.substring(2);
		}
		return number(v.replace("\"", ""));
	}

	public static int number(String v) {
		try {
			return Integer.parseInt(v.trim());
		} catch (NumberFormatException e) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_VERSION, "'" + v + "' is not a version number");
		}
	}
}

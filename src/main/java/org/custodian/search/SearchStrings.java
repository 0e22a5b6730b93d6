package org.custodian.search;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * String normalization shared by indexing and (later) querying, so that both sides agree on what
 * "matches" means for plain string search: lower-cased with {@link Locale#ROOT}, accents removed
 * (NFD, then combining marks stripped) and trimmed.
 */
public final class SearchStrings {

	/** Longest indexed string, in UTF-16 chars; longer values are cut (a prefix still matches). */
	static final int MAX_LENGTH = 200;

	private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

	private SearchStrings() {}

	public static String normalize(String value) {
		String trimmed = value.trim();
		// Most indexed text is ASCII: skip the (comparatively slow) Unicode decomposition then.
		String stripped = isAscii(trimmed) ? trimmed
				: COMBINING_MARKS.matcher(Normalizer.normalize(trimmed, Normalizer.Form.NFD)).replaceAll("");
		return truncate(stripped.toLowerCase(Locale.ROOT));
	}

	/** Cuts to {@link #MAX_LENGTH} without splitting a surrogate pair. */
	static String truncate(String value) {
		if (value.length() <= MAX_LENGTH) {
			return value;
		}
		int end = Character.isHighSurrogate(value.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
		return value.substring(0, end);
	}

	static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	private static boolean isAscii(String value) {
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) >= 0x80) {
				return false;
			}
		}
		return true;
	}
}

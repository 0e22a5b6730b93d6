package org.custodian.search;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;

/**
 * The 64-bit hashed identities that lead every index table. A token is stored under three hashes
 * (system|code, code alone, system alone) so that each FHIR token syntax ({@code s|c}, {@code c},
 * {@code |c}, {@code s|}) is one equality seek. Changing anything here invalidates stored indexes:
 * it needs a migration that reindexes.
 */
public final class IndexHash {

	private static final HashFunction MURMUR = Hashing.murmur3_128(0);
	/** Unit separator: cannot occur in resource types or parameter codes, rarely in values. */
	private static final char SEP = '\u001f';

	private IndexHash() {}

	/** Identifies one search parameter of one resource type. */
	public static long identity(String resourceType, String param) {
		return hash(resourceType, param, null, null);
	}

	/** {@code system|code}; an absent system is hashed as the empty string, matching {@code |code}. */
	public static long tokenSystemCode(String resourceType, String param, @Nullable String system, @Nullable String code) {
		return hash(resourceType, param, system == null ? "" : system, code == null ? "" : code);
	}

	/** {@code code} in any system. */
	public static long tokenCode(String resourceType, String param, @Nullable String code) {
		return hash(resourceType, param, "\u0000any", code == null ? "" : code);
	}

	/** {@code system|} with any code. */
	public static long tokenSystem(String resourceType, String param, @Nullable String system) {
		return hash(resourceType, param, system == null ? "" : system, "\u0000any");
	}

	/** Quantity units: {@code system|code} of the unit (an absent system hashes as empty). */
	public static long quantityUnits(String resourceType, String param, @Nullable String system, @Nullable String code) {
		return hash(resourceType, param, "\u0000q" + (system == null ? "" : system), code == null ? "" : code);
	}

	private static long hash(String type, String param, @Nullable String a, @Nullable String b) {
		StringBuilder sb = new StringBuilder(type.length() + param.length() + 64);
		sb.append(type).append(SEP).append(param);
		if (a != null) {
			sb.append(SEP).append(a);
		}
		if (b != null) {
			sb.append(SEP).append(b);
		}
		return MURMUR.hashString(sb, StandardCharsets.UTF_8).asLong();
	}
}

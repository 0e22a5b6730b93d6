package org.custodian.record;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.record.internal.Head;
import org.custodian.record.internal.RecordParts;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;

import com.google.common.hash.Hashing;

/**
 * Conditional create, update and delete. Two concurrent conditional creates with the same
 * condition must not both create: each first takes a transaction-scoped advisory lock on the
 * condition, so the second waits, then sees the first one's resource.
 */
final class ConditionalWrites {

	private final RecordParts parts;

	ConditionalWrites(RecordParts parts) {
		this.parts = parts;
	}

	/** The existing match of a conditional create, or null when it should create. */
	@Nullable WriteResult existingMatch(AccessContext access, String type, String query) {
		Head head = singleMatch(access, type, query, false);
		if (head == null) {
			return null;
		}
		StoredVersion v = parts.resources().version(head.resId(), head.version());
		return new WriteResult(WriteResult.Outcome.MATCHED_EXISTING, v);
	}

	/** The one match, locked for update, or null when none; 412 when several. */
	@Nullable Head singleMatchForUpdate(AccessContext access, String type, String query) {
		return singleMatch(access, type, query, true);
	}

	/**
	 * The one match of a conditional create or update, or null. The condition is serialized first:
	 * two transactions creating on the same condition must not both create. {@code lock} also locks
	 * the matched head row for update.
	 */
	@Nullable Head singleMatch(AccessContext access, String type, String query, boolean lock) {
		lockCondition(type, query);
		Head head = match(access, type, query, lock);
		if (head != null && lock) {
			// The match ran before the row lock: make sure the locked row still is what matched.
			Head again = match(access, type, query, false);
			if (head.deleted() || again == null || again.resId() != head.resId()) {
				throw new CustodianException.Conflict(ErrorCode.CONCURRENT_WRITE, type + "?" + stripType(type, query)
						+ " changed while this request was being processed; retry it");
			}
		}
		return head;
	}

	/** The query without a leading {@code Type?} or {@code ?} (clients send both forms). */
	static String stripType(String type, String query) {
		if (query.startsWith(type + "?")) {
			return query.substring(type.length() + 1);
		}
		return query.startsWith("?") ? query.substring(1) : query;
	}

	/**
	 * One spelling per condition, for the advisory lock: parameters decoded and sorted, so
	 * {@code a=1&b=x%7Cy} and {@code b=x|y&a=1} serialize against each other.
	 */
	static String canonical(String type, String query) {
		List<String> parts = new java.util.ArrayList<>();
		for (String part : stripType(type, query).split("&")) {
			if (!part.isBlank()) {
				parts.add(decodeOrRaw(part));
			}
		}
		java.util.Collections.sort(parts);
		return String.join("&", parts);
	}

	private static String decodeOrRaw(String s) {
		try {
			return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
		} catch (IllegalArgumentException e) {
			return s;
		}
	}

	/**
	 * The one match of a conditional reference, without serializing on the condition: resolving a
	 * reference creates nothing, and holding the condition's lock for a whole large transaction
	 * would make every other transaction that refers to the same organization wait for it.
	 */
	@Nullable Head referenceMatch(AccessContext access, String type, String query) {
		return match(access, type, query, false);
	}

	private @Nullable Head match(AccessContext access, String type, String rawQuery, boolean lock) {
		String query = stripType(type, rawQuery);
		// Only what the caller may see can match: an invisible match must not reveal itself by being
		// returned, updated or refused as ambiguous.
		List<Long> ids = parts.matches().match(access, type, query);
		if (ids.size() > 1) {
			throw new CustodianException.PreconditionFailed(ErrorCode.CONDITIONAL_MULTIPLE_MATCHES,
					"More than one " + type + " matches " + type + "?" + query);
		}
		if (ids.isEmpty()) {
			return null;
		}
		return parts.resources().headById(ids.get(0), lock);
	}

	private void lockCondition(String type, String query) {
		long key = Hashing.murmur3_128().hashString(type + "?" + canonical(type, query), StandardCharsets.UTF_8).asLong();
		parts.resources().advisoryLock(key);
	}
}

package org.custodian.record;

/**
 * What a write did.
 *
 * @param outcome  whether a version was created, or an existing one matched
 * @param version  the version now current (for NONE, the existing current one)
 */
public record WriteResult(Outcome outcome, @org.jspecify.annotations.Nullable StoredVersion version) {

	public enum Outcome {
		/** A new resource (HTTP 201). */
		CREATED,
		/** A new version of an existing resource (HTTP 200). */
		UPDATED,
		/** An update whose content equals the current version: no new version was written (HTTP 200). */
		UNCHANGED,
		/** A conditional create matched an existing resource (HTTP 200). */
		MATCHED_EXISTING,
		/** A tombstone version was written (HTTP 204). */
		DELETED,
		/** Nothing to delete: already deleted, or no match for a conditional delete (HTTP 204). */
		NOTHING_TO_DELETE
	}
}

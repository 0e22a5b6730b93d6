package org.custodian.record;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * What a write did. For a staged write, {@link #version()} is final only once its unit is flushed:
 * the version's time is taken then, after every lock is held (see {@code WriteUnit}).
 */
public final class WriteResult {

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

	private final Outcome outcome;
	private final Supplier<@Nullable StoredVersion> version;

	public WriteResult(Outcome outcome, @Nullable StoredVersion version) {
		this(outcome, () -> version);
	}

	private WriteResult(Outcome outcome, Supplier<@Nullable StoredVersion> version) {
		this.outcome = outcome;
		this.version = version;
	}

	/** A result whose version is read when asked for, after its unit is flushed. */
	public static WriteResult staged(Outcome outcome, Supplier<@Nullable StoredVersion> version) {
		return new WriteResult(outcome, version);
	}

	public Outcome outcome() {
		return outcome;
	}

	/** The version now current (for UNCHANGED and MATCHED_EXISTING, the existing one). */
	public @Nullable StoredVersion version() {
		return version.get();
	}
}

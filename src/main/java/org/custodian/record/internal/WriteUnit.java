package org.custodian.record.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.access.ConsentProvisions;
import org.custodian.access.ConsentRule;
import org.custodian.record.StoredVersion;
import org.custodian.record.StoredVersion.Operation;
import org.custodian.record.WriteResult;
import org.custodian.record.WriteResult.Outcome;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Consent;
import org.jspecify.annotations.Nullable;

/**
 * The writes of one database transaction: one resource for a plain create, update or delete, or
 * every entry of a transaction bundle. Writes are staged first and {@link #flush() flushed} together,
 * so that a bundle of two thousand resources costs a handful of batched statements, and so that the
 * referential-integrity checks see the whole unit (a resource may refer to another created in the
 * same transaction). Must be used inside a database transaction; the caller holds the head locks of
 * existing resources it stages.
 */
public final class WriteUnit {

	private final RecordParts parts;
	/** Provisional time while staging; replaced at flush by the version time. */
	private Instant now;
	/** The newest lastUpdated among the existing versions this unit replaces: new versions come after it. */
	private Instant floor = Instant.EPOCH;
	private boolean flushed;
	private final List<PendingWrite> writes = new ArrayList<>();
	private final Map<String, PendingWrite> staged = new HashMap<>();
	private final Deque<Long> reservedIds = new ArrayDeque<>();

	public WriteUnit(RecordParts parts) {
		this.parts = parts;
		// FHIR instants carry milliseconds; PostgreSQL would keep microseconds and reads would differ.
		this.now = parts.clock().instant().truncatedTo(ChronoUnit.MILLIS);
	}

	public Instant now() {
		return now;
	}

	/** What this unit wrote (after {@link #flush()}): each version, with its resource (null for a delete). */
	public List<PendingWrite> written() {
		return flushed ? List.copyOf(writes) : List.of();
	}

	/** Allocates internal ids for {@code count} creates in one round trip. */
	public void reserveIds(int count) {
		for (long id : parts.resources().allocateIds(count)) {
			reservedIds.add(id);
		}
	}

	public WriteResult create(PreparedResource p) {
		return create(p, null);
	}

	/** As {@link #create(PreparedResource)}; {@code label} names the bundle entry in messages. */
	public WriteResult create(PreparedResource p, @Nullable String label) {
		if (reservedIds.isEmpty()) {
			reserveIds(1);
		}
		PendingWrite w = new PendingWrite(reservedIds.pop(), true, p.type(), p.id(), 1, Operation.CREATE, now,
				p.resource(), p.body(), p.codec(), p.index(), p.localReferences(), label);
		return stage(w, Outcome.CREATED);
	}

	/** A new version of an existing (possibly deleted) resource, unless its content is unchanged. */
	public WriteResult update(PreparedResource p, Head head) {
		return update(p, head, null);
	}

	/** As {@link #update(PreparedResource, Head)}; {@code label} names the bundle entry in messages. */
	public WriteResult update(PreparedResource p, Head head, @Nullable String label) {
		if (!head.deleted()) {
			byte[] current = parts.resources().body(head.resId(), head.version());
			if (current != null && Arrays.equals(current, p.body())) {
				ResourceCodec.stamp(p.resource(), p.type(), p.id(), head.version(), head.lastUpdated());
				// Still counts as written once: a transaction may not also delete or change it.
				claim(p.type() + "/" + p.id());
				return new WriteResult(Outcome.UNCHANGED, new StoredVersion(p.type(), p.id(), head.version(),
						head.lastUpdated(), Operation.UPDATE, p.resource()));
			}
		}
		raiseFloor(head);
		Operation op = head.deleted() ? Operation.CREATE : Operation.UPDATE;
		PendingWrite w = new PendingWrite(head.resId(), false, p.type(), p.id(), head.version() + 1, op, now,
				p.resource(), p.body(), p.codec(), p.index(), p.localReferences(), label);
		return stage(w, head.deleted() ? Outcome.CREATED : Outcome.UPDATED);
	}

	public WriteResult delete(Head head) {
		raiseFloor(head);
		if (head.deleted()) {
			return new WriteResult(Outcome.NOTHING_TO_DELETE, new StoredVersion(head.type(), head.id(), head.version(),
					head.lastUpdated(), Operation.DELETE, null));
		}
		PendingWrite w = new PendingWrite(head.resId(), false, head.type(), head.id(), head.version() + 1,
				Operation.DELETE, now, null, null, parts.codec().currentCodec(), List.of(), List.of(), null);
		return stage(w, Outcome.DELETED);
	}

	private final java.util.Set<String> claimed = new java.util.HashSet<>();

	private void claim(String localReference) {
		if (!claimed.add(localReference)) {
			throw new CustodianException.Invalid(ErrorCode.BUNDLE_INVALID,
					"The transaction writes " + localReference + " more than once");
		}
	}

	private void raiseFloor(Head head) {
		if (head.lastUpdated().isAfter(floor)) {
			floor = head.lastUpdated();
		}
	}

	private WriteResult stage(PendingWrite w, Outcome outcome) {
		claim(w.localReference());
		staged.put(w.localReference(), w);
		int index = writes.size();
		writes.add(w);
		return WriteResult.staged(outcome, () -> {
			PendingWrite f = writes.get(index);
			return new StoredVersion(f.type(), f.id(), f.version(), f.lastUpdated(), f.operation(), f.resource());
		});
	}

	/**
	 * Checks references, then writes versions, heads, index rows and links. The version time is
	 * taken here, when every lock of the unit is held, and is later than the versions it replaces:
	 * a write that waited on a lock is never stamped before the write it waited for.
	 */
	public void flush() {
		if (writes.isEmpty() || flushed) {
			return;
		}
		flushed = true;
		Instant clock = parts.clock().instant().truncatedTo(ChronoUnit.MILLIS);
		now = clock.isAfter(floor) ? clock : floor.plusMillis(1);
		for (int i = 0; i < writes.size(); i++) {
			PendingWrite w = writes.get(i);
			PendingWrite timed = new PendingWrite(w.resId(), w.isNew(), w.type(), w.id(), w.version(), w.operation(), now,
					w.resource(), w.body(), w.codec(), w.index(), w.localReferences(), w.label());
			writes.set(i, timed);
			staged.put(timed.localReference(), timed);
			if (timed.resource() != null) {
				ResourceCodec.stamp(timed.resource(), timed.type(), timed.id(), timed.version(), now);
			}
		}
		for (PendingWrite w : writes) {
			if (w.resource() != null) {
				parts.guard().check(w.type(), w.describe(), w.localReferences());
			}
			if (!w.isNew()) {
				parts.changes().check(w.type(), w.id(), w.resource());
			}
		}
		Map<String, Long> targets = resolveTargets();
		parts.resources().write(writes, targets);
		long[] replaced = writes.stream().filter(w -> !w.isNew()).mapToLong(PendingWrite::resId).toArray();
		parts.index().clear(replaced);
		parts.index().insert(writes, targets);
		writeConsentRules(targets);
		refuseDeletesStillReferenced();
	}

	/** The rules the gate enforces for each Consent written, replaced or deleted, in the same transaction. */
	private void writeConsentRules(Map<String, Long> targets) {
		List<PendingWrite> consents = writes.stream().filter(w -> w.type().equals("Consent")).toList();
		if (consents.isEmpty()) {
			return;
		}
		List<ConsentRule> rules = new ArrayList<>();
		for (PendingWrite w : consents) {
			if (w.resource() instanceof Consent consent) {
				rules.addAll(ConsentProvisions.rules(consent, w.resId(), ref -> ref == null ? null : targets.get(ref)));
			}
		}
		parts.consents().replace(consents.stream().mapToLong(PendingWrite::resId).toArray(), rules);
	}

	private Map<String, Long> resolveTargets() {
		Map<String, Long> targets = new HashMap<>();
		Set<String> outside = new LinkedHashSet<>();
		for (PendingWrite w : writes) {
			for (String ref : w.localReferences()) {
				PendingWrite inUnit = staged.get(ref);
				if (inUnit == null) {
					outside.add(ref);
				} else if (inUnit.operation() == Operation.DELETE) {
					throw missing(w, ref, "is deleted in the same transaction");
				} else {
					targets.put(ref, inUnit.resId());
				}
			}
		}
		// FOR SHARE: a concurrent delete of a target waits for this transaction, and then sees the new link.
		Map<String, Head> heads = parts.resources().heads(outside, true, true);
		for (PendingWrite w : writes) {
			for (String ref : w.localReferences()) {
				if (staged.containsKey(ref)) {
					continue;
				}
				Head h = heads.get(ref);
				if (h == null) {
					throw missing(w, ref, "does not exist");
				}
				if (h.deleted()) {
					throw missing(w, ref, "has been deleted");
				}
				targets.put(ref, h.resId());
			}
		}
		return targets;
	}

	private void refuseDeletesStillReferenced() {
		long[] deleted = writes.stream().filter(w -> w.operation() == Operation.DELETE).mapToLong(PendingWrite::resId)
				.toArray();
		if (deleted.length == 0) {
			return;
		}
		@Nullable String[] hit = parts.resources().firstReferrer(deleted);
		if (hit != null) {
			throw new CustodianException.Conflict(ErrorCode.DELETE_WHILE_REFERENCED,
					"Cannot delete " + hit[1] + ": " + hit[0] + " still refers to it. Delete or update "
							+ hit[0] + " first.");
		}
	}

	private static CustodianException missing(PendingWrite w, String ref, String why) {
		return new CustodianException.Invalid(ErrorCode.REFERENCED_RESOURCE_MISSING,
				w.describe() + ": " + w.type() + " refers to " + ref + ", which " + why);
	}
}

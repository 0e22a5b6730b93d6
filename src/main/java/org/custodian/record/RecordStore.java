package org.custodian.record;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.custodian.access.AccessContext;
import org.custodian.access.Interaction;
import org.custodian.access.RowFilter;
import org.custodian.record.internal.Head;
import org.custodian.record.internal.PreparedResource;
import org.custodian.record.internal.RecordParts;
import org.custodian.record.internal.WriteUnit;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The versioned record: create, read, update, delete and history of FHIR resources. Every method
 * takes the {@link AccessContext} that only the access gate can mint. Each write is one database
 * transaction: it is either fully stored (version, head, index, links) or not at all.
 */
@Service
public class RecordStore {

	private final RecordParts parts;
	private final TransactionTemplate tx;
	private final ConditionalWrites conditions;

	private final WriteAudit audit;

	RecordStore(RecordParts parts, TransactionTemplate tx, WriteAudit audit) {
		this.parts = parts;
		this.tx = tx;
		this.audit = audit;
		this.conditions = new ConditionalWrites(parts);
	}

	/** Creates with a server-assigned id; with {@code ifNoneExist}, returns the match instead if there is one. */
	public WriteResult create(AccessContext access, String type, IBaseResource resource, @Nullable String ifNoneExist) {
		RowFilter writable = access.writable("r", type, Interaction.CREATE);
		PreparedResource prepared = parts.prepare(type, RecordParts.newId(), resource);
		return inTransaction(access, "create", unit -> {
			if (ifNoneExist != null) {
				WriteResult existing = conditions.existingMatch(access, type, ifNoneExist);
				if (existing != null) {
					return existing;
				}
			}
			WriteResult result = unit.create(prepared);
			unit.flush();
			requireWritten(access, writable, parts, result);
			return result;
		});
	}

	/** A resource to write among others: {@code id} a new one from {@link #newId()} to create, or an existing one's. */
	public record Put(String type, String id, IBaseResource resource) {}

	/** A new server-assigned id, for resources written together that refer to one another ({@link #writeAll}). */
	public static String newId() {
		return RecordParts.newId();
	}

	/**
	 * Writes several resources together (each created when its id is new, else updated) in one
	 * transaction and one flush, recorded as one write: what one message or document gives at once
	 * (a report and its results), so that it lands whole and costs one round of statements rather
	 * than one per resource. References among them resolve within the write.
	 */
	public List<WriteResult> writeAll(AccessContext access, List<Put> puts) {
		List<PreparedResource> prepared = new java.util.ArrayList<>();
		for (Put p : puts) {
			Ids.requireValid(p.id());
			prepared.add(parts.prepare(p.type(), p.id(), p.resource()));
		}
		return inTransaction(access, "transaction", unit -> {
			List<WriteResult> results = new java.util.ArrayList<>();
			List<RowFilter> conditions = new java.util.ArrayList<>();
			for (PreparedResource p : prepared) {
				Head head = parts.resources().head(p.type(), p.id(), true);
				conditions.add(writable(access, head, p.type()));
				results.add(put(unit, p, head, null));
			}
			unit.flush();
			for (int i = 0; i < results.size(); i++) {
				requireWritten(access, conditions.get(i), parts, results.get(i));
			}
			return results;
		});
	}

	/**
	 * Updates {@code type/id}, creating it with that id if it does not exist (update as create).
	 * With {@code ifMatchVersion}, refuses (412) unless that is the current version.
	 */
	public WriteResult update(AccessContext access, String type, String id, IBaseResource resource,
			@Nullable Integer ifMatchVersion) {
		Ids.requireValid(id);
		access.require(type, Interaction.UPDATE);
		PreparedResource prepared = parts.prepare(type, id, resource);
		return inTransaction(access, "update", unit -> {
			Head head = parts.resources().head(type, id, true);
			RowFilter writable = writable(access, head, type);
			WriteResult result = put(unit, prepared, head, ifMatchVersion);
			unit.flush();
			requireWritten(access, writable, parts, result);
			return result;
		});
	}

	/** Conditional update: updates the one match, creates when none, refuses (412) when several. */
	public WriteResult conditionalUpdate(AccessContext access, String type, String query, IBaseResource resource,
			@Nullable Integer ifMatchVersion) {
		access.require(type, Interaction.UPDATE);
		return inTransaction(access, "update", unit -> {
			Head head = conditions.singleMatchForUpdate(access, type, query);
			String id = head != null ? head.id() : bodyIdOrNew(resource);
			PreparedResource prepared = parts.prepare(type, id, resource);
			if (head == null) {
				head = parts.resources().head(type, id, true);
			}
			RowFilter writable = writable(access, head, type);
			WriteResult result = put(unit, prepared, head, ifMatchVersion);
			unit.flush();
			requireWritten(access, writable, parts, result);
			return result;
		});
	}

	/** Deletes {@code type/id}; with {@code ifMatchVersion}, refuses (412) unless that is the current version. */
	public WriteResult delete(AccessContext access, String type, String id, @Nullable Integer ifMatchVersion) {
		Ids.requireValid(id);
		access.require(type, Interaction.DELETE);
		return inTransaction(access, "delete", unit -> {
			Head head = parts.resources().head(type, id, true);
			if (head == null || !parts.resources().visible(head.resId(), access.visible("r", type))) {
				throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, type + "/" + id + " does not exist");
			}
			requireVersion(type + "/" + id, head, ifMatchVersion);
			WriteResult result = unit.delete(head);
			unit.flush();
			return result;
		});
	}

	/** Deletes the one match of {@code query}; none is not an error; several is (412). */
	public WriteResult conditionalDelete(AccessContext access, String type, String query, @Nullable Integer ifMatchVersion) {
		access.require(type, Interaction.DELETE);
		return inTransaction(access, "delete", unit -> {
			Head head = conditions.singleMatchForUpdate(access, type, query);
			if (head == null) {
				return new WriteResult(WriteResult.Outcome.NOTHING_TO_DELETE, null);
			}
			requireVersion(head.localReference(), head, ifMatchVersion);
			WriteResult result = unit.delete(head);
			unit.flush();
			return result;
		});
	}

	/** The current version; 404 when it never existed, 410 when deleted. */
	public StoredVersion read(AccessContext access, String type, String id) {
		Ids.requireValid(id);
		access.require(type, Interaction.READ);
		Head head = visibleHead(access, type, id);
		if (head == null) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, type + "/" + id + " does not exist");
		}
		if (head.deleted()) {
			throw new CustodianException.Gone(ErrorCode.RESOURCE_GONE,
					type + "/" + id + " was deleted (version " + head.version() + ")");
		}
		return version(head, head.version());
	}

	/**
	 * Whether the caller may read {@code Type/id} now (it exists, is not deleted, and the gate lets them
	 * see it), without reading it: for lists built by the product's own tasks, shown to a person only
	 * as far as that person may see what they name.
	 */
	public boolean readable(AccessContext access, String reference) {
		int slash = reference.indexOf('/');
		if (slash < 1) {
			return false;
		}
		String type = reference.substring(0, slash);
		String id = reference.substring(slash + 1);
		if (!id.matches("[A-Za-z0-9.-]{1,64}") || !access.permits(type, Interaction.READ)) {
			return false;
		}
		Head head = visibleHead(access, type, id);
		return head != null && !head.deleted();
	}

	/**
	 * The current versions of live resources by internal id, in the order given (for search results;
	 * ids come from the index, never from clients). Resources deleted meanwhile are left out.
	 */
	public List<StoredVersion> readCurrent(AccessContext access, List<Long> resIds) {
		return readCurrent(access, null, resIds);
	}

	/** As {@link #readCurrent(AccessContext, List)}, for ids all of {@code type} (null: of any type). */
	public List<StoredVersion> readCurrent(AccessContext access, @Nullable String type, List<Long> resIds) {
		return parts.resources().current(resIds, access.visible("r", type));
	}

	public StoredVersion vread(AccessContext access, String type, String id, int version) {
		Ids.requireValid(id);
		access.require(type, Interaction.READ);
		Head head = visibleHead(access, type, id);
		if (head == null) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, type + "/" + id + " does not exist");
		}
		StoredVersion v = version(head, version);
		if (v.deleted()) {
			throw new CustodianException.Gone(ErrorCode.RESOURCE_GONE,
					type + "/" + id + " version " + version + " is a deletion");
		}
		return v;
	}

	/**
	 * Versions newest first. {@code type} and {@code id} narrow it to a type or one resource;
	 * {@code until} fixes the end of the window so paging is stable while writes go on.
	 */
	public HistoryPage history(AccessContext access, @Nullable String type, @Nullable String id, HistoryWindow window,
			int offset, int count) {
		Long resId = null;
		if (id != null && type != null) {
			Ids.requireValid(id);
			access.require(type, Interaction.READ);
			Head head = visibleHead(access, type, id);
			if (head == null) {
				throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, type + "/" + id + " does not exist");
			}
			resId = head.resId();
		} else if (type != null) {
			access.require(type, Interaction.SEARCH);
		}
		RowFilter visible = access.visible("r", type);
		List<StoredVersion> versions = count == 0 ? List.of()
				: parts.resources().history(type, resId, window, offset, count, visible);
		int total = parts.resources().historyCount(type, resId, window, visible);
		return new HistoryPage(versions, total);
	}

	/**
	 * Everything that refers to {@code type/id}, for moving those references (a patient merge). Must
	 * run inside a transaction: it locks {@code type/id} first, so that nothing new can come to refer
	 * to it until that transaction ends (a writer that refers to it waits on the lock), and the list
	 * stays complete.
	 */
	public Referrers referrers(AccessContext access, String type, String id) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("referrers() must run inside the transaction that uses them");
		}
		Ids.requireValid(id);
		access.require(type, Interaction.READ);
		Head head = parts.resources().head(type, id, true);
		if (head == null || head.deleted() || !parts.resources().visible(head.resId(), access.visible("r", type))) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, type + "/" + id + " does not exist");
		}
		List<Long> all = parts.resources().referrers(head.resId());
		List<StoredVersion> visible = parts.resources().current(all, access.visible("r", null));
		return new Referrers(visible, all.size() - visible.size());
	}

	/**
	 * Runs {@code work} in one database transaction with a fresh write unit (used by bundles), and
	 * records what it wrote in the audit trail ({@code subtype}: create, update, delete,
	 * transaction, batch) in the same transaction.
	 */
	public <T> T inTransaction(AccessContext access, String subtype, Function<WriteUnit, T> work) {
		try {
			return tx.execute(status -> {
				WriteUnit unit = new WriteUnit(parts);
				T result = work.apply(unit);
				audit.record(access, subtype, unit);
				return result;
			});
		} catch (DuplicateKeyException e) {
			throw new CustodianException.Conflict(ErrorCode.CONCURRENT_WRITE,
					"Another request created the same resource at the same time; retry the request");
		} catch (PessimisticLockingFailureException e) {
			throw new CustodianException.Conflict(ErrorCode.CONCURRENT_WRITE,
					"The write collided with a concurrent write; retry the request");
		}
	}

	RecordParts parts() {
		return parts;
	}

	/** The head of {@code type/id} when it exists and the caller may see it; otherwise null, as if it did not exist. */
	private @Nullable Head visibleHead(AccessContext access, String type, String id) {
		Head head = parts.resources().head(type, id, false);
		return head != null && parts.resources().visible(head.resId(), access.visible("r", type)) ? head : null;
	}

	/**
	 * The condition a resource written over {@code head} (null: a new one) must meet after the write.
	 * An existing resource the caller may not see cannot be overwritten (403, the same answer as a
	 * type it may not write at all).
	 */
	static @Nullable RowFilter writable(AccessContext access, @Nullable Head head, String type, RecordParts parts) {
		if (head == null || head.deleted()) {
			return access.writable("r", type, Interaction.CREATE);
		}
		RowFilter writable = access.writable("r", type, Interaction.UPDATE);
		if (!parts.resources().visible(head.resId(), access.visible("r", type))) {
			throw access.refused("update", type, null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, "You may not write " + type + "/"
					+ head.id());
		}
		return writable;
	}

	private @Nullable RowFilter writable(AccessContext access, @Nullable Head head, String type) {
		return writable(access, head, type, parts);
	}

	/** After the flush, in the same transaction: the written resource meets {@code writable} (else 403, rolled back). */
	static void requireWritten(AccessContext access, @Nullable RowFilter writable, RecordParts parts, WriteResult result) {
		if (writable == null || result.version() == null) {
			return;
		}
		StoredVersion v = result.version();
		Head head = parts.resources().head(v.type(), v.id(), false);
		if (head != null && !parts.resources().visible(head.resId(), writable)) {
			throw access.refused(v.operation() == StoredVersion.Operation.CREATE ? "create" : "update", v.type(), null,
					ErrorCode.ACCESS_OUTSIDE_PATIENT_CONTEXT, "The access token is for one"
					+ " patient's record; this " + v.type() + " is not part of it");
		}
	}

	/** 412 unless {@code head} is at {@code ifMatch} (when given). */
	static void requireVersion(String reference, @Nullable Head head, @Nullable Integer ifMatch) {
		if (ifMatch != null && (head == null || head.version() != ifMatch)) {
			throw new CustodianException.PreconditionFailed(ErrorCode.VERSION_CONFLICT,
					reference + " is at version " + (head == null ? "none" : head.version())
							+ ", not " + ifMatch + " as the request's If-Match requires; read it again and retry");
		}
	}

	private WriteResult put(WriteUnit unit, PreparedResource prepared, @Nullable Head head, @Nullable Integer ifMatch) {
		requireVersion(prepared.type() + "/" + prepared.id(), head, ifMatch);
		return head == null ? unit.create(prepared) : unit.update(prepared, head);
	}

	private StoredVersion version(Head head, int version) {
		StoredVersion v = version < 1 || version > head.version() ? null : parts.resources().version(head.resId(), version);
		if (v == null) {
			throw new CustodianException.NotFound(ErrorCode.VERSION_NOT_FOUND,
					head.localReference() + " has no version " + version);
		}
		return v;
	}

	private static String bodyIdOrNew(IBaseResource resource) {
		String id = resource.getIdElement().getIdPart();
		if (id == null || id.isBlank()) {
			return RecordParts.newId();
		}
		Ids.requireValid(id);
		return id;
	}
}

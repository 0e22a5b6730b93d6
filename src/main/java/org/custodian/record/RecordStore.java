package org.custodian.record;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.custodian.access.AccessContext;
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

	RecordStore(RecordParts parts, TransactionTemplate tx) {
		this.parts = parts;
		this.tx = tx;
		this.conditions = new ConditionalWrites(parts);
	}

	/** Creates with a server-assigned id; with {@code ifNoneExist}, returns the match instead if there is one. */
	public WriteResult create(AccessContext access, String type, IBaseResource resource, @Nullable String ifNoneExist) {
		PreparedResource prepared = parts.prepare(type, RecordParts.newId(), resource);
		return inTransaction(unit -> {
			if (ifNoneExist != null) {
				WriteResult existing = conditions.existingMatch(type, ifNoneExist);
				if (existing != null) {
					return existing;
				}
			}
			WriteResult result = unit.create(prepared);
			unit.flush();
			return result;
		});
	}

	/**
	 * Updates {@code type/id}, creating it with that id if it does not exist (update as create).
	 * With {@code ifMatchVersion}, refuses (412) unless that is the current version.
	 */
	public WriteResult update(AccessContext access, String type, String id, IBaseResource resource,
			@Nullable Integer ifMatchVersion) {
		Ids.requireValid(id);
		PreparedResource prepared = parts.prepare(type, id, resource);
		return inTransaction(unit -> {
			Head head = parts.resources().head(type, id, true);
			WriteResult result = put(unit, prepared, head, ifMatchVersion);
			unit.flush();
			return result;
		});
	}

	/** Conditional update: updates the one match, creates when none, refuses (412) when several. */
	public WriteResult conditionalUpdate(AccessContext access, String type, String query, IBaseResource resource,
			@Nullable Integer ifMatchVersion) {
		return inTransaction(unit -> {
			Head head = conditions.singleMatchForUpdate(type, query);
			String id = head != null ? head.id() : bodyIdOrNew(resource);
			PreparedResource prepared = parts.prepare(type, id, resource);
			if (head == null) {
				head = parts.resources().head(type, id, true);
			}
			WriteResult result = put(unit, prepared, head, ifMatchVersion);
			unit.flush();
			return result;
		});
	}

	/** Deletes {@code type/id}; with {@code ifMatchVersion}, refuses (412) unless that is the current version. */
	public WriteResult delete(AccessContext access, String type, String id, @Nullable Integer ifMatchVersion) {
		Ids.requireValid(id);
		return inTransaction(unit -> {
			Head head = parts.resources().head(type, id, true);
			if (head == null) {
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
		return inTransaction(unit -> {
			Head head = conditions.singleMatchForUpdate(type, query);
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
		Head head = parts.resources().head(type, id, false);
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
	 * The current versions of live resources by internal id, in the order given (for search results;
	 * ids come from the index, never from clients). Resources deleted meanwhile are left out.
	 */
	public List<StoredVersion> readCurrent(AccessContext access, List<Long> resIds) {
		return parts.resources().current(resIds);
	}

	public StoredVersion vread(AccessContext access, String type, String id, int version) {
		Ids.requireValid(id);
		Head head = parts.resources().head(type, id, false);
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
			Head head = parts.resources().head(type, id, false);
			if (head == null) {
				throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, type + "/" + id + " does not exist");
			}
			resId = head.resId();
		}
		List<StoredVersion> versions = count == 0 ? List.of() : parts.resources().history(type, resId, window, offset, count);
		int total = parts.resources().historyCount(type, resId, window);
		return new HistoryPage(versions, total);
	}

	/** Runs {@code work} in one database transaction with a fresh write unit (used by bundles). */
	public <T> T inTransaction(Function<WriteUnit, T> work) {
		try {
			return tx.execute(status -> work.apply(new WriteUnit(parts)));
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

package org.custodian.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.custodian.access.AccessContext;
import org.custodian.access.Interaction;
import org.custodian.access.RowFilter;
import org.custodian.record.internal.Head;
import org.custodian.record.internal.PreparedResource;
import org.custodian.record.internal.RecordParts;
import org.custodian.record.internal.WriteUnit;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Transaction and batch bundles. A transaction is all-or-nothing in one database transaction, and
 * is processed in the order the specification prescribes: DELETE, then POST, then PUT, then GET.
 * Before anything is written, every {@code urn:uuid:} (or other fullUrl) placeholder and every
 * conditional reference ({@code Organization?identifier=x|1}) is resolved to a real
 * {@code Type/id}, so indexes and integrity checks only ever see final references. A batch runs
 * each entry as its own transaction and reports failures per entry.
 */
@Service
public class BundleProcessor {

	private final RecordStore store;
	private final RecordParts parts;
	private final EntryResponses responses = new EntryResponses();

	BundleProcessor(RecordStore store) {
		this.store = store;
		this.parts = store.parts();
	}

	public Bundle process(AccessContext access, Bundle bundle, boolean returnResources) {
		if (bundle.getType() == BundleType.TRANSACTION) {
			return transaction(access, bundle, returnResources);
		}
		if (bundle.getType() == BundleType.BATCH) {
			return batch(access, bundle, returnResources);
		}
		throw new CustodianException.Invalid(ErrorCode.BUNDLE_INVALID, "Bundle.type must be transaction or batch, not "
				+ (bundle.getType() == null ? "missing" : bundle.getType().toCode()));
	}

	/**
	 * Runs a transaction bundle that a service built (a patient merge, say), recorded in the audit
	 * trail under {@code subtype} rather than as a client's transaction.
	 */
	public Bundle transaction(AccessContext access, Bundle bundle, String subtype) {
		if (bundle.getType() != BundleType.TRANSACTION) {
			throw new IllegalArgumentException("Not a transaction bundle");
		}
		return transaction(access, bundle, false, subtype);
	}

	private Bundle transaction(AccessContext access, Bundle bundle, boolean returnResources) {
		return transaction(access, bundle, returnResources, "transaction");
	}

	private Bundle transaction(AccessContext access, Bundle bundle, boolean returnResources, String subtype) {
		List<BundleEntryRequest> requests = new ArrayList<>();
		for (int i = 0; i < bundle.getEntry().size(); i++) {
			requests.add(BundleEntryRequest.of(i, bundle.getEntry().get(i)));
		}
		Bundle.BundleEntryComponent[] out = store.inTransaction(access, subtype,
				unit -> run(unit, access, requests, returnResources));
		Bundle response = new Bundle().setType(BundleType.TRANSACTIONRESPONSE);
		for (Bundle.BundleEntryComponent e : out) {
			response.addEntry(e);
		}
		return response;
	}

	private Bundle batch(AccessContext access, Bundle bundle, boolean returnResources) {
		Bundle response = new Bundle().setType(BundleType.BATCHRESPONSE);
		for (int i = 0; i < bundle.getEntry().size(); i++) {
			try {
				BundleEntryRequest request = BundleEntryRequest.of(i, bundle.getEntry().get(i));
				response.addEntry(store.inTransaction(access, "batch",
						unit -> run(unit, access, List.of(request), returnResources))[0]);
			} catch (CustodianException e) {
				response.addEntry(responses.failure(e));
			} catch (RuntimeException e) {
				// A batch entry fails alone, whatever the cause: the entries before it are committed
				// and the ones after it must still run.
				response.addEntry(responses.failure(i, e));
			}
		}
		return response;
	}

	private Bundle.BundleEntryComponent[] run(WriteUnit unit, AccessContext access, List<BundleEntryRequest> requests,
			boolean returnResources) {
		// Indexed by the entry's position in the submitted bundle; a batch runs one entry at a time.
		int size = requests.stream().mapToInt(BundleEntryRequest::index).max().orElse(-1) + 1;
		// Responses are built after the flush: only then are the versions' times final.
		@SuppressWarnings("unchecked")
		Supplier<Bundle.BundleEntryComponent>[] out = new Supplier[size];
		Map<String, String> placeholders = new HashMap<>();
		Map<String, String> conditionsCreated = new HashMap<>();
		List<Planned> writes = new ArrayList<>();
		lockHeadsInOrder(requests);
		for (BundleEntryRequest r : requests) {
			guard(r, () -> {
				if (r.method() == HTTPVerb.DELETE) {
					WriteResult deleted = delete(unit, access, r);
					out[r.index()] = () -> responses.of(deleted, false);
				}
			});
		}
		for (BundleEntryRequest r : requests) {
			guard(r, () -> {
				if (r.method() == HTTPVerb.POST) {
					planPost(access, r, placeholders, conditionsCreated, writes, out, returnResources);
				}
			});
		}
		for (BundleEntryRequest r : requests) {
			guard(r, () -> {
				if (r.method() == HTTPVerb.PUT) {
					writes.add(planPut(access, r, placeholders));
				}
			});
		}
		ReferenceResolution resolution = new ReferenceResolution(parts, access, placeholders);
		unit.reserveIds((int) writes.stream().filter(w -> w.head == null).count());
		Map<Planned, WriteResult> written = new java.util.IdentityHashMap<>();
		for (Planned w : writes) {
			guard(w.request, () -> {
				resolution.rewrite(w.request.resource());
				PreparedResource p = parts.prepare(w.request.type(), w.id, w.request.resource());
				WriteResult result = w.head == null ? unit.create(p, w.request.describe()) : unit.update(p, w.head, w.request.describe());
				written.put(w, result);
				out[w.request.index()] = () -> responses.of(result, returnResources);
			});
		}
		unit.flush();
		for (Planned w : writes) {
			guard(w.request, () -> RecordStore.requireWritten(access, w.writable, parts, written.get(w)));
		}
		for (BundleEntryRequest r : requests) {
			guard(r, () -> {
				if (r.method() == HTTPVerb.GET || r.method() == HTTPVerb.HEAD) {
					Bundle.BundleEntryComponent read = responses.read(read(access, r));
					out[r.index()] = () -> read;
				}
			});
		}
		Bundle.BundleEntryComponent[] inOrder = new Bundle.BundleEntryComponent[requests.size()];
		for (int i = 0; i < requests.size(); i++) {
			BundleEntryRequest r = requests.get(i);
			if (out[r.index()] == null) {
				throw BundleEntryRequest.invalid(r.index(), "method " + r.method().toCode() + " is not supported");
			}
			inOrder[i] = out[r.index()].get();
		}
		return inOrder;
	}

	/**
	 * Locks the heads of every resource the bundle updates or deletes by id, all at once and in
	 * internal-id order: two bundles that touch the same resources in opposite orders then queue
	 * instead of deadlocking. (Conditional targets are locked when matched.)
	 */
	private void lockHeadsInOrder(List<BundleEntryRequest> requests) {
		List<String> targets = new ArrayList<>();
		for (BundleEntryRequest r : requests) {
			if ((r.method() == HTTPVerb.PUT || r.method() == HTTPVerb.DELETE) && r.id() != null && r.query() == null
					&& Ids.isValid(r.id())) {
				targets.add(r.type() + "/" + r.id());
			}
		}
		if (targets.size() > 1) {
			parts.resources().heads(targets, true);
		}
	}

	private void planPost(AccessContext access, BundleEntryRequest r, Map<String, String> placeholders,
			Map<String, String> conditionsCreated, List<Planned> writes, Supplier<Bundle.BundleEntryComponent>[] out,
			boolean returnResources) {
		requireResource(r);
		RowFilter writable = access.writable("r", r.type(), Interaction.CREATE);
		if (r.ifNoneExist() != null) {
			String condition = r.type() + "?" + ConditionalWrites.canonical(r.type(), r.ifNoneExist());
			String earlier = conditionsCreated.get(condition);
			if (earlier != null) {
				// Two entries with one condition create one resource: the second refers to the first.
				remember(placeholders, r, earlier);
				out[r.index()] = () -> responses.sameAs(earlier);
				return;
			}
			Head match = new ConditionalWrites(parts).singleMatch(access, r.type(), r.ifNoneExist(), false);
			if (match != null) {
				remember(placeholders, r, match.localReference());
				StoredVersion v = parts.resources().version(match.resId(), match.version());
				out[r.index()] = () -> responses.of(new WriteResult(WriteResult.Outcome.MATCHED_EXISTING, v), returnResources);
				return;
			}
		}
		String id = RecordParts.newId();
		remember(placeholders, r, r.type() + "/" + id);
		if (r.ifNoneExist() != null) {
			conditionsCreated.put(r.type() + "?" + ConditionalWrites.canonical(r.type(), r.ifNoneExist()), r.type() + "/" + id);
		}
		writes.add(new Planned(r, id, null, writable));
	}

	private Planned planPut(AccessContext access, BundleEntryRequest r, Map<String, String> placeholders) {
		requireResource(r);
		access.require(r.type(), Interaction.UPDATE);
		Head head;
		String id;
		if (r.query() != null) {
			head = new ConditionalWrites(parts).singleMatch(access, r.type(), r.query(), true);
			id = head != null ? head.id() : (r.resource().hasIdElement() && r.resource().getIdElement().hasIdPart()
					? r.resource().getIdElement().getIdPart() : RecordParts.newId());
		} else if (r.id() != null) {
			id = r.id();
			head = parts.resources().head(r.type(), id, true);
		} else {
			throw BundleEntryRequest.invalid(r.index(), "PUT needs Type/id or a conditional URL");
		}
		Ids.requireValid(id);
		if (r.ifMatch() != null && (head == null || head.version() != r.ifMatch())) {
			throw new CustodianException.PreconditionFailed(ErrorCode.VERSION_CONFLICT, r.type() + "/" + id
					+ " is at version " + (head == null ? "none" : head.version()) + ", not " + r.ifMatch());
		}
		RowFilter writable = RecordStore.writable(access, head, r.type(), parts);
		remember(placeholders, r, r.type() + "/" + id);
		return new Planned(r, id, head, writable);
	}

	private WriteResult delete(WriteUnit unit, AccessContext access, BundleEntryRequest r) {
		access.require(r.type(), Interaction.DELETE);
		Head head = r.query() != null ? new ConditionalWrites(parts).singleMatch(access, r.type(), r.query(), true)
				: parts.resources().head(r.type(), requireId(r), true);
		if (head == null || !parts.resources().visible(head.resId(), access.visible("r", r.type()))) {
			return new WriteResult(WriteResult.Outcome.NOTHING_TO_DELETE, null);
		}
		RecordStore.requireVersion(head.localReference(), head, r.ifMatch());
		return unit.delete(head);
	}

	private StoredVersion read(AccessContext access, BundleEntryRequest r) {
		if (r.query() != null || r.id() == null) {
			throw new CustodianException.Invalid(ErrorCode.BUNDLE_INVALID,
					"searches inside bundles are not supported yet; use a read (Type/id)");
		}
		return r.version() != null ? store.vread(access, r.type(), r.id(), r.version()) : store.read(access, r.type(), r.id());
	}

	private static void remember(Map<String, String> placeholders, BundleEntryRequest r, String localReference) {
		if (r.fullUrl() != null) {
			placeholders.put(r.fullUrl(), localReference);
		}
	}

	private void requireResource(BundleEntryRequest r) {
		if (r.resource() == null) {
			throw BundleEntryRequest.invalid(r.index(), r.method().toCode() + " needs a resource");
		}
		if (!parts.ctx().getResourceTypes().contains(r.type())) {
			throw new CustodianException.Invalid(ErrorCode.UNKNOWN_RESOURCE_TYPE, "Unknown resource type '" + r.type() + "'");
		}
	}

	private static String requireId(BundleEntryRequest r) {
		if (r.id() == null) {
			throw BundleEntryRequest.invalid(r.index(), "DELETE needs Type/id or a conditional URL");
		}
		return r.id();
	}

	/** Runs one entry's step, naming the entry in any failure. */
	private static void guard(BundleEntryRequest r, Runnable step) {
		try {
			step.run();
		} catch (CustodianException e) {
			throw e.getMessage() != null && e.getMessage().startsWith("Entry ") ? e : e.withContext(r.describe());
		}
	}

	/**
	 * A create (head null) or update planned for the write phase; {@code writable} is what the written
	 * resource must meet, checked after the flush (see {@link RecordStore#requireWritten}).
	 */
	private record Planned(BundleEntryRequest request, String id, @Nullable Head head, @Nullable RowFilter writable) {}

}

package org.custodian.fhir;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.record.HistoryPage;
import org.custodian.record.HistoryWindow;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;

/**
 * A history result, read page by page from the store. The window's end is fixed when the request
 * arrives, so paging through it is stable while writes continue. Deleted versions appear as
 * entries with a DELETE request and no resource, as the specification asks.
 */
final class HistoryBundleProvider extends PagedResult {

	private final RecordStore store;
	private final AccessContext access;
	private final @Nullable String type;
	private final @Nullable String id;
	private final HistoryWindow window;
	private final int pageSize;
	private final int offset;
	private Integer size;

	HistoryBundleProvider(RecordStore store, AccessContext access, @Nullable String type, @Nullable String id,
			HistoryWindow window, int pageSize, @Nullable Integer offset) {
		super(pageSize);
		this.offset = offset == null || offset < 0 ? 0 : offset;
		this.store = store;
		this.access = access;
		this.type = type;
		this.id = id;
		this.window = window;
		this.pageSize = pageSize;
	}

	/** Whether {@code actor} made this history request: only they may page through it. */
	boolean requestedBy(String actor) {
		return access.actor().equals(actor);
	}

	@Override
	public List<IBaseResource> getResources(int from, int to) {
		HistoryPage page = store.history(access, type, id, window, offset + from, Math.max(0, to - from));
		size = page.total();
		List<IBaseResource> out = new ArrayList<>();
		for (StoredVersion v : page.versions()) {
			out.add(v.deleted() ? tombstone(v) : withMethod(v));
		}
		return out;
	}

	private static IBaseResource withMethod(StoredVersion v) {
		Resource r = (Resource) v.resource();
		BundleEntryTransactionMethodEnum method = v.version() == 1 ? BundleEntryTransactionMethodEnum.POST
				: BundleEntryTransactionMethodEnum.PUT;
		ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(r, method);
		return r;
	}

	/** HAPI renders a resource marked deleted as an entry with request DELETE and no body. */
	private IBaseResource tombstone(StoredVersion v) {
		try {
			Resource r = (Resource) Class.forName("org.hl7.fhir.r4.model." + v.type()).getDeclaredConstructor().newInstance();
			r.setId(v.type() + "/" + v.id() + "/_history/" + v.version());
			r.getMeta().setVersionId(Integer.toString(v.version())).setLastUpdated(Date.from(v.lastUpdated()));
			ResourceMetadataKeyEnum.DELETED_AT.put(r, new InstantType(Date.from(v.lastUpdated())));
			ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(r, BundleEntryTransactionMethodEnum.DELETE);
			return r;
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException("No model class for " + v.type(), e);
		}
	}

	/** HAPI pages with {@code _offset}: it passes the offset to the method, and this provider starts there. */
	@Override
	public Integer getCurrentPageOffset() {
		return offset;
	}

	@Override
	public Integer getCurrentPageSize() {
		return pageSize;
	}

	@Override
	public Integer size() {
		if (size == null) {
			size = store.history(access, type, id, window, 0, 0).total();
		}
		return size;
	}
}

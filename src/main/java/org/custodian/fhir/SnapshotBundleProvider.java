package org.custodian.fhir;

import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.search.ResultSnapshot;
import org.custodian.search.SearchRequest;
import org.custodian.search.SearchService;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;

/**
 * A later page of a stored search or {@code $everything} result, as HAPI asks for it when a client
 * follows a {@code _getpages} link: a slice of the snapshot's ids, read now through the gate.
 */
final class SnapshotBundleProvider extends PagedResult {

	private final SearchService service;
	private final AccessContext access;
	private final ResultSnapshot snapshot;
	private final @Nullable SearchRequest request;

	SnapshotBundleProvider(SearchService service, AccessContext access, ResultSnapshot snapshot,
			@Nullable SearchRequest request, int pageSize) {
		super(pageSize);
		this.service = service;
		this.access = access;
		this.snapshot = snapshot;
		this.request = request;
	}

	@Override
	public List<IBaseResource> getResources(int from, int to) {
		return ResultEntries.of(service.page(access, snapshot, request, from, to));
	}

	@Override
	public String getUuid() {
		return snapshot.id();
	}

	@Override
	public @Nullable Integer size() {
		return snapshot.total();
	}
}

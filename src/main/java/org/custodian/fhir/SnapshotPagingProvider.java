package org.custodian.fhir;

import org.custodian.search.SearchService;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IPagingProvider;

/**
 * HAPI's paging store, backed by our result snapshots in the database rather than server memory:
 * next links of searches and {@code $everything} survive a restart of the server, work on any node
 * sharing the database, and hold no heap. An unknown or expired snapshot gives HAPI nothing, which
 * it answers with 410 Gone.
 */
final class SnapshotPagingProvider implements IPagingProvider {

	private final SearchService service;
	private final SearchEndpoint search;
	private final FhirProperties properties;
	private final FifoMemoryPagingProvider history;

	SnapshotPagingProvider(SearchService service, SearchEndpoint search, FhirProperties properties) {
		this.service = service;
		this.search = search;
		this.properties = properties;
		this.history = new FifoMemoryPagingProvider(1000);
		history.setDefaultPageSize(properties.defaultPageSize());
		history.setMaximumPageSize(properties.maxPageSize());
	}

	@Override
	public int getDefaultPageSize() {
		return properties.defaultPageSize();
	}

	@Override
	public int getMaximumPageSize() {
		return properties.maxPageSize();
	}

	@Override
	public @Nullable IBundleProvider retrieveResultList(@Nullable RequestDetails request, String id) {
		IBundleProvider kept = history.retrieveResultList(request, id);
		if (kept != null) {
			// A history page is read with the access of whoever asked first: anyone else is told it
			// does not exist, as for a search snapshot.
			return kept instanceof HistoryBundleProvider h && h.requestedBy(RequestAccess.subject()) ? kept : null;
		}
		return service.snapshot(id).map(s -> search.page(s, request, properties.defaultPageSize())).orElse(null);
	}

	/**
	 * HAPI asks to store every multi-page result. Searches and {@code $everything} are already
	 * stored, so their snapshot's id is the answer. History providers hold no data (a window fixed at
	 * the first request, read page by page), so they are kept in a small in-memory store, as before.
	 */
	@Override
	public String storeResultList(@Nullable RequestDetails request, IBundleProvider list) {
		String id = list.getUuid();
		return id != null ? id : history.storeResultList(request, list);
	}
}

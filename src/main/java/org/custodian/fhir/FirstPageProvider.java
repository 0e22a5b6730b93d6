package org.custodian.fhir;

import java.util.List;

import org.custodian.search.SearchPage;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;

/**
 * The first page of a search or {@code $everything}, already read. When more pages follow, the page names the stored
 * result snapshot they are read from: HAPI then writes {@code _getpages} next links, served by
 * {@link SnapshotPagingProvider}. A search paged by an explicit {@code _offset} stays in HAPI's
 * offset mode: each page is its own request over the live data.
 */
final class FirstPageProvider extends PagedResult {

	private final SearchPage page;
	private final int pageSize;
	private final int offset;

	FirstPageProvider(SearchPage page, int pageSize, int offset) {
		super(pageSize);
		this.page = page;
		this.pageSize = pageSize;
		this.offset = offset;
	}

	@Override
	public List<IBaseResource> getResources(int from, int to) {
		return ResultEntries.of(page);
	}

	@Override
	public @Nullable String getUuid() {
		return page.snapshotId();
	}

	@Override
	public @Nullable Integer getCurrentPageOffset() {
		return page.snapshotId() == null ? offset : null;
	}

	@Override
	public @Nullable Integer getCurrentPageSize() {
		return page.snapshotId() == null ? pageSize : null;
	}

	/** The total when known, or when this is the last page (then it is known anyway). */
	@Override
	public @Nullable Integer size() {
		if (page.total() != null) {
			return page.total();
		}
		return page.hasMore() ? null : offset + page.resources().size();
	}
}

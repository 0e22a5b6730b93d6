package org.custodian.search;

import java.time.Clock;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchRequest.Total;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;

/**
 * Runs searches: finds the matching internal ids in the index tables, then reads the current
 * versions through the record store, with the caller's access context, so search passes the same
 * gate as every read.
 */
@Service
public class SearchService {

	private final SearchQuery query;
	private final Includes includes;
	private final JdbcTemplate jdbc;
	private final RecordStore store;

	SearchService(FhirContext ctx, Clock clock, JdbcTemplate jdbc, RecordStore store) {
		this.query = new SearchQuery(ctx, clock);
		this.includes = new Includes(jdbc);
		this.jdbc = jdbc;
		this.store = store;
	}

	/**
	 * The internal ids of a {@code $everything}, all of them, in order; the caller pages over this
	 * fixed list, so the pages neither skip nor repeat while the record changes. 404/410 as a read.
	 */
	public List<Long> everything(AccessContext access, Everything request) {
		store.read(access, request.type(), request.id());
		SqlBuilder sql = request.sql();
		return jdbc.queryForList(sql.sql(), Long.class, sql.args());
	}

	/** The current versions of the given ids (a page of a result computed earlier). */
	public List<StoredVersion> read(AccessContext access, List<Long> ids) {
		return store.readCurrent(access, ids);
	}

	public SearchPage search(AccessContext access, SearchRequest request) {
		SqlBuilder page = query.page(request);
		List<Long> ids = jdbc.queryForList(page.sql(), Long.class, page.args());
		boolean hasMore = ids.size() > request.count();
		List<Long> shown = hasMore ? ids.subList(0, request.count()) : ids;
		List<StoredVersion> resources = store.readCurrent(access, shown);
		List<StoredVersion> included = request.includes().isEmpty() ? List.of()
				: store.readCurrent(access, includes.resolve(shown, request.includes()));
		Integer total = null;
		if (request.total() != Total.NONE) {
			SqlBuilder count = query.count(request);
			total = jdbc.queryForObject(count.sql(), Integer.class, count.args());
		}
		return new SearchPage(resources, included, total, hasMore, request.ignored());
	}
}

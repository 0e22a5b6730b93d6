package org.custodian.search;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.custodian.access.AccessContext;
import org.custodian.access.Interaction;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchRequest.Total;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;

/**
 * Runs searches: finds the matching internal ids in the index tables, then reads the current
 * versions through the record store, with the caller's access context, so search passes the same
 * gate as every read.
 *
 * <p>A result longer than one page is snapshotted when its first page is served: its ordered ids are
 * stored ({@link ResultSnapshots}) and later pages are slices of them, so a client paging through
 * next links sees each match once even while resources are created, changed or deleted meanwhile
 * (a match deleted since is left out of its page; a resource created since is not added). An explicit
 * {@code _offset} pages over the live data instead, as the client asked.
 */
@Service
public class SearchService {

	static final String SEARCH = "search";
	static final String EVERYTHING = "everything";

	private final SearchQuery query;
	private final ReferenceTargets targets;
	private final Includes includes;
	private final JdbcTemplate jdbc;
	private final RecordStore store;
	private final ResultSnapshots snapshots;
	private final int snapshotMaxIds;

	SearchService(FhirContext ctx, Clock clock, JdbcTemplate jdbc, RecordStore store, SearchProperties properties) {
		this.query = new SearchQuery(ctx, clock, jdbc);
		this.targets = new ReferenceTargets(jdbc);
		this.includes = new Includes(jdbc);
		this.jdbc = jdbc;
		this.store = store;
		this.snapshots = new ResultSnapshots(jdbc, clock, properties.snapshotTtl());
		this.snapshotMaxIds = properties.snapshotMaxIds();
	}

	/**
	 * The first page of a search. {@code parameters} is the request as received, kept with the
	 * snapshot so later pages can apply its {@code _include}s.
	 */
	public SearchPage search(AccessContext access, SearchRequest request, String parameters) {
		access.require(request.type(), Interaction.SEARCH);
		if (request.offset() > 0) {
			return livePage(access, request);
		}
		List<Long> ids = ids(access, request, snapshotMaxIds + 1, 0);
		boolean complete = ids.size() <= snapshotMaxIds;
		if (!complete) {
			ids = ids.subList(0, snapshotMaxIds);
		}
		Integer total = complete ? Integer.valueOf(ids.size()) : total(access, request);
		String snapshotId = null;
		if (ids.size() > request.count()) {
			snapshotId = snapshots.store(access.actor(), SEARCH, request.type(), parameters, total, complete, ids);
		}
		List<Long> shown = ids.subList(0, Math.min(request.count(), ids.size()));
		return page(access, request, shown, total, ids.size() > request.count(), snapshotId);
	}

	/**
	 * The first page of a {@code $everything}: all members are snapshotted (when more than a page),
	 * never capped, since a patient's whole record is the point. 404/410 as a read of the focus.
	 */
	public SearchPage everything(AccessContext access, Everything request, int pageSize) {
		store.read(access, request.type(), request.id());
		if (request.type().equals("Patient")) {
			for (long patient : targets.resolve("Patient", request.id())) {
				access.requireRecordOf(patient);
			}
		}
		List<Long> ids = plannedForItsValues(request.sql(access.visible("r", null)));
		String snapshotId = null;
		if (ids.size() > pageSize) {
			snapshotId = snapshots.store(access.actor(), EVERYTHING, request.type(), null, ids.size(), true, ids);
		}
		List<Long> shown = ids.subList(0, Math.min(pageSize, ids.size()));
		return new SearchPage(store.readCurrent(access, shown), List.of(), ids.size(), ids.size() > pageSize,
				List.of(), snapshotId);
	}

	/**
	 * The first {@code request.count()} matches (after {@code _offset}), for a screen's section or a
	 * job's page rather than a paged API search: nothing is stored for later pages and nothing counted
	 * beyond whether there are more.
	 */
	public SearchPage firstMatches(AccessContext access, SearchRequest request) {
		access.require(request.type(), Interaction.SEARCH);
		List<Long> ids = ids(access, request, request.count() + 1, request.offset());
		boolean hasMore = ids.size() > request.count();
		return page(access, request, hasMore ? ids.subList(0, request.count()) : ids, null, hasMore, null);
	}

	/**
	 * The patient's own resource, when the caller may reach the patient's whole record: the checks of
	 * {@code $everything} (404 or 410 as a read; 403 naming break-the-glass without a treatment
	 * relationship) without reading the record itself.
	 */
	public StoredVersion recordOf(AccessContext access, String patientId) {
		StoredVersion patient = store.read(access, "Patient", patientId);
		for (long resId : targets.resolve("Patient", patientId)) {
			access.requireRecordOf(resId);
		}
		return patient;
	}

	/** A stored result, while it has not expired. */
	public Optional<ResultSnapshot> snapshot(String id) {
		return snapshots.find(id);
	}

	/**
	 * Matches {@code from} to {@code to} of a stored result. {@code request} is the snapshot's search
	 * re-read from its parameters (for includes, and for pages past the ids of an incomplete
	 * snapshot); null for {@code $everything}.
	 */
	public SearchPage page(AccessContext access, ResultSnapshot snapshot, @Nullable SearchRequest request, int from,
			int to) {
		if (!snapshot.owner().equals(access.actor())) {
			// Someone else's results: as if it did not exist, so that neither its total nor its ids leak.
			throw new CustodianException.Gone(ErrorCode.RESOURCE_GONE, "These search results have expired or do not exist;"
					+ " search again");
		}
		List<Long> ids;
		if (from < snapshot.size() || snapshot.complete() || request == null) {
			ids = snapshots.slice(snapshot.id(), from, Math.min(to, snapshot.size()));
		} else {
			ids = ids(access, request, to - from, from);
		}
		boolean hasMore = snapshot.total() != null ? to < snapshot.total() : ids.size() == to - from;
		return page(access, request, ids, snapshot.total(), hasMore, snapshot.id());
	}

	private SearchPage livePage(AccessContext access, SearchRequest request) {
		List<Long> ids = ids(access, request, request.count() + 1, request.offset());
		boolean hasMore = ids.size() > request.count();
		List<Long> shown = hasMore ? ids.subList(0, request.count()) : ids;
		Integer total = request.total() == Total.NONE ? null : total(access, request);
		return page(access, request, shown, total, hasMore, null);
	}

	private SearchPage page(AccessContext access, @Nullable SearchRequest request, List<Long> shown,
			@Nullable Integer total, boolean hasMore, @Nullable String snapshotId) {
		// Matches of a search are all of its type, whose gate condition can be simpler than one for any type.
		List<StoredVersion> resources = store.readCurrent(access, request == null ? null : request.type(), shown);
		List<StoredVersion> included = request == null || request.includes().isEmpty() ? List.of()
				: store.readCurrent(access, includes.resolve(shown, request.includes()));
		List<String> ignored = request == null ? List.of() : request.ignored();
		return new SearchPage(resources, included, total, hasMore, ignored, snapshotId);
	}

	private List<Long> ids(AccessContext access, SearchRequest request, int limit, int offset) {
		return plannedForItsValues(query.ids(access, request, limit, offset));
	}

	private Integer total(AccessContext access, SearchRequest request) {
		return plannedForItsValues(query.count(access, request)).get(0).intValue();
	}

	/**
	 * Runs a search statement with a plan made for its values each time. The driver would otherwise
	 * switch a statement it has seen five times to a server-side prepared one, and PostgreSQL then to
	 * a generic plan that assumes an average patient; charts are anything but average (one patient
	 * with 20,000 observations, most with a few hundred), and a plan for the average walks the large
	 * chart row by row. Planning costs about a millisecond, the wrong plan tens.
	 */
	private List<Long> plannedForItsValues(SqlBuilder sql) {
		Object[] args = sql.args();
		return jdbc.query(con -> {
			PreparedStatement ps = con.prepareStatement(sql.sql());
			if (ps.isWrapperFor(PGStatement.class)) {
				ps.unwrap(PGStatement.class).setPrepareThreshold(0);
			}
			new ArgumentPreparedStatementSetter(args).setValues(ps);
			return ps;
		}, (rs, n) -> rs.getLong(1));
	}
}

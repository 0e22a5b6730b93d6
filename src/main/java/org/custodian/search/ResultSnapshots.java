package org.custodian.search;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ordered ids of multi-page results, kept in {@code result_snapshot} so that every later page
 * is a slice of the list the first page came from. Snapshots expire after {@code ttl}; expired
 * ones are deleted at most once a minute, piggybacking on the next store.
 */
final class ResultSnapshots {

	private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final Duration ttl;
	private final AtomicReference<Instant> lastSweep;

	ResultSnapshots(JdbcTemplate jdbc, Clock clock, Duration ttl) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.ttl = ttl;
		this.lastSweep = new AtomicReference<>(Instant.EPOCH);
	}

	String store(String kind, String type, @Nullable String query, @Nullable Integer total, boolean complete,
			List<Long> ids) {
		Instant now = clock.instant();
		sweep(now);
		UUID id = UUID.randomUUID();
		jdbc.update(con -> {
			var ps = con.prepareStatement("insert into result_snapshot (snapshot_id, created, kind, res_type, query,"
					+ " total, complete, ids) values (?, ?, ?, ?, ?, ?, ?, ?)");
			Array array = con.createArrayOf("bigint", ids.toArray());
			ps.setObject(1, id);
			ps.setTimestamp(2, Timestamp.from(now));
			ps.setString(3, kind);
			ps.setString(4, type);
			ps.setString(5, query);
			ps.setObject(6, total);
			ps.setBoolean(7, complete);
			ps.setArray(8, array);
			return ps;
		});
		return id.toString();
	}

	/** The snapshot without its ids, unless unknown or expired. */
	Optional<ResultSnapshot> find(String id) {
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		} catch (IllegalArgumentException e) {
			return Optional.empty();
		}
		List<ResultSnapshot> found = jdbc.query("select kind, res_type, query, total, complete, cardinality(ids)"
				+ " from result_snapshot where snapshot_id = ? and created > ?",
				(rs, n) -> new ResultSnapshot(id, rs.getString(1), rs.getString(2), rs.getString(3),
						(Integer) rs.getObject(4), rs.getBoolean(5), rs.getInt(6)),
				uuid, Timestamp.from(clock.instant().minus(ttl)));
		return found.stream().findFirst();
	}

	/** Ids {@code from} (inclusive) to {@code to} (exclusive), zero-based, cut at the end of the list. */
	List<Long> slice(String id, int from, int to) {
		if (to <= from) {
			return List.of();
		}
		List<Long> ids = new ArrayList<>(to - from);
		jdbc.query("select unnest(ids[? : ?]) from result_snapshot where snapshot_id = ?",
				rs -> {
					ids.add(rs.getLong(1));
				}, from + 1, to, UUID.fromString(id));
		return ids;
	}

	private void sweep(Instant now) {
		Instant last = lastSweep.get();
		if (now.isBefore(last.plus(SWEEP_INTERVAL)) || !lastSweep.compareAndSet(last, now)) {
			return;
		}
		jdbc.update("delete from result_snapshot where created <= ?", Timestamp.from(now.minus(ttl)));
	}
}

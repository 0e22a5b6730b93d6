package org.custodian.search;

import java.sql.PreparedStatement;
import java.sql.SQLException;
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
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ordered ids of multi-page results, kept in {@code result_snapshot} (ids in chunks of
 * {@value #CHUNK} in {@code result_snapshot_chunk}) so that every later page is a slice of the list
 * the first page came from, read from the chunks it spans. Snapshots expire after {@code ttl}; expired
 * ones are deleted at most once a minute, piggybacking on the next store.
 */
final class ResultSnapshots {

	private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);
	/** Ids per stored chunk: 1.6 kB, small enough to stay in the row (see V6). */
	private static final int CHUNK = 200;

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

	String store(String owner, String kind, String type, @Nullable String query, @Nullable Integer total,
			boolean complete, List<Long> ids) {
		Instant now = clock.instant();
		sweep(now);
		UUID id = UUID.randomUUID();
		jdbc.update("insert into result_snapshot (snapshot_id, created, kind, res_type, query, total, complete, size, owner)"
				+ " values (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, Timestamp.from(now), kind, type, query, total, complete,
				ids.size(), owner);
		int chunks = (ids.size() + CHUNK - 1) / CHUNK;
		jdbc.batchUpdate("insert into result_snapshot_chunk (snapshot_id, chunk, ids) values (?, ?, ?)",
				new BatchPreparedStatementSetter() {
					@Override
					public void setValues(PreparedStatement ps, int chunk) throws SQLException {
						ps.setObject(1, id);
						ps.setInt(2, chunk);
						ps.setArray(3, ps.getConnection().createArrayOf("bigint",
								ids.subList(chunk * CHUNK, Math.min(ids.size(), (chunk + 1) * CHUNK)).toArray()));
					}

					@Override
					public int getBatchSize() {
						return chunks;
					}
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
		List<ResultSnapshot> found = jdbc.query("select kind, res_type, query, total, complete, size, owner"
				+ " from result_snapshot where snapshot_id = ? and created > ?",
				(rs, n) -> new ResultSnapshot(id, rs.getString(1), rs.getString(2), rs.getString(3),
						(Integer) rs.getObject(4), rs.getBoolean(5), rs.getInt(6), rs.getString(7)),
				uuid, Timestamp.from(clock.instant().minus(ttl)));
		return found.stream().findFirst();
	}

	/** Ids {@code from} (inclusive) to {@code to} (exclusive), zero-based, cut at the end of the list. */
	List<Long> slice(String id, int from, int to) {
		if (to <= from) {
			return List.of();
		}
		List<Long> ids = new ArrayList<>(to - from);
		jdbc.query("select chunk, ids from result_snapshot_chunk where snapshot_id = ? and chunk between ? and ?"
				+ " order by chunk", rs -> {
					int first = rs.getInt(1) * CHUNK;
					Long[] chunk = (Long[]) rs.getArray(2).getArray();
					for (int i = Math.max(from - first, 0); i < chunk.length && first + i < to; i++) {
						ids.add(chunk[i]);
					}
				}, UUID.fromString(id), from / CHUNK, (to - 1) / CHUNK);
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

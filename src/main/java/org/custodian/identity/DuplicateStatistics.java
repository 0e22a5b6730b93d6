package org.custodian.identity;

import java.time.Instant;
import java.util.List;

import org.custodian.access.AccessContext;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The figures of the duplicate-rate dashboard: the duplicate rate measured by each finished
 * deduplication run (duplicate records per hundred patients, if every pair it found, likely or
 * possible, were one person), the review queue, and the merges and
 * reviews done. From the identity tables only: no patient data.
 */
@Service
public class DuplicateStatistics {

	/** One finished run: when, over how many patients, the pairs it found and the duplicate records they make. */
	public record RunFigure(long id, Instant started, int patients, int matches, int possible, int duplicates) {
		/** Duplicate records per hundred patients (a group of k charts of one person is k - 1 duplicates). */
		public double rate() {
			return patients == 0 ? 0 : 100.0 * duplicates / patients;
		}
	}

	public record Figures(@Nullable RunFigure latest, List<RunFigure> runs, int openMatches, int openPossible,
			int notSame, int merged, int undone, int mergedLast30Days, @Nullable Long running) {}

	private final JdbcTemplate jdbc;

	DuplicateStatistics(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public Figures figures(AccessContext access) {
		HimWork.require(access, "duplicate-dashboard");
		List<RunFigure> runs = jdbc.query("select run_id, started, patients, matches, possible, duplicates from identity_run where kind = 'deduplication' and state"
				+ " = 'finished' order by run_id desc limit 100", (rs, n) -> new RunFigure(rs.getLong(1),
						rs.getTimestamp(2).toInstant(), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6)));
		List<Long> running = jdbc.queryForList("select run_id from identity_run where state = 'running' and kind = 'deduplication' order by run_id desc"
				+ " limit 1", Long.class);
		return new Figures(runs.isEmpty() ? null : runs.get(0), oldestFirst(runs),
				count("select count(*) from identity_pair where status = 'open' and outcome = 'match'"),
				count("select count(*) from identity_pair where status = 'open' and outcome = 'possible'"),
				count("select count(*) from identity_pair where status = 'not-same'"),
				count("select count(*) from identity_merge where state = 'merged'"),
				count("select count(*) from identity_merge where state = 'undone'"),
				count("select count(*) from identity_merge where merged_at > now() - interval '30 days'"),
				running.isEmpty() ? null : running.get(0));
	}

	private static List<RunFigure> oldestFirst(List<RunFigure> newestFirst) {
		List<RunFigure> out = new java.util.ArrayList<>(newestFirst);
		java.util.Collections.reverse(out);
		return out;
	}

	private int count(String sql) {
		Integer n = jdbc.queryForObject(sql, Integer.class);
		return n == null ? 0 : n;
	}
}

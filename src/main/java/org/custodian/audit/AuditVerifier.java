package org.custodian.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks the whole audit trail: recomputes the hash chain over every row in sequence order and
 * compares it with the seals, and checks every checkpoint's signature and that it pins the chain
 * as recomputed. Names the first row found modified (or reordered: its hash no longer follows),
 * removed (a seal without its row), or inserted (an unsealed row among sealed ones, or a sealed
 * stretch rewritten without the signing key).
 *
 * <p>The rows and the seals are read as two streams in key order, in one snapshot, and merged here:
 * no join, no sort of the whole trail, one pass.
 */
@Service
public class AuditVerifier {

	/** What a check found. {@code problem} is null when the trail is intact. */
	public record Verdict(long rowsChecked, long sealedThrough, long unsealed, int checkpointsChecked,
			@Nullable Long firstBadSeq, @Nullable String problem) {

		public boolean intact() {
			return problem == null;
		}
	}

	private static final int FETCH = 20_000;

	private final JdbcTemplate jdbc;
	private final AuditKey key;

	AuditVerifier(JdbcTemplate jdbc, AuditKey key) {
		this.jdbc = jdbc;
		this.key = key;
	}

	/** One consistent snapshot of the trail, read in one pass. */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public Verdict verify() {
		Map<Long, String[]> checkpoints = new HashMap<>();
		jdbc.query("select seq, hash, signature from audit_checkpoint", rs -> {
			checkpoints.put(rs.getLong(1), new String[] {HexFormat.of().formatHex(rs.getBytes(2)), rs.getString(3)});
		});
		Long maxSealed = jdbc.queryForObject("select max(seq) from audit_seal", Long.class);
		long sealedThrough = maxSealed == null ? 0 : maxSealed;
		State state = jdbc.execute((ConnectionCallback<State>) con -> walk(con, sealedThrough, checkpoints));
		if (state.problem == null && !checkpoints.isEmpty()) {
			long seq = checkpoints.keySet().stream().min(Long::compare).orElseThrow();
			state.fail(seq, "removed: the checkpoint at row " + seq + " pins a row that is gone");
		}
		return new Verdict(state.rows, sealedThrough, state.unsealed, state.checkpoints, state.badSeq, state.problem);
	}

	private State walk(Connection con, long sealedThrough, Map<Long, String[]> checkpoints) throws SQLException {
		State state = new State();
		try (PreparedStatement events = con.prepareStatement("select " + AuditChain.COLUMNS
				+ " from audit_event e order by e.seq");
				PreparedStatement seals = con.prepareStatement("select seq, hash from audit_seal order by seq")) {
			events.setFetchSize(FETCH);
			seals.setFetchSize(FETCH);
			try (ResultSet e = events.executeQuery(); ResultSet s = seals.executeQuery()) {
				boolean hasEvent = e.next();
				boolean hasSeal = s.next();
				while ((hasEvent || hasSeal) && state.problem == null) {
					long eventSeq = hasEvent ? e.getLong("seq") : Long.MAX_VALUE;
					long sealSeq = hasSeal ? s.getLong(1) : Long.MAX_VALUE;
					if (sealSeq < eventSeq) {
						state.fail(sealSeq, "removed: row " + sealSeq + " was sealed and is gone");
					} else if (eventSeq < sealSeq) {
						state.rows++;
						if (eventSeq < sealedThrough) {
							state.fail(eventSeq, "inserted: row " + eventSeq + " is among sealed rows but was never sealed");
						} else {
							state.unsealed++;
						}
						hasEvent = e.next();
					} else {
						state.rows++;
						check(state, e, eventSeq, s.getBytes(2), checkpoints);
						hasEvent = e.next();
						hasSeal = s.next();
					}
				}
			}
		}
		return state;
	}

	private void check(State state, ResultSet row, long seq, byte[] sealed, Map<Long, String[]> checkpoints)
			throws SQLException {
		state.head = state.chain.next(state.head, row);
		if (!Arrays.equals(state.head, sealed)) {
			state.fail(seq, "modified: row " + seq + " no longer matches its seal (changed, reordered, or a row before it"
					+ " inserted)");
			return;
		}
		String[] checkpoint = checkpoints.remove(seq);
		if (checkpoint != null) {
			state.checkpoints++;
			if (!key.verifies(checkpoint[1], seq, state.head) || !checkpoint[0].equals(HexFormat.of().formatHex(state.head))) {
				state.fail(seq, "rewritten: the signed checkpoint at row " + seq + " does not match the chain (rows up to it"
						+ " were changed and re-sealed without the signing key)");
			}
		}
	}

	private static final class State {
		final AuditChain chain = new AuditChain();
		byte[] head = AuditChain.GENESIS;
		long rows;
		long unsealed;
		int checkpoints;
		@Nullable Long badSeq;
		@Nullable String problem;

		void fail(long seq, String what) {
			badSeq = seq;
			problem = what;
		}
	}
}

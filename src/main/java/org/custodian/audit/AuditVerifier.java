package org.custodian.audit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks the whole audit trail: recomputes the hash chain over every row in sequence order and
 * compares it with the seals, and checks every checkpoint's signature and that it pins the chain
 * as recomputed. Names the first row found modified (or reordered: its hash no longer follows),
 * removed (a seal without its row), or inserted (an unsealed row among sealed ones, or a sealed
 * stretch rewritten without the signing key).
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

	private final JdbcTemplate jdbc;
	private final AuditKey key;

	AuditVerifier(JdbcTemplate jdbc, AuditKey key) {
		this.jdbc = jdbc;
		this.key = key;
	}

	/** One consistent snapshot of the trail, read in one pass. */
	@Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
	public Verdict verify() {
		Map<Long, String[]> checkpoints = new HashMap<>();
		jdbc.query("select seq, hash, signature from audit_checkpoint", rs -> {
			checkpoints.put(rs.getLong(1), new String[] {java.util.HexFormat.of().formatHex(rs.getBytes(2)), rs.getString(3)});
		});
		Long maxSealed = jdbc.queryForObject("select max(seq) from audit_seal", Long.class);
		long sealedThrough = maxSealed == null ? 0 : maxSealed;
		State state = new State();
		// Streamed (inside the transaction) in large fetches: the trail may hold hundreds of millions of rows.
		jdbc.query(con -> {
			var ps = con.prepareStatement("select e.*, s.seq as sealed_seq, s.hash as sealed_hash from audit_event e"
					+ " full join audit_seal s on s.seq = e.seq order by coalesce(e.seq, s.seq)");
			ps.setFetchSize(10_000);
			return ps;
		}, rs -> {
					if (state.problem != null) {
						return;
					}
					long sealedSeq = rs.getLong("sealed_seq");
					boolean sealed = !rs.wasNull();
					long seq = rs.getLong("seq");
					boolean present = !rs.wasNull();
					if (!present) {
						state.fail(sealedSeq, "removed: row " + sealedSeq + " was sealed and is gone");
						return;
					}
					state.rows++;
					if (!sealed) {
						if (seq < sealedThrough) {
							state.fail(seq, "inserted: row " + seq + " is among sealed rows but was never sealed");
						} else {
							state.unsealed++;
						}
						return;
					}
					state.head = state.chain.next(state.head, seq, AuditTrail.read(rs));
					if (!Arrays.equals(state.head, rs.getBytes("sealed_hash"))) {
						state.fail(seq, "modified: row " + seq + " no longer matches its seal (changed, reordered, or a row"
								+ " before it inserted)");
						return;
					}
					String[] checkpoint = checkpoints.remove(seq);
					if (checkpoint != null) {
						state.checkpoints++;
						if (!key.verifies(checkpoint[1], seq, state.head)
								|| !checkpoint[0].equals(java.util.HexFormat.of().formatHex(state.head))) {
							state.fail(seq, "rewritten: the signed checkpoint at row " + seq + " does not match the chain"
									+ " (rows up to it were changed and re-sealed without the signing key)");
						}
					}
				});
		if (state.problem == null && !checkpoints.isEmpty()) {
			long seq = checkpoints.keySet().stream().min(Long::compare).orElseThrow();
			state.fail(seq, "removed: the checkpoint at row " + seq + " pins a row that is gone");
		}
		return new Verdict(state.rows, sealedThrough, state.unsealed, state.checkpoints, state.badSeq, state.problem);
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

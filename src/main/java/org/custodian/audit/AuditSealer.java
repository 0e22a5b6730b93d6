package org.custodian.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.custodian.support.PeriodicTask;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chains the audit trail. Every second it takes the rows not yet sealed, in sequence order, up to
 * the first one recorded less than {@link #SETTLED} ago, computes each one's hash from the one before
 * ({@link AuditChain}) and appends the seals; after every {@link #CHECKPOINT_ROWS} rows, or once a
 * minute when anything was sealed, it appends a checkpoint signed by {@link AuditKey}. Rows are
 * left to settle first because a row's sequence number is taken before its transaction commits:
 * sealing only settled rows keeps a write committed a moment late from falling behind the chain.
 * One sealer works at a time (an advisory lock), however many processes share the database.
 */
@Component
class AuditSealer extends PeriodicTask {

	static final Duration SETTLED = Duration.ofSeconds(2);
	static final int CHECKPOINT_ROWS = 10_000;
	private static final Duration CHECKPOINT_EVERY = Duration.ofMinutes(1);
	private static final long LOCK = 0x617564697473L; // "audits"
	private static final int BATCH = 5_000;

	private final JdbcTemplate jdbc;
	private final TransactionTemplate tx;
	private final AuditKey key;
	private final Clock clock;
	private final AuditChain chain = new AuditChain();

	AuditSealer(JdbcTemplate jdbc, TransactionTemplate tx, AuditKey key, Clock clock) {
		super("audit-sealer", Duration.ofSeconds(1));
		this.jdbc = jdbc;
		this.tx = tx;
		this.key = key;
		this.clock = clock;
	}

	/** Seals what has settled; returns the number of rows sealed. Safe to call from several threads or processes. */
	synchronized int sealSettled() {
		Integer sealed = tx.execute(status -> {
			Boolean locked = jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK);
			if (!Boolean.TRUE.equals(locked)) {
				return 0;
			}
			List<Object[]> last = jdbc.query("select seq, hash from audit_seal order by seq desc limit 1",
					(rs, i) -> new Object[] {rs.getLong(1), rs.getBytes(2)});
			long after = last.isEmpty() ? 0 : (Long) last.get(0)[0];
			byte[] previous = last.isEmpty() ? AuditChain.GENESIS : (byte[]) last.get(0)[1];
			Instant settled = clock.instant().minus(SETTLED);
			List<long[]> seqs = new ArrayList<>();
			List<byte[]> hashes = new ArrayList<>();
			byte[][] head = {previous};
			boolean[] stopped = {false};
			// In sequence order, up to the first row that has not settled: the chain only ever grows at its end.
			long settledMicros = settled.getEpochSecond() * 1_000_000 + settled.getNano() / 1000;
			jdbc.query("select " + AuditChain.COLUMNS + " from audit_event e where e.seq > ? order by e.seq limit ?", rs -> {
				if (stopped[0] || rs.getLong("micros") >= settledMicros) {
					stopped[0] = true;
					return;
				}
				long seq = rs.getLong("seq");
				head[0] = chain.next(head[0], rs);
				seqs.add(new long[] {seq});
				hashes.add(head[0]);
			}, after, BATCH);
			if (seqs.isEmpty()) {
				return 0;
			}
			List<Object[]> rows = new ArrayList<>();
			for (int i = 0; i < seqs.size(); i++) {
				rows.add(new Object[] {seqs.get(i)[0], hashes.get(i)});
			}
			jdbc.batchUpdate("insert into audit_seal (seq, hash) values (?, ?)", rows);
			checkpointIfDue(seqs.get(seqs.size() - 1)[0], head[0]);
			return seqs.size();
		});
		return sealed == null ? 0 : sealed;
	}

	private void checkpointIfDue(long seq, byte[] hash) {
		List<Object[]> last = jdbc.query("select seq, signed_at from audit_checkpoint order by seq desc limit 1",
				(rs, i) -> new Object[] {rs.getLong(1), rs.getTimestamp(2).toInstant()});
		Instant now = clock.instant();
		boolean due = last.isEmpty() || seq - (Long) last.get(0)[0] >= CHECKPOINT_ROWS
				|| Duration.between((Instant) last.get(0)[1], now).compareTo(CHECKPOINT_EVERY) >= 0;
		if (due) {
			jdbc.update("insert into audit_checkpoint (seq, hash, signed_at, key_id, signature) values (?,?,?,?,?)", seq, hash,
					Timestamp.from(now), key.id(), key.sign(seq, hash));
		}
	}

	@Override
	protected void round() {
		while (sealSettled() == BATCH) {
			// a backlog: keep going
		}
	}
}

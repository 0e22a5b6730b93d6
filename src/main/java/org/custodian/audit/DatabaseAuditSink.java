package org.custodian.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import jakarta.annotation.PreDestroy;

/**
 * Keeps audit records in {@code audit_event}. A record made in an open transaction (a write's) is
 * inserted in it, so it commits or rolls back with what it records. Any other record (a read's,
 * a refusal's) is committed before {@link #append} returns, but not in a transaction of its own:
 * a few writer threads take turns, each committing in one statement every record that arrived
 * while the others were committing (group commit). Under load that is one statement and one WAL
 * flush for many requests instead of one each.
 */
@Component
class DatabaseAuditSink implements AuditSink {

	private static final Logger log = LoggerFactory.getLogger(DatabaseAuditSink.class);
	private static final String COLUMNS = "recorded, category, action, subtype, outcome, actor, client, roles, purpose,"
			+ " origin, patients, entities, query, detail, emergency, user_ref";
	private static final String ROW = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	/** At most this many records in one statement (16 parameters each). */
	static final int MOST_TOGETHER = 128;

	private record Pending(AuditRecord record, CompletableFuture<Long> seq) {}

	/**
	 * Writers draining the one queue: while one waits for its WAL flush, the next gathers what arrived
	 * meanwhile, and PostgreSQL flushes their commits together when it can.
	 */
	static final int WRITERS = 3;

	private final JdbcTemplate jdbc;
	private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
	private final List<Thread> writers = new ArrayList<>();

	DatabaseAuditSink(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		for (int i = 0; i < WRITERS; i++) {
			Thread writer = new Thread(this::commitWhatArrives, "audit-writer-" + i);
			writer.setDaemon(true);
			writer.start();
			writers.add(writer);
		}
	}

	@Override
	public long append(AuditRecord r) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return jdbc.execute((ConnectionCallback<Long>) con -> insert(con, List.of(r))[0]);
		}
		try {
			return appendLater(r).get();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the audit record was being committed", e);
		} catch (ExecutionException e) {
			throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
		}
	}

	@Override
	public CompletableFuture<Long> appendLater(AuditRecord r) {
		Pending mine = new Pending(r, new CompletableFuture<>());
		waiting.add(mine);
		return mine.seq();
	}

	private void commitWhatArrives() {
		List<Pending> batch = new ArrayList<>(MOST_TOGETHER);
		while (!Thread.currentThread().isInterrupted()) {
			try {
				batch.add(waiting.take());
			} catch (InterruptedException e) {
				return;
			}
			waiting.drainTo(batch, MOST_TOGETHER - 1);
			try {
				commit(batch);
			} catch (RuntimeException e) {
				// One bad record must not take the others down with it: each alone, once.
				log.warn("Committing {} audit records together failed; committing each alone", batch.size());
				for (Pending p : batch) {
					try {
						commit(List.of(p));
					} catch (RuntimeException alone) {
						p.seq().completeExceptionally(alone);
					}
				}
			} catch (Error e) {
				batch.forEach(p -> p.seq().completeExceptionally(e));
				throw e;
			}
			batch.clear();
		}
	}

	/** One statement, committed on its own (the pool's connections commit each statement): one round trip. */
	private void commit(List<Pending> batch) {
		long[] seqs = jdbc.execute((ConnectionCallback<long[]>) con -> insert(con, batch.stream().map(Pending::record).toList()));
		for (int i = 0; i < batch.size(); i++) {
			batch.get(i).seq().complete(seqs[i]);
		}
	}

	/** Inserts the records in one statement; PostgreSQL returns a VALUES list's rows in their order. */
	private static long[] insert(Connection con, List<AuditRecord> records) throws SQLException {
		StringBuilder sql = new StringBuilder("insert into audit_event (").append(COLUMNS).append(") values ");
		for (int i = 0; i < records.size(); i++) {
			sql.append(i == 0 ? ROW : "," + ROW);
		}
		sql.append(" returning seq");
		try (PreparedStatement ps = con.prepareStatement(sql.toString())) {
			int n = 0;
			for (AuditRecord r : records) {
				ps.setTimestamp(++n, Timestamp.from(r.recorded().truncatedTo(ChronoUnit.MICROS)));
				ps.setString(++n, r.category());
				ps.setString(++n, String.valueOf(r.action()));
				ps.setString(++n, r.subtype());
				ps.setInt(++n, r.outcome());
				ps.setString(++n, r.actor());
				ps.setString(++n, r.client());
				ps.setArray(++n, con.createArrayOf("text", r.roles().toArray()));
				ps.setString(++n, r.purpose());
				ps.setString(++n, r.origin());
				ps.setArray(++n, con.createArrayOf("text", r.patients().toArray()));
				ps.setArray(++n, con.createArrayOf("text", r.entities().toArray()));
				ps.setString(++n, r.query());
				ps.setString(++n, r.detail());
				ps.setBoolean(++n, r.emergency());
				ps.setString(++n, r.user());
			}
			long[] seqs = new long[records.size()];
			try (ResultSet rs = ps.executeQuery()) {
				for (int i = 0; i < seqs.length; i++) {
					if (!rs.next()) {
						throw new SQLException("audit_event returned " + i + " sequence numbers for " + seqs.length + " rows");
					}
					seqs[i] = rs.getLong(1);
				}
			}
			return seqs;
		}
	}

	@PreDestroy
	void stop() {
		writers.forEach(Thread::interrupt);
		Pending p;
		while ((p = waiting.poll()) != null) {
			p.seq().completeExceptionally(new IllegalStateException("The server is stopping; the audit record was not kept"));
		}
	}
}

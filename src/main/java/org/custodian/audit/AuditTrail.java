package org.custodian.audit;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends to the audit trail. A record made while a database transaction is open (a write) is
 * inserted in that transaction, so it commits, or rolls back, with what it records; otherwise (a
 * read) it is committed on its own before the caller goes on. Either way nothing reaches a caller
 * that was not recorded first. The sealer ({@link AuditSealer}) chains the rows afterwards.
 */
@Service
public class AuditTrail {

	private final AuditSink sink;

	AuditTrail(AuditSink sink) {
		this.sink = sink;
	}

	/** Told of each record once it is committed, with its sequence number (privacy monitoring). */
	public interface Observer {
		void committed(long seq, AuditRecord record);
	}

	private final java.util.List<Observer> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

	void observe(Observer observer) {
		observers.add(observer);
	}

	public void record(AuditRecord r) {
		long seq = sink.append(r);
		if (observers.isEmpty()) {
			return;
		}
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					observers.forEach(o -> o.committed(seq, r));
				}
			});
		} else {
			observers.forEach(o -> o.committed(seq, r));
		}
	}

	/**
	 * Records {@code r}, made outside any transaction, without waiting: the answer completes once it
	 * is committed, or fails. The caller must hold back whatever the record is about until then
	 * ({@code fhir.AuditGate} holds back the HTTP answer), and may do other work meanwhile.
	 */
	public java.util.concurrent.CompletableFuture<Void> recordLater(AuditRecord r) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			record(r);
			return java.util.concurrent.CompletableFuture.completedFuture(null);
		}
		return sink.appendLater(r).thenAccept(seq -> observers.forEach(o -> o.committed(seq, r)));
	}

	/** A row of {@code audit_event} as a record. */
	static AuditRecord read(ResultSet rs) throws SQLException {
		return new AuditRecord(rs.getTimestamp("recorded").toInstant(), rs.getString("category"),
				rs.getString("action").charAt(0), rs.getString("subtype"), rs.getInt("outcome"), rs.getString("actor"),
				rs.getString("user_ref"), rs.getString("client"), strings(rs.getArray("roles")), rs.getString("purpose"), rs.getString("origin"),
				strings(rs.getArray("patients")), strings(rs.getArray("entities")), rs.getString("query"),
				rs.getString("detail"), rs.getBoolean("emergency"));
	}

	private static List<String> strings(Array array) throws SQLException {
		return List.of((String[]) array.getArray());
	}
}

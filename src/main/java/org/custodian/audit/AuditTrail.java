package org.custodian.audit;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
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

	private final JdbcTemplate jdbc;

	AuditTrail(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
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
		org.springframework.jdbc.support.GeneratedKeyHolder keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
		jdbc.update(con -> {
			var ps = con.prepareStatement("insert into audit_event (recorded, category, action, subtype, outcome, actor,"
					+ " client, roles, purpose, origin, patients, entities, query, detail, emergency, user_ref)"
					+ " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", new String[] {"seq"});
			ps.setTimestamp(1, Timestamp.from(r.recorded().truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
			ps.setString(2, r.category());
			ps.setString(3, String.valueOf(r.action()));
			ps.setString(4, r.subtype());
			ps.setInt(5, r.outcome());
			ps.setString(6, r.actor());
			ps.setString(7, r.client());
			ps.setArray(8, con.createArrayOf("text", r.roles().toArray()));
			ps.setString(9, r.purpose());
			ps.setString(10, r.origin());
			ps.setArray(11, con.createArrayOf("text", r.patients().toArray()));
			ps.setArray(12, con.createArrayOf("text", r.entities().toArray()));
			ps.setString(13, r.query());
			ps.setString(14, r.detail());
			ps.setBoolean(15, r.emergency());
			ps.setString(16, r.user());
			return ps;
		}, keys);
		long seq = keys.getKey().longValue();
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

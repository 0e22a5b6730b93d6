package org.custodian.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads a backup's tables into a schema just migrated to the backup's version, in one transaction:
 * all of the record or none of it. Tables go in an order that satisfies their foreign keys
 * ({@link LoadOrder}), each
 * through {@code COPY ... FROM STDIN (FORMAT binary)}; the audit trail's tables refuse update,
 * delete and truncate but not insert, so they load like the others. Rows the migrations themselves
 * wrote (the shipped role policies, labelling and deficiency rules) are removed first: the backup
 * holds those tables as they were, changes included. Then every sequence is set where it stood.
 */
final class DatabaseLoad {

	/** What was loaded, counted in the transaction that loaded it. */
	record Loaded(long rows, long resources, long versions, long auditEvents) {}

	private final DataSource ownerDataSource;

	DatabaseLoad(DataSource ownerDataSource) {
		this.ownerDataSource = ownerDataSource;
	}

	Loaded load(Manifest manifest, Path backup) throws SQLException, IOException {
		try (Connection con = ownerDataSource.getConnection()) {
			con.setAutoCommit(false);
			try {
				Map<String, Manifest.TableFile> files = manifest.tables().stream()
						.collect(Collectors.toMap(Manifest.TableFile::table, Function.identity()));
				requireTablesOf(con, manifest);
				LoadOrder order = LoadOrder.of(files.keySet(), SchemaCatalog.foreignKeys(con));
				setDeferrable(con, order.deferred(), true);
				List<String> reverse = new ArrayList<>(order.tables());
				Collections.reverse(reverse);
				for (String table : reverse) {
					removeSeededRows(con, table);
				}
				CopyManager copy = con.unwrap(PGConnection.class).getCopyAPI();
				long rows = 0;
				for (String table : order.tables()) {
					rows += loadTable(copy, backup, files.get(table));
				}
				execute(con, "set constraints all immediate");
				setDeferrable(con, order.deferred(), false);
				for (Manifest.SequenceValue sequence : manifest.sequences()) {
					setSequence(con, sequence);
				}
				Loaded loaded = new Loaded(rows, count(con, "resource"), count(con, "resource_version"), count(con, "audit_event"));
				con.commit();
				return loaded;
			} catch (SQLException | IOException | RuntimeException e) {
				con.rollback();
				throw e;
			}
		}
	}

	/** The schema at the backup's version has every table and column the backup holds. */
	private static void requireTablesOf(Connection con, Manifest manifest) throws SQLException {
		Map<String, List<String>> present = SchemaCatalog.tables(con);
		for (Manifest.TableFile table : manifest.tables()) {
			List<String> columns = present.get(table.table());
			if (columns == null || !columns.containsAll(table.columns())) {
				throw new BackupFailure("The schema at version " + manifest.schemaVersion() + " has no table " + table.table()
						+ " with the columns " + table.columns() + " the backup holds: the backup was not taken from this"
						+ " Custodian's schema");
			}
		}
	}

	/**
	 * Makes the keys of a cycle checked at the end of the transaction, or as before again: altered in the load's own
	 * transaction, so a failed load leaves them as they were.
	 */
	private static void setDeferrable(Connection con, List<SchemaCatalog.ForeignKey> keys, boolean deferred) throws SQLException {
		for (SchemaCatalog.ForeignKey key : keys) {
			execute(con, "alter table " + SchemaCatalog.quoted(key.table()) + " alter constraint " + SchemaCatalog.quoted(key.name())
					+ (deferred ? " deferrable initially deferred" : " not deferrable"));
		}
	}

	private static void execute(Connection con, String sql) throws SQLException {
		try (PreparedStatement ps = con.prepareStatement(sql)) {
			ps.execute();
		}
	}

	private static void removeSeededRows(Connection con, String table) throws SQLException {
		try (PreparedStatement any = con.prepareStatement("select exists (select from " + SchemaCatalog.quoted(table) + ")");
				ResultSet rs = any.executeQuery()) {
			rs.next();
			if (!rs.getBoolean(1)) {
				return;
			}
		}
		execute(con, "delete from " + SchemaCatalog.quoted(table));
	}

	private static long loadTable(CopyManager copy, Path backup, Manifest.TableFile table) throws SQLException, IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(backup.resolve(table.file())), 1 << 16)) {
			long rows = copy.copyIn("copy " + SchemaCatalog.quoted(table.table()) + " (" + DatabaseDump.columnList(table.columns())
					+ ") from stdin (format binary)", in);
			if (rows != table.rows()) {
				throw new BackupFailure("The backup's " + table.file() + " held " + rows + " rows where its manifest says "
						+ table.rows() + "; nothing was restored");
			}
			return rows;
		}
	}

	private static void setSequence(Connection con, Manifest.SequenceValue sequence) throws SQLException {
		try (PreparedStatement ps = con.prepareStatement("select setval(?::regclass, ?, ?)")) {
			ps.setString(1, SchemaCatalog.quoted(sequence.sequence()));
			ps.setLong(2, sequence.lastValue());
			ps.setBoolean(3, sequence.called());
			ps.executeQuery().close();
		}
	}

	private static long count(Connection con, String table) throws SQLException {
		try (PreparedStatement ps = con.prepareStatement("select count(*) from " + SchemaCatalog.quoted(table));
				ResultSet rs = ps.executeQuery()) {
			rs.next();
			return rs.getLong(1);
		}
	}
}

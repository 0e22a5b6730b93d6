package org.custodian.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import org.custodian.support.Digests;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Every table of the schema written out from one snapshot: a {@code REPEATABLE READ, READ ONLY}
 * transaction sees the database as it was when its first statement ran, whatever commits meanwhile,
 * so the tables agree with one another (every version a head row names is there, the audit trail's
 * seals cover rows that are there) while the server keeps writing. Each table goes out through
 * {@code COPY ... TO STDOUT (FORMAT binary)}, which PostgreSQL streams without building the result in
 * memory, and is gzip-compressed on the way to its file.
 */
final class DatabaseDump {

	/** What one snapshot gave. */
	record Snapshot(Instant takenAt, String schemaVersion, List<Manifest.TableFile> tables,
			List<Manifest.SequenceValue> sequences) {}

	private final DataSource dataSource;

	DatabaseDump(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** Writes one file per table into {@code dir} ({@code tables/NAME.copy.gz} relative to {@code backupDir}). */
	Snapshot writeInto(Path backupDir, String dir) throws SQLException, IOException {
		try (Connection con = dataSource.getConnection()) {
			con.setAutoCommit(false);
			con.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			con.setReadOnly(true);
			try {
				Instant takenAt = snapshotTime(con);
				String version = SchemaCatalog.schemaVersion(con);
				if (version == null) {
					throw new BackupFailure("The database has no Custodian schema (no migrations applied): nothing to back up");
				}
				CopyManager copy = con.unwrap(PGConnection.class).getCopyAPI();
				List<Manifest.TableFile> files = new ArrayList<>();
				for (Map.Entry<String, List<String>> table : SchemaCatalog.tables(con).entrySet()) {
					files.add(writeTable(copy, backupDir, dir + "/" + table.getKey() + ".copy.gz", table.getKey(), table.getValue()));
				}
				// Read after the tables: a sequence is not part of the snapshot, and read later it can only be further on.
				List<Manifest.SequenceValue> sequences = sequences(con);
				return new Snapshot(takenAt, version, files, sequences);
			} finally {
				con.rollback();
				con.setReadOnly(false);
				con.setAutoCommit(true);
			}
		}
	}

	/** The first statement of the transaction, which fixes its snapshot. */
	private static Instant snapshotTime(Connection con) throws SQLException {
		try (PreparedStatement ps = con.prepareStatement("select now()"); ResultSet rs = ps.executeQuery()) {
			rs.next();
			return rs.getTimestamp(1).toInstant();
		}
	}

	private static Manifest.TableFile writeTable(CopyManager copy, Path backupDir, String file, String table,
			List<String> columns) throws SQLException, IOException {
		MessageDigest sha = Digests.sha256();
		long rows;
		try (OutputStream out = new GZIPOutputStream(new DigestOutputStream(BackupFiles.ownerOnlyFile(backupDir.resolve(file)),
				sha), 1 << 16)) {
			rows = copy.copyOut("copy " + SchemaCatalog.quoted(table) + " (" + columnList(columns) + ") to stdout (format binary)",
					out);
		}
		return new Manifest.TableFile(table, file, columns, rows, java.util.HexFormat.of().formatHex(sha.digest()));
	}

	static String columnList(List<String> columns) {
		return String.join(", ", columns.stream().map(SchemaCatalog::quoted).toList());
	}

	private static List<Manifest.SequenceValue> sequences(Connection con) throws SQLException {
		List<Manifest.SequenceValue> values = new ArrayList<>();
		for (String sequence : SchemaCatalog.sequences(con)) {
			try (PreparedStatement ps = con.prepareStatement("select last_value, is_called from " + SchemaCatalog.quoted(sequence));
					ResultSet rs = ps.executeQuery()) {
				rs.next();
				values.add(new Manifest.SequenceValue(sequence, rs.getLong(1), rs.getBoolean(2)));
			}
		}
		return values;
	}
}

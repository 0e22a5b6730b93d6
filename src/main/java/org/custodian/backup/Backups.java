package org.custodian.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.custodian.database.DatabaseProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Takes a backup while the server runs: the database from one snapshot ({@link DatabaseDump}) and a
 * copy of the data directory's {@code keys/}, without which restored audit checkpoints cannot be
 * checked nor sealed secrets opened. Attachments (scans, release packages, messages as received,
 * Binary bodies) are rows of the database and come with it.
 *
 * <p>The backup is written into a hidden directory beside the target, forced to disk, and renamed to
 * the target only when whole: a directory under the target's name is always a complete backup.
 */
@Service
public class Backups {

	private static final Logger log = LoggerFactory.getLogger(Backups.class);

	static final String TABLES = "tables";
	static final String KEYS = "keys";

	private final DataSource dataSource;
	private final Path dataDir;
	private final org.custodian.audit.AuditTrail trail;

	Backups(DataSource dataSource, DatabaseProperties database, org.custodian.audit.AuditTrail trail) {
		this.dataSource = dataSource;
		this.dataDir = database.dataDir();
		this.trail = trail;
	}

	/** Writes a backup to {@code target}, a directory that must not exist yet. */
	public Manifest take(Path target) {
		Path absolute = target.toAbsolutePath();
		if (Files.exists(absolute)) {
			throw new BackupFailure(target + " already exists: name a new directory for the backup");
		}
		if (!Files.isDirectory(absolute.getParent())) {
			throw new BackupFailure("The directory " + absolute.getParent() + " to hold the backup does not exist");
		}
		Path partial = absolute.resolveSibling("." + absolute.getFileName() + ".partial-" + System.nanoTime());
		try {
			BackupFiles.ownerOnlyDirectory(partial);
			BackupFiles.ownerOnlyDirectory(partial.resolve(TABLES));
			// Read before and after the snapshot: a master-key rotation during the backup (which re-wraps the data
			// keys) leaves the snapshot's rows under the old key or the new one, and the restore needs whichever it is.
			java.util.Set<String> masters = new java.util.TreeSet<>(masterKeysInUse());
			DatabaseDump.Snapshot snapshot = new DatabaseDump(dataSource).writeInto(partial, TABLES);
			masters.addAll(masterKeysInUse());
			Manifest manifest = new Manifest(snapshot.takenAt(), snapshot.schemaVersion(), snapshot.tables(), snapshot.sequences(),
					copyKeys(partial), List.copyOf(masters));
			try (OutputStream out = BackupFiles.ownerOnlyFile(partial.resolve(Manifest.FILE))) {
				out.write(manifest.toJson().getBytes(StandardCharsets.UTF_8));
			}
			BackupFiles.forceTree(partial);
			BackupFiles.publish(partial, absolute);
			// A copy of every record leaves the gate here: the audit trail says who took it, when and where to.
			trail.record(new org.custodian.audit.AuditRecord(java.time.Instant.now(), "security", 'E', "backup",
					org.custodian.audit.AuditRecord.SUCCESS, "system:backup (" + System.getProperty("user.name") + ")", null,
					"custodian", List.of(), "HOPERAT", null, List.of(), List.of(), null, "backup as of " + manifest.takenAt()
							+ " to " + absolute + ": " + manifest.rowsOf("resource") + " resources", false));
			return manifest;
		} catch (IOException e) {
			throw new BackupFailure("Could not write the backup to " + target + ": " + e, e);
		} catch (SQLException e) {
			throw new BackupFailure("Could not read the database for the backup: " + e.getMessage(), e);
		} finally {
			deleteIfLeft(partial);
		}
	}

	private List<Manifest.KeyFile> copyKeys(Path backup) throws IOException {
		List<Manifest.KeyFile> keys = new ArrayList<>();
		Path from = dataDir.toAbsolutePath().resolve(KEYS);
		if (!Files.isDirectory(from)) {
			return keys;
		}
		BackupFiles.ownerOnlyDirectory(backup.resolve(KEYS));
		try (Stream<Path> files = Files.list(from)) {
			// Not the master keys (a backup that held them would open every record it holds) nor the
			// register of destroyed charts: both are kept apart, and current, for any restore. Nor a key
			// file being written (hidden).
			for (Path key : files.filter(Files::isRegularFile).filter(f -> !org.custodian.record.Encryption.KEPT_APART
					.contains(f.getFileName().toString()) && !f.getFileName().toString().startsWith(".")).sorted().toList()) {
				String file = KEYS + "/" + key.getFileName();
				keys.add(new Manifest.KeyFile(file, BackupFiles.copy(key, backup.resolve(file))));
			}
		}
		return keys;
	}

	/** The master keys the data keys are wrapped with (a rotation during the backup only adds the new one). */
	private List<String> masterKeysInUse() {
		try (java.sql.Connection con = dataSource.getConnection(); java.sql.Statement st = con.createStatement();
				java.sql.ResultSet rs = st.executeQuery("select distinct master_id from patient_key order by 1")) {
			List<String> ids = new ArrayList<>();
			while (rs.next()) {
				ids.add(rs.getString(1));
			}
			return ids;
		} catch (SQLException e) {
			throw new BackupFailure("Could not read which master keys the data keys need: " + e.getMessage(), e);
		}
	}

	/** A backup that failed half-way leaves nothing behind (it would only hold a part of the record). */
	private static void deleteIfLeft(Path partial) {
		if (!Files.exists(partial)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(partial)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		} catch (IOException e) {
			// Said, not thrown: thrown from here it would hide why the backup failed.
			log.warn("The failed backup's files in {} could not all be removed; delete them: {}", partial, e.toString());
		}
	}
}

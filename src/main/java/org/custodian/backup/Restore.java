package org.custodian.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.custodian.database.DatabaseProperties;
import org.custodian.database.SchemaSetup;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Brings a backup back into an empty data directory or an empty database. In order, each step
 * refusing before the next changes anything: the backup's files are checked against its manifest;
 * the data directory's keys must be absent or the backup's own; this code must have a migration to
 * exactly the backup's schema version; the database must hold no schema (restoring over a record
 * would mix two records, so there is no option to do it). Then the keys are written, the schema is
 * migrated to that version and no further (the server migrates on from there when it starts, as it
 * would have from the original), and the tables are loaded in one transaction as the schema's owner,
 * who alone may set sequences.
 */
public final class Restore {

	/** What a restore brought back. */
	public record Outcome(Manifest manifest, long rows, long resources, long versions, long auditEvents) {}

	private Restore() {
	}

	public static Outcome from(Path backup, DatabaseProperties target) {
		Manifest manifest = BackupCheck.verified(backup);
		RestoredKeys keys = new RestoredKeys(backup, target.dataDir().toAbsolutePath().resolve(Backups.KEYS));
		keys.requireAbsentOrSame(manifest);
		requireKnownVersion(manifest.schemaVersion());
		requireMasterKeys(manifest, target.dataDir().toAbsolutePath().resolve(Backups.KEYS));
		try (SchemaSetup schema = SchemaSetup.open(target)) {
			requireEmpty(schema);
			keys.write(manifest);
			migrate(schema, manifest.schemaVersion());
			DatabaseLoad.Loaded loaded;
			try {
				loaded = new DatabaseLoad(schema.ownerDataSource()).load(manifest, backup);
			} catch (SQLException | IOException | BackupFailure e) {
				throw new BackupFailure("Nothing of the record was restored (" + message(e) + "). The database now holds the"
						+ " empty schema at version " + manifest.schemaVersion() + ": delete the data directory's pg/ (embedded)"
						+ " or drop and create the database (external) before restoring again", e);
			}
			return new Outcome(manifest, loaded.rows(), loaded.resources(), loaded.versions(), loaded.auditEvents());
		}
	}

	/**
	 * The master keys are not in backups (they are kept apart): without those the backup's data keys are
	 * wrapped with, no restored record would open, so they must be in the target's keys/ first.
	 */
	private static void requireMasterKeys(Manifest manifest, Path keysDir) {
		java.util.Set<String> available;
		try {
			available = org.custodian.record.Encryption.masterKeysAvailable(keysDir);
		} catch (RuntimeException e) {
			throw new BackupFailure("Could not read the master keys in " + keysDir + ": " + e.getMessage()
					+ "; nothing was changed", e);
		}
		List<String> missing = manifest.masterKeys().stream().filter(id -> !available.contains(id)).toList();
		if (!missing.isEmpty()) {
			throw new BackupFailure("The backup's records are sealed under master key " + String.join(", ", missing)
					+ ", which is not in " + keysDir.resolve(org.custodian.record.Encryption.MASTER_KEYS_FILE) + ": copy the"
					+ " master keys file you keep apart from the backups there (or set CUSTODIAN_ENCRYPTION_MASTERKEY) and"
					+ " restore again; nothing was changed");
		}
	}

	private static void requireEmpty(SchemaSetup schema) {
		try (Connection con = schema.ownerDataSource().getConnection()) {
			if (SchemaCatalog.hasTables(con)) {
				String version = SchemaCatalog.schemaVersion(con);
				throw new BackupFailure("The database already holds a Custodian schema" + (version == null ? "" : " (version "
						+ version + ")") + ": restore only into an empty data directory or an empty database; nothing was changed");
			}
		} catch (SQLException e) {
			throw new BackupFailure("Could not read the target database: " + e.getMessage(), e);
		}
	}

	private static void requireKnownVersion(String version) {
		List<String> known = SchemaSetup.knownVersions();
		if (known.contains(version)) {
			return;
		}
		String newest = known.isEmpty() ? "0" : known.get(known.size() - 1);
		if (MigrationVersion.fromVersion(version).compareTo(MigrationVersion.fromVersion(newest)) > 0) {
			throw new BackupFailure("The backup's schema (version " + version + ") is newer than this Custodian's (version "
					+ newest + "): restore it with the Custodian that took it, or a newer one; nothing was changed");
		}
		throw new BackupFailure("This Custodian has no migration to the backup's schema version " + version
				+ "; nothing was changed");
	}

	private static void migrate(SchemaSetup schema, String version) {
		try {
			schema.migrateTo(version);
		} catch (FlywayException e) {
			throw new BackupFailure("Migrating the empty database to version " + version + " failed: " + e.getMessage(), e);
		}
	}

	private static String message(Exception e) {
		return e.getMessage() == null ? e.toString() : e.getMessage();
	}

	/** The data directory's keys, written from the backup. */
	private record RestoredKeys(Path backup, Path keysDir) {

		/** A key already there and different would be overwritten (and the server it belongs to locked out). */
		void requireAbsentOrSame(Manifest manifest) {
			try {
				for (Manifest.KeyFile key : manifest.keys()) {
					Path existing = keysDir.resolve(Path.of(key.file()).getFileName());
					if (Files.exists(existing) && !BackupFiles.sha256(existing).equals(key.sha256())) {
						throw new BackupFailure(existing + " exists and is not the backup's: restore into an empty data"
								+ " directory (or move its keys/ aside); nothing was changed");
					}
				}
			} catch (IOException e) {
				throw new BackupFailure("Could not read " + keysDir + ": " + e, e);
			}
		}

		void write(Manifest manifest) {
			try {
				if (!manifest.keys().isEmpty() && !Files.isDirectory(keysDir)) {
					Files.createDirectories(keysDir.getParent());
					BackupFiles.ownerOnlyDirectory(keysDir);
				}
				for (Manifest.KeyFile key : manifest.keys()) {
					Path to = keysDir.resolve(Path.of(key.file()).getFileName());
					if (Files.exists(to)) {
						continue; // the same, checked above
					}
					Path partial = keysDir.resolve("." + to.getFileName() + ".partial");
					Files.deleteIfExists(partial);
					BackupFiles.copy(backup.resolve(key.file()), partial);
					BackupFiles.force(partial);
					Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE);
				}
				if (Files.isDirectory(keysDir)) {
					BackupFiles.force(keysDir);
				}
			} catch (IOException e) {
				throw new BackupFailure("Could not write the keys into " + keysDir + ": " + e, e);
			}
		}
	}
}

package org.custodian.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a backup's manifest and recomputes the SHA-256 of every file it lists: a restore starts only
 * from a backup found whole, so a damaged one is refused before anything is changed.
 */
final class BackupCheck {

	private BackupCheck() {
	}

	static Manifest verified(Path backup) {
		Path manifestFile = backup.resolve(Manifest.FILE);
		if (!Files.isRegularFile(manifestFile)) {
			throw new BackupFailure(backup + " is not a complete Custodian backup: it has no " + Manifest.FILE);
		}
		try {
			Manifest manifest = Manifest.parse(Files.readString(manifestFile, StandardCharsets.UTF_8));
			for (Manifest.TableFile table : manifest.tables()) {
				check(backup, table.file(), table.sha256());
			}
			for (Manifest.KeyFile key : manifest.keys()) {
				check(backup, key.file(), key.sha256());
			}
			return manifest;
		} catch (IOException e) {
			throw new BackupFailure("Could not read the backup in " + backup + ": " + e, e);
		}
	}

	private static void check(Path backup, String name, String sha256) throws IOException {
		Path file = backup.resolve(name).normalize();
		if (!file.startsWith(backup.normalize())) {
			throw new BackupFailure("The manifest names a file outside the backup: " + name);
		}
		if (!Files.isRegularFile(file)) {
			throw new BackupFailure("The backup is damaged: " + name + " is missing");
		}
		if (!BackupFiles.sha256(file).equals(sha256)) {
			throw new BackupFailure("The backup is damaged: " + name + " does not have the SHA-256 its manifest gives;"
					+ " nothing was restored");
		}
	}
}

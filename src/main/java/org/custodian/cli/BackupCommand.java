package org.custodian.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.custodian.backup.BackupFailure;
import org.custodian.backup.Backups;
import org.custodian.backup.Manifest;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A consistent backup of the record, its attachments and the server's keys, taken while the server runs. */
@Command(name = "backup", mixinStandardHelpOptions = true, description = "Back up the database (every table, from one"
		+ " snapshot, while the server keeps running) and the data directory's keys into a new directory, readable by its"
		+ " owner only. Exit code 2 if it cannot.")
final class BackupCommand implements Callable<Integer> {

	@Option(names = "--to", required = true, paramLabel = "DIR", description = "A new directory to write the backup into.")
	Path to;

	@Mixin
	DatabaseOptions database;

	@Override
	public Integer call() {
		long started = System.nanoTime();
		try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
			Manifest manifest = context.getBean(Backups.class).take(to);
			System.out.printf("Backed up %,d resources (%,d versions), %,d audit records and %,d rows of %d tables in all,"
					+ " and %d keys, schema version %s, as of %s, to %s in %.1f s%n", manifest.rowsOf("resource"),
					manifest.rowsOf("resource_version"), manifest.rowsOf("audit_event"),
					manifest.tables().stream().mapToLong(Manifest.TableFile::rows).sum(), manifest.tables().size(),
					manifest.keys().size(), manifest.schemaVersion(), manifest.takenAt(), to, (System.nanoTime() - started) / 1e9);
			System.out.println("Not in the backup, by design: keys/" + String.join(" and keys/",
					org.custodian.record.Encryption.KEPT_APART) + ". Keep current copies of them apart from the backups"
					+ " (a restore needs the master keys " + String.join(", ", manifest.masterKeys()) + ").");
			return 0;
		} catch (BackupFailure e) {
			System.err.println("Backup failed: " + e.getMessage());
			return 2;
		}
	}
}

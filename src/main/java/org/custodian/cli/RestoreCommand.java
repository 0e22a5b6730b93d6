package org.custodian.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.custodian.audit.AuditVerifier;
import org.custodian.backup.BackupFailure;
import org.custodian.backup.Restore;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Restores a backup into an empty data directory (or empty external database), then checks what
 * came back: every row the manifest counts, and the audit trail's chain and signed checkpoints.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore a backup into an empty data directory"
		+ " or empty database: check every file against the manifest first, load everything in one transaction, then"
		+ " verify the audit trail. Exit code 1 if the restored audit trail is not intact, 2 if nothing could be restored.")
final class RestoreCommand implements Callable<Integer> {

	@Option(names = "--from", required = true, paramLabel = "DIR", description = "The backup directory (written by backup).")
	Path from;

	@Mixin
	DatabaseOptions database;

	@Override
	public Integer call() {
		long started = System.nanoTime();
		// Before the application starts nothing has set the log levels: the embedded PostgreSQL and Flyway would narrate.
		LoggingSystem logging = LoggingSystem.get(RestoreCommand.class.getClassLoader());
		logging.beforeInitialize();
		logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
		Restore.Outcome restored;
		try {
			restored = Restore.from(from, database.properties());
		} catch (BackupFailure | UncheckedIOException e) {
			System.err.println("Restore refused: " + e.getMessage());
			return 2;
		}
		System.out.printf("Restored %,d resources (%,d versions), %,d audit records and %,d rows in all, schema version %s,"
				+ " as of %s, in %.1f s%n", restored.resources(), restored.versions(), restored.auditEvents(), restored.rows(),
				restored.manifest().schemaVersion(), restored.manifest().takenAt(), (System.nanoTime() - started) / 1e9);
		// The check runs the application at the backup's schema version: the server migrates further when it starts.
		try (ConfigurableApplicationContext context = OfflineContext.start(database,
				Map.of("spring.flyway.target", restored.manifest().schemaVersion()))) {
			AuditVerifier.Verdict verdict = context.getBean(AuditVerifier.class).verify();
			if (!verdict.intact()) {
				System.out.println("The restored audit trail is NOT intact: " + verdict.problem());
				return 1;
			}
			System.out.printf("Audit trail intact: %,d records checked, %d signed checkpoints%n", verdict.rowsChecked(),
					verdict.checkpointsChecked());
			return 0;
		}
	}
}

package org.custodian.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.custodian.audit.AuditVerifier;
import org.custodian.testkit.Commands;
import org.custodian.testkit.Commands.Run;
import org.custodian.testkit.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Backup and restore against the real embedded PostgreSQL, run as an operator runs them: the
 * recovery drill (back up a running server, destroy its data directory, restore, start, find every
 * version and an intact audit trail), a backup taken while writes continue, and the refusals that
 * leave everything as it was.
 */
class BackupIT {

	/** A backup of a small record, taken once for the refusal tests, which only read it (or damage a copy). */
	private static Path sharedBackup;

	@TempDir
	Path work;

	/** Where the shared backup's master keys are kept: apart from the backup, as an operator keeps them. */
	static Path sharedMasterKeys;

	@BeforeAll
	static void takeASharedBackup(@TempDir Path dir) throws IOException {
		Path source = dir.resolve("source");
		try (ConfigurableApplicationContext server = BackupServer.start(source)) {
			BackupServer.writeSomeRecords(server);
		}
		sharedBackup = dir.resolve("backup");
		assertThat(backup(source, sharedBackup).code()).isZero();
		sharedMasterKeys = escrow(source, dir.resolve("escrow"));
	}

	@Test
	void recoveryDrillBringsBackEveryVersionItsKeysAndAnIntactAuditTrail() throws Exception {
		Path source = work.resolve("data");
		Path backupDir = work.resolve("backup-1");
		BackupServer.Records before;
		Map<String, String> keysBefore;
		try (ConfigurableApplicationContext server = BackupServer.start(source)) {
			BackupServer.writeSomeRecords(server);
			BackupServer.awaitSealed(server);
			before = BackupServer.records(server);

			Run backup = backup(source, backupDir);

			assertThat(backup.code()).as(backup.err()).isZero();
			assertThat(backup.out()).contains("Backed up " + before.heads().size() + " resources (" + before.versions().size()
					+ " versions)");
			assertThat(jdbc(server).queryForObject("select count(*) from audit_event where subtype = 'backup' and category ="
					+ " 'security' and detail like ?", Integer.class, "backup as of %")).as("the backup in the audit trail").isEqualTo(1);
		}
		keysBefore = files(source.resolve("keys"));
		assertThat(keysBefore).containsKeys("audit-signing.jwk.json", "token-signing.jwk.json", "master.keys");
		assertThat(backupDir.resolve("keys/master.keys")).as("the master keys are kept apart from backups").doesNotExist();
		Path escrowed = escrow(source, work.resolve("escrow"));
		BackupServer.delete(source);

		Path restoredDir = work.resolve("restored");
		Run restore = restore(backupDir, restoredDir, escrowed);

		assertThat(restore.code()).as(restore.err()).isZero();
		assertThat(restore.out()).contains("Restored " + before.heads().size() + " resources (" + before.versions().size()
				+ " versions)").contains("Audit trail intact");
		assertThat(files(restoredDir.resolve("keys"))).isEqualTo(keysBefore);
		try (ConfigurableApplicationContext server = BackupServer.start(restoredDir)) {
			BackupServer.Records after = BackupServer.records(server);
			assertThat(after.versions()).isEqualTo(before.versions());
			assertThat(after.heads()).isEqualTo(before.heads());
			assertThat(after.auditRows()).isEqualTo(before.auditRows());
			assertThat(after.audit()).isEqualTo(before.audit());
			assertThat(jdbc(server).queryForObject("select count(*) from resource_version where codec = 2", Long.class))
					.as("sealed bodies").isPositive();
			for (String patient : jdbc(server).queryForList("select fhir_id from resource where res_type = 'Patient'",
					String.class)) {
				assertThat(BackupServer.system(server, (store, system) -> store.read(system, "Patient", patient)).resource())
						.as("a restored record opens with the escrowed master key").isNotNull();
			}

			String id = BackupServer.system(server, (store, system) -> store.create(system, "Patient",
					Fixtures.patient("After", "Restore"), null)).version().id();
			BackupServer.awaitSealed(server);

			JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("select res_id from resource where fhir_id = ?", Long.class, id))
					.as("a new write takes a fresh internal id").isGreaterThan(before.maxResId());
			assertThat(jdbc.queryForObject("select max(seq) from audit_event", Long.class)).isGreaterThan(before.maxAuditSeq());
			AuditVerifier.Verdict verdict = server.getBean(AuditVerifier.class).verify();
			assertThat(verdict.intact()).as(String.valueOf(verdict.problem())).isTrue();
			assertThat(verdict.checkpointsChecked()).as("checkpoints signed before the backup still verify").isPositive();
		}
	}

	/**
	 * Crypto-shredding reaches backups: a chart destroyed after a backup was taken is destroyed again
	 * when that backup is restored (it is in the register of destroyed charts, kept apart with the master
	 * keys), rather than coming back.
	 */
	@Test
	void aChartDestroyedAfterTheBackupDoesNotComeBackWithIt() throws Exception {
		Path source = work.resolve("destroying");
		Path backupDir = work.resolve("backup-before-destruction");
		String patient;
		try (ConfigurableApplicationContext server = BackupServer.start(source)) {
			BackupServer.writeSomeRecords(server);
			patient = BackupServer.system(server, (store, system) -> {
				String id = store.create(system, "Patient", Fixtures.patient("Destroyed", "Later"), null).version().id();
				org.hl7.fhir.r4.model.Encounter visit = new org.hl7.fhir.r4.model.Encounter();
				visit.setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.FINISHED).setClass_(
						new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null))
						.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + id)).getPeriod().setStartElement(
								new org.hl7.fhir.r4.model.DateTimeType("2004-02-03T10:00:00Z"));
				store.create(system, "Encounter", visit, null);
				return id;
			});
			assertThat(backup(source, backupDir).code()).isZero();
			server.getBean(org.custodian.retention.RetentionReview.class).dateNow(patient);
			server.getBean(org.custodian.retention.Disposition.class).destroy(server.getBean(
					org.custodian.access.AccessGate.class).forSystemTask("records-manager"), patient);
		}
		assertThat(source.resolve("keys/destroyed-charts")).exists();
		Path vault = Files.createDirectories(work.resolve("vault"));
		Files.copy(source.resolve("keys/master.keys"), vault.resolve("master.keys"));
		Files.copy(source.resolve("keys/destroyed-charts"), vault.resolve("destroyed-charts"));
		BackupServer.delete(source);
		Path restoredDir = work.resolve("restored-after-destruction");
		Files.createDirectories(restoredDir.resolve("keys"));
		Files.copy(vault.resolve("destroyed-charts"), restoredDir.resolve("keys/destroyed-charts"));

		Run restore = restore(backupDir, restoredDir, vault.resolve("master.keys"));

		assertThat(restore.code()).as(restore.err()).isZero();
		try (ConfigurableApplicationContext server = BackupServer.start(restoredDir)) {
			JdbcTemplate jdbc = jdbc(server);
			assertThat(jdbc.queryForObject("select count(*) from resource where res_type = 'Patient' and fhir_id = ?",
					Integer.class, patient)).as("the chart destroyed after the backup").isZero();
			assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = 'destruction-reapplied' and"
					+ " patients = array[?]::text[]", Integer.class, "Patient/" + patient)).isEqualTo(1);
			assertThat(jdbc.queryForObject("select count(*) from resource where res_type = 'Patient'", Integer.class))
					.as("the other charts").isPositive();
		}
	}

	@Test
	void aBackupTakenWhileWritesContinueIsOneConsistentSnapshot() throws Exception {
		Path source = work.resolve("busy");
		Path backupDir = work.resolve("backup-busy");
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger written = new AtomicInteger();
		int writtenAtStart;
		int writtenAtEnd;
		try (ConfigurableApplicationContext server = BackupServer.start(source)) {
			// Enough rows that copying the tables takes a while: writes then commit between one table and the next.
			BackupServer.writePatients(server, 5_000);
			Thread writer = new Thread(() -> BackupServer.writeUntilStopped(server, writing, written), "writer");
			writer.start();
			while (written.get() < 20) {
				Thread.sleep(50);
			}
			writtenAtStart = written.get();
			Run backup = backup(source, backupDir);
			writtenAtEnd = written.get();
			writing.set(false);
			writer.join();

			assertThat(backup.code()).as(backup.err()).isZero();
		}
		assertThat(writtenAtEnd).as("writes went on while the backup was taken").isGreaterThan(writtenAtStart);

		Path restoredDir = work.resolve("busy-restored");
		Run restore = restore(backupDir, restoredDir, source.resolve("keys/master.keys"));

		assertThat(restore.code()).as(restore.out() + restore.err()).isZero();
		assertThat(restore.out()).contains("Audit trail intact");
		try (ConfigurableApplicationContext server = BackupServer.start(restoredDir)) {
			JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("select count(*) from resource r where not exists (select from resource_version v"
					+ " where v.res_id = r.res_id and v.version = r.version)", Long.class)).as("heads without their version").isZero();
			assertThat(jdbc.queryForObject("select count(*) from resource_version v where not exists (select from resource r"
					+ " where r.res_id = v.res_id and r.version >= v.version)", Long.class)).as("versions after their head").isZero();
			assertThat(jdbc.queryForObject("select count(*) from resource r where r.version <> (select count(*) from"
					+ " resource_version v where v.res_id = r.res_id)", Long.class)).as("gaps in a history").isZero();
			assertThat(jdbc.queryForObject("select count(*) from resource_version v where not exists (select from audit_event e"
					+ " where v.res_type || '/' || v.fhir_id || '/_history/' || v.version = any (e.entities))", Long.class))
					.as("versions without the audit record written in their transaction").isZero();
		}
	}

	@Test
	void restoresIntoAnExternalDatabaseAsItsOwnerAndBacksItUpAsTheApplicationsRole() throws Exception {
		try (EmbeddedPostgres external = EmbeddedPostgres.builder().setDataDirectory(work.resolve("external"))
				.setCleanDataDirectory(true).start()) {
			JdbcTemplate admin = new JdbcTemplate(external.getPostgresDatabase());
			admin.execute("create role records_owner login");
			admin.execute("create role records_app login");
			admin.execute("create database records owner records_owner");
			String url = "jdbc:postgresql://127.0.0.1:" + external.getPort() + "/records";
			Path local = work.resolve("local");
			Files.createDirectories(local.resolve("keys"));
			Files.copy(sharedMasterKeys, local.resolve("keys/master.keys"));

			Run restore = Commands.run("", "restore", "--from", sharedBackup.toString(), "--data-dir", local.toString(),
					"--db-url", url, "--db-user", "records_app", "--db-owner", "records_owner");
			Run backup = Commands.run("", "backup", "--to", work.resolve("again").toString(), "--data-dir", local.toString(),
					"--db-url", url, "--db-user", "records_app", "--db-owner", "records_owner");

			assertThat(restore.code()).as(restore.out() + restore.err()).isZero();
			assertThat(restore.out()).contains("Audit trail intact");
			assertThat(backup.code()).as(backup.err()).isZero();
			Manifest original = BackupCheck.verified(sharedBackup);
			Manifest again = BackupCheck.verified(work.resolve("again"));
			for (String table : List.of("resource", "resource_version", "audit_event", "audit_seal", "role_policy")) {
				assertThat(again.rowsOf(table)).as(table).isEqualTo(original.rowsOf(table));
			}
			JdbcTemplate owner = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(url,
					"records_owner", ""));
			assertThat(owner.queryForObject("select tableowner from pg_tables where tablename = 'audit_event'", String.class))
					.isEqualTo("records_owner");
			assertThat(owner.queryForObject("select has_table_privilege('records_app', 'audit_event', 'delete')", Boolean.class))
					.as("the application's role may still only append to the audit trail").isFalse();
		}
	}

	@Test
	void refusesADamagedBackupAndChangesNothing() throws Exception {
		Path damaged = copyOf(sharedBackup, work.resolve("damaged"));
		Path file = damaged.resolve("tables/resource_version.copy.gz");
		byte[] bytes = Files.readAllBytes(file);
		bytes[bytes.length / 2] ^= 0x01;
		Files.write(file, bytes);
		Path target = work.resolve("target");

		Run restore = restore(damaged, target);

		assertThat(restore.code()).isEqualTo(2);
		assertThat(restore.err()).contains("The backup is damaged: tables/resource_version.copy.gz does not have the SHA-256")
				.doesNotContain("Exception");
		assertThat(target).doesNotExist();
	}

	@Test
	void refusesARestoreWithoutTheMasterKeysAndChangesNothing() {
		Path target = work.resolve("target");

		Run restore = restore(sharedBackup, target);

		assertThat(restore.code()).isEqualTo(2);
		assertThat(restore.err()).contains("sealed under master key").contains("nothing was changed").doesNotContain("Exception");
		assertThat(target.resolve("pg")).doesNotExist();
	}

	@Test
	void refusesToRestoreOverARecord() throws IOException {
		Path target = work.resolve("target");
		assertThat(restore(sharedBackup, target, sharedMasterKeys).code()).isZero();

		Run again = restore(sharedBackup, target);

		assertThat(again.code()).isEqualTo(2);
		assertThat(again.err()).contains("The database already holds a Custodian schema").contains("nothing was changed");
	}

	@Test
	void refusesABackupFromANewerSchema() throws Exception {
		Path newer = copyOf(sharedBackup, work.resolve("newer"));
		Path manifest = newer.resolve(Manifest.FILE);
		Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"schemaVersion\":\"[0-9.]+\"",
				"\"schemaVersion\":\"999\""));
		Path target = work.resolve("target");

		Run restore = restore(newer, target);

		assertThat(restore.code()).isEqualTo(2);
		assertThat(restore.err()).contains("The backup's schema (version 999) is newer than this Custodian's");
		assertThat(target).as("nothing created").doesNotExist();
		assertThat(restore.out()).doesNotContain("Restored");
	}

	@Test
	void keepsTheBackupReadableByItsOwnerOnly() throws Exception {
		assertThat(Files.getPosixFilePermissions(sharedBackup)).extracting(Object::toString).containsExactlyInAnyOrder(
				"OWNER_READ", "OWNER_WRITE", "OWNER_EXECUTE");
		try (Stream<Path> files = Files.walk(sharedBackup)) {
			for (Path f : files.filter(Files::isRegularFile).toList()) {
				assertThat(Files.getPosixFilePermissions(f)).extracting(Object::toString).as(f.toString())
						.containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
			}
		}
		try (Stream<Path> siblings = Files.list(sharedBackup.getParent())) {
			assertThat(siblings.map(p -> p.getFileName().toString())).as("no partial backup left beside it")
					.noneMatch(n -> n.contains(".partial-"));
		}
	}

	private static Run backup(Path dataDir, Path to) {
		return Commands.run("", "backup", "--to", to.toString(), "--data-dir", dataDir.toString());
	}

	private static Run restore(Path from, Path dataDir) {
		return Commands.run("", "restore", "--from", from.toString(), "--data-dir", dataDir.toString());
	}

	/** A restore as the operator does it: the master keys kept apart put in the new data directory's keys/ first. */
	private static Run restore(Path from, Path dataDir, Path masterKeys) throws IOException {
		Files.createDirectories(dataDir.resolve("keys"));
		Files.copy(masterKeys, dataDir.resolve("keys/master.keys"));
		return restore(from, dataDir);
	}

	/** The master keys of {@code dataDir}, copied to where an operator keeps them (not with the backups). */
	private static Path escrow(Path dataDir, Path to) throws IOException {
		Files.createDirectories(to);
		return Files.copy(dataDir.resolve("keys/master.keys"), to.resolve("master.keys"));
	}

	private static JdbcTemplate jdbc(ConfigurableApplicationContext server) {
		return server.getBean(JdbcTemplate.class);
	}

	private static Map<String, String> files(Path dir) throws IOException {
		Map<String, String> contents = new TreeMap<>();
		try (Stream<Path> files = Files.list(dir)) {
			for (Path f : files.toList()) {
				contents.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.ISO_8859_1));
			}
		}
		return contents;
	}

	private static Path copyOf(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path p : paths.toList()) {
				Files.copy(p, to.resolve(from.relativize(p).toString()));
			}
		}
		return to;
	}
}

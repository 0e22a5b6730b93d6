package org.custodian.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.custodian.CustodianApplication;
import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.audit.AuditVerifier;
import org.custodian.record.RecordStore;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** A Custodian on its own data directory for the backup tests, the records they write and what they compare. */
final class BackupServer {

	private BackupServer() {
	}

	/** The application on {@code dataDir} (its embedded PostgreSQL is what a running server offers a backup). */
	static ConfigurableApplicationContext start(Path dataDir) {
		SpringApplication app = new SpringApplication(CustodianApplication.class);
		app.setWebApplicationType(WebApplicationType.NONE);
		app.setDefaultProperties(Map.of("custodian.database.data-dir", dataDir.toString(), "custodian.coding.load-at-start",
				"false"));
		return app.run();
	}

	static <T> T system(ConfigurableApplicationContext server, BiFunction<RecordStore, AccessContext, T> work) {
		return work.apply(server.getBean(RecordStore.class), server.getBean(AccessGate.class).forSystemTask("backup-test"));
	}

	/** Several versions of a patient, a deleted observation and a Binary's body: each writes and reads audit records. */
	static void writeSomeRecords(ConfigurableApplicationContext server) {
		system(server, (store, system) -> {
			Patient patient = Fixtures.patient("Backup", "Ana");
			String id = store.create(system, "Patient", patient, null).version().id();
			patient.setId(id);
			patient.setActive(true);
			store.update(system, "Patient", id, patient, null);
			patient.setActive(false);
			store.update(system, "Patient", id, patient, null);
			String observation = store.create(system, "Observation", Fixtures.heartRate("Patient/" + id), null).version().id();
			store.delete(system, "Observation", observation, null);
			Binary scan = new Binary();
			scan.setContentType("application/pdf");
			scan.setData("%PDF-1.4 a scanned page".getBytes(StandardCharsets.US_ASCII));
			store.create(system, "Binary", scan, null);
			store.read(system, "Patient", id);
			return id;
		});
	}

	/** {@code count} patients, written 500 at a time. */
	static void writePatients(ConfigurableApplicationContext server, int count) {
		system(server, (store, system) -> {
			for (int written = 0; written < count; written += 500) {
				List<RecordStore.Put> puts = new java.util.ArrayList<>();
				for (int i = 0; i < Math.min(500, count - written); i++) {
					puts.add(new RecordStore.Put("Patient", RecordStore.newId(), Fixtures.patient("Many", "Patient" + i)));
				}
				store.writeAll(system, puts);
			}
			return null;
		});
	}

	/** Creates and updates patients until told to stop, counting the writes. */
	static void writeUntilStopped(ConfigurableApplicationContext server, AtomicBoolean writing, AtomicInteger written) {
		system(server, (store, system) -> {
			while (writing.get()) {
				Patient patient = Fixtures.patient("Busy", "Writer");
				String id = store.create(system, "Patient", patient, null).version().id();
				patient.setId(id);
				patient.setActive(true);
				store.update(system, "Patient", id, patient, null);
				written.incrementAndGet();
			}
			return null;
		});
	}

	/** Waits until the sealer has chained (and checkpointed) every audit record, as it does a few seconds after each. */
	static void awaitSealed(ConfigurableApplicationContext server) throws InterruptedException {
		AuditVerifier verifier = server.getBean(AuditVerifier.class);
		for (int i = 0; i < 100; i++) {
			AuditVerifier.Verdict verdict = verifier.verify();
			if (verdict.unsealed() == 0 && verdict.rowsChecked() > 0) {
				assertThat(verdict.intact()).as(String.valueOf(verdict.problem())).isTrue();
				return;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("the audit trail was not sealed within 20 s");
	}

	/** What a restore must bring back, row for row. */
	record Records(Set<String> versions, Set<String> heads, long auditRows, List<String> audit, long maxResId, long maxAuditSeq) {}

	static Records records(ConfigurableApplicationContext server) {
		JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);
		Set<String> versions = new HashSet<>(jdbc.queryForList("select res_type || '/' || fhir_id || '/' || version || '/'"
				+ " || operation || '/' || coalesce(encode(sha256(body), 'hex'), '-') from resource_version", String.class));
		Set<String> heads = new HashSet<>(jdbc.queryForList("select res_id || '/' || res_type || '/' || fhir_id || '/' || version"
				+ " || '/' || deleted from resource", String.class));
		List<String> audit = jdbc.queryForList("select encode(sha256(convert_to(e::text, 'UTF8')), 'hex') || '/'"
				+ " || coalesce(encode(s.hash, 'hex'), '-') from audit_event e left join audit_seal s using (seq) order by seq",
				String.class);
		return new Records(versions, heads, audit.size(), audit,
				jdbc.queryForObject("select coalesce(max(res_id), 0) from resource", Long.class),
				jdbc.queryForObject("select coalesce(max(seq), 0) from audit_event", Long.class));
	}

	static void delete(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}
}

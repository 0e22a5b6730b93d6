package org.custodian.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.custodian.CustodianApplication;
import org.custodian.access.AccessTokens;
import org.custodian.access.Role;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL is the product's real store: it must run durably and keep the record in
 * the data directory across restarts.
 */
class DurableStorageIT {

	@TempDir
	Path dataDir;

	@Test
	void runsPostgresWithFsyncAndSynchronousCommitOn() {
		try (ConfigurableApplicationContext app = start(dataDir)) {
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("show fsync", String.class)).isEqualTo("on");
			assertThat(jdbc.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
			assertThat(jdbc.queryForObject("show full_page_writes", String.class)).isEqualTo("on");
			assertThat(jdbc.queryForObject("select current_setting('server_version_num')::int / 10000", Integer.class))
					.isEqualTo(17);
		}
	}

	@Test
	void keepsTheRecordAcrossARestart() throws Exception {
		String id;
		try (ConfigurableApplicationContext app = start(dataDir)) {
			HttpResponse<String> created = http(app, "POST", "Patient",
					"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Persistent\"}]}");
			assertThat(created.statusCode()).isEqualTo(201);
			id = new IdType(created.headers().firstValue("Location").orElseThrow()).getIdPart();
		}
		assertThat(Files.isDirectory(dataDir.resolve("pg"))).isTrue();

		try (ConfigurableApplicationContext app = start(dataDir)) {
			HttpResponse<String> read = http(app, "GET", "Patient/" + id, null);
			assertThat(read.statusCode()).isEqualTo(200);
			assertThat(read.body()).contains("Persistent").contains("\"versionId\":\"1\"");
		}
	}

	@Test
	void startsAgainAfterAServerWasKilledLeavingItsPostgresRunning() throws Exception {
		Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System
				.getProperty("java.class.path"), KilledServerPostgres.class.getName(), dataDir.toString()).redirectErrorStream(true)
				.start();
		try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(killed.getInputStream()))) {
			String line;
			while ((line = out.readLine()) != null && !line.equals("ready")) {
				// the embedded PostgreSQL starting
			}
			assertThat(line).as("the first server started").isEqualTo("ready");
			long orphan = Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(0).trim());
			killed.destroyForcibly().waitFor(); // kill -9: nothing stops its PostgreSQL
			assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("left running").contains(true);

			try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir, 0);
					java.sql.Connection c = java.sql.DriverManager.getConnection(again.jdbcUrl(), "postgres", "")) {
				java.sql.ResultSet kept = c.createStatement().executeQuery("select note from kept");
				assertThat(kept.next()).isTrue();
				assertThat(kept.getString(1)).isEqualTo("committed before the kill");
				assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
			}
		} finally {
			killed.destroyForcibly();
		}
	}

	@Test
	void usesAnExternalPostgresGivenByJdbcUrlInsteadOfTheEmbeddedOne() throws Exception {
		try (EmbeddedPostgres external = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("external"))
				.setCleanDataDirectory(true).start()) {
			String url = external.getJdbcUrl("postgres", "postgres");
			try (ConfigurableApplicationContext app = start(dataDir.resolve("local"),
					Map.of("custodian.database.url", url, "custodian.database.username", "postgres"))) {
				assertThat(http(app, "POST", "Patient", "{\"resourceType\":\"Patient\",\"active\":true}").statusCode())
						.isEqualTo(201);
			}
			Integer rows = new JdbcTemplate(external.getPostgresDatabase())
					.queryForObject("select count(*) from resource where res_type = 'Patient'", Integer.class);
			assertThat(rows).isEqualTo(1);
			assertThat(Files.exists(dataDir.resolve("local").resolve("pg"))).isFalse();
		}
	}

	private static ConfigurableApplicationContext start(Path dataDir) {
		return start(dataDir, Map.of());
	}

	private static ConfigurableApplicationContext start(Path dataDir, Map<String, Object> extra) {
		SpringApplication app = new SpringApplication(CustodianApplication.class);
		Map<String, Object> properties = new java.util.HashMap<>(Map.of("server.port", "0",
				"server.address", "127.0.0.1", "custodian.database.data-dir", dataDir.toString()));
		properties.putAll(extra);
		app.setDefaultProperties(properties);
		return app.run();
	}

	private static HttpResponse<String> http(ConfigurableApplicationContext app, String method, String path, String body)
			throws Exception {
		String port = app.getEnvironment().getProperty("local.server.port");
		AccessTokens tokens = app.getBean(AccessTokens.class);
		tokens.registerClient("durability-test", "test", java.util.Set.of(Role.INTEGRATION), java.util.List.of("system/*.cruds"));
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir/" + path))
				.header("Authorization", "Bearer " + tokens.issue("durability-test", java.util.List.of("system/*.cruds"), null, null));
		if (body != null) {
			b.header("Content-Type", "application/fhir+json").method(method, HttpRequest.BodyPublishers.ofString(body));
		} else {
			b.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
	}
}

package org.custodian.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.CustodianApplication;
import org.custodian.access.AccessTokens;
import org.custodian.access.Role;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that run the whole server over HTTP against the real embedded PostgreSQL. All
 * subclasses share one Spring context, hence one PostgreSQL per JVM, in a fresh data directory.
 * Tests isolate themselves by creating their own resources (random ids and identifiers), never by
 * wiping the database.
 */
@SpringBootTest(classes = CustodianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServerTest {

	private static final Path DATA_DIR = tempDir();

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcTemplate jdbc;

	protected FhirHttp fhir;

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		registry.add("custodian.database.data-dir", DATA_DIR::toString);
		registry.add("custodian.fhir.max-payload-bytes", () -> "2000000");
		// The shipped code sets load when a test first asks about a code, not alongside every other test.
		registry.add("custodian.coding.load-at-start", () -> "false");
		// A billing organization for the claims (test data; 1234567893 is a valid NPI by its check digit).
		Map.of("billing-provider.name", "Springfield Clinic", "billing-provider.npi", "1234567893", "billing-provider.tax-id",
				"12-3456789", "billing-provider.address", "1 Main Street", "billing-provider.city", "Springfield",
				"billing-provider.state", "IL", "billing-provider.zip", "627010000", "submitter.name", "Springfield Clinic",
				"submitter.id", "SPRCLIN", "submitter.phone", "2175550100").forEach((k, v) -> registry.add("custodian.claims." + k,
						() -> v));
		registry.add("custodian.claims.receiver.name", () -> "Acme Clearinghouse");
		registry.add("custodian.claims.receiver.id", () -> "ACMECH");
		registry.add("custodian.claims.charges.99213", () -> "150.00");
		registry.add("custodian.claims.charges.36415", () -> "12.00");
	}

	@Autowired
	protected AccessTokens tokens;

	/**
	 * A client whose token may do everything to every type and see every sensitivity (system-level
	 * scopes, privacy officer and integration: every interaction and every sensitivity): the tests of the record and search, which are not about access.
	 * Tests of the gate make their own callers with {@link #token}.
	 */
	@BeforeEach
	void client() {
		fhir = new FhirHttp("http://127.0.0.1:" + port + "/fhir", token("test-operator", Set.of(Role.PRIVACY_OFFICER, Role.INTEGRATION),
				List.of("system/*.cruds"), null));
	}

	/** A token for a client registered with {@code roles} and exactly {@code scopes}, with {@code patient} in context. */
	protected String token(String clientId, Set<Role> roles, List<String> scopes, String patient) {
		tokens.registerClient(clientId, "test", roles, scopes);
		return tokens.issue(clientId, scopes, patient, null);
	}

	/** Live versions and head rows of one resource type, for asserting that nothing was written. */
	protected int countVersions(String type) {
		Integer n = jdbc.queryForObject("select count(*) from resource_version where res_type = ?", Integer.class, type);
		return n == null ? 0 : n;
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("custodian-it-");
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}
}

package org.custodian.search.battery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.custodian.access.AccessGate;
import org.custodian.access.Role;
import org.custodian.record.BundleProcessor;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ca.uhn.fhir.context.FhirContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The search battery, replayed against Custodian: the committed Synthea data set is loaded, and
 * every recorded query (several hundred, see {@link BatteryGenerator}) must find what the recording
 * found, in Synthea terms. The recording is the HAPI FHIR JPA server's answer, or Custodian's where
 * {@link KnownDifferences} shows with the specification that Custodian is right;
 * {@code bench/search-differential.sh} re-records it against a live HAPI.
 *
 * <p>The battery needs a database holding exactly the data set: its answers are exact (totals, whole
 * result sets, the absence of matches), so resources other tests create would change them, and
 * other tests' Synthea imports carry Organization and Practitioner identifiers that the data set's
 * conditional creates would match instead of creating their own. So this class points the server
 * at a PostgreSQL of its own (a real one, started here; a separate database setting also gives it
 * its own Spring context and server), while the other server tests share theirs.
 *
 * <p>The bundles are handed straight to {@link BundleProcessor}, the code path behind
 * {@code POST /fhir}, because the shared test configuration caps request bodies at 2 MB and the
 * largest bundle is 11 MB. The queries all go over HTTP.
 */
class SearchBatteryIT extends ServerTest {

	private static EmbeddedPostgres ownPostgres;
	private static ServerIds loaded;

	@Autowired
	BundleProcessor bundles;

	@Autowired
	AccessGate gate;

	@DynamicPropertySource
	static void batteryDatabase(DynamicPropertyRegistry registry) {
		registry.add("custodian.database.url", () -> ownPostgres().getJdbcUrl("postgres", "postgres"));
		registry.add("custodian.database.username", () -> "postgres");
	}

	@TestFactory
	Stream<DynamicTest> everyRecordedSearchFindsWhatTheRecordingFound() {
		ServerIds ids = loadDataSetOnce();
		BatteryRunner runner = new BatteryRunner(fhir.base(), ids, token("battery", Set.of(Role.PRIVACY_OFFICER),
				List.of("system/*.rs"), null));
		List<Expectation> battery = ExpectationFile.committed();
		assertThat(battery).as("recorded battery").hasSizeGreaterThan(300);
		return battery.stream().map(expected -> dynamicTest(name(expected), () -> {
			SearchAnswer actual = runner.run(expected.query());
			assertThat(AnswerCheck.differences(expected, actual))
					.as("%s%nrequested as %s", expected.query().template(), expected.query().url(fhir.base(), ids))
					.isEmpty();
		}));
	}

	/** Loads the data set the first time, into a database that holds nothing else. */
	private ServerIds loadDataSetOnce() {
		if (loaded == null) {
			assertThat(jdbc.queryForObject("select count(*) from resource", Integer.class))
					.as("resources in the battery's own database before loading").isZero();
			FhirContext ctx = FhirContext.forR4Cached();
			DataSetLoader loader = new DataSetLoader("BundleProcessor", body -> {
				// As the server's own parsing does: a resource's id is not its entry's urn:uuid fullUrl.
				Bundle bundle = ctx.newJsonParser().setOverrideResourceIdWithBundleEntryFullUrl(false)
						.parseResource(Bundle.class, new String(body, StandardCharsets.UTF_8));
				Bundle response = bundles.process(gate.forSystemTask("search-battery"), bundle, false);
				byte[] json = ctx.newJsonParser().encodeResourceToString(response).getBytes(StandardCharsets.UTF_8);
				return new FhirJsonClient.Reply(200, FhirJsonClient.parse(json));
			});
			// The loader fails on any bundle or entry that is refused.
			loaded = loader.load(SyntheaDataSet.committed(), line -> {});
		}
		return loaded;
	}

	private static String name(Expectation e) {
		String source = e.source().equals("hapi") ? "finds what HAPI FHIR JPA finds"
				: "finds what FHIR asks, where HAPI differs (" + e.note() + ")";
		return e.query().template() + " [" + e.query().facet() + "] " + source;
	}

	/** Started on first use, in a fresh directory; its shutdown hook stops it with the JVM. */
	private static synchronized EmbeddedPostgres ownPostgres() {
		if (ownPostgres == null) {
			try {
				ownPostgres = EmbeddedPostgres.builder()
						.setDataDirectory(Files.createTempDirectory("custodian-battery-pg-"))
						.setCleanDataDirectory(true)
						.setServerConfig("listen_addresses", "127.0.0.1")
						.start();
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return ownPostgres;
	}
}

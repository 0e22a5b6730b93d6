package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


import org.custodian.access.AccessGate;
import org.custodian.database.DatabaseOwner;
import org.custodian.testkit.ServerTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ca.uhn.fhir.context.FhirContext;

/**
 * The key searches use the indexes and never scan a whole table. The plans are PostgreSQL's own
 * choices over a database of realistic size and shape (20,000 patients, 300,000 observations,
 * written straight into the index tables, then analysed), in a database of its own so that the
 * statistics are not those of the other tests' handful of rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryPlanIT extends ServerTest {

	private static final int PATIENTS = 20_000;
	private static final int OBSERVATIONS = 300_000;
	private static final int FAMILIES = 4_000;
	private static final int CODES = 300;
	private static final String MRN = "http://hospital.example.org/mrn";
	private static final String LOINC = "http://loinc.org";
	/**
	 * One patient whose chart is 20,000 observations with codes of its own, but for five with
	 * {@link #SHARED_CODE}, which 1,000 observations of other patients have too.
	 */
	private static final String LARGE_CHART = "p-large";
	private static final int LARGE_CHART_SIZE = 20_000;
	private static final int LARGE_CHART_RARE = 5;
	private static final String SHARED_CODE = "code-7";

	/** The scratch database is created, migrated and read as the schema's owner (the application's role may not create databases). */
	@Autowired
	DatabaseOwner owner;

	@Autowired
	AccessGate gate;

	private final FhirContext ctx = FhirContext.forR4Cached();
	private final SearchRequestParser parser = new SearchRequestParser(ctx, 20, 1000);
	private SearchQuery query;
	private String database;
	private String url;

	@BeforeAll
	void createPopulatedDatabase() throws SQLException {
		database = "plans_" + Long.toString(System.nanoTime(), 36);
		new JdbcTemplate(owner.dataSource()).execute("create database " + database);
		DriverManagerDataSource ownerSource = (DriverManagerDataSource) owner.dataSource();
		url = ownerSource.getUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
		Flyway.configure().dataSource(url, ownerSource.getUsername(), ownerSource.getPassword()).load().migrate();
		// The production compiler, resolving reference targets against this database.
		query = new SearchQuery(ctx, Clock.systemUTC(), new JdbcTemplate(
				new DriverManagerDataSource(url, ownerSource.getUsername(), ownerSource.getPassword())));
		try (Connection c = connect()) {
			populate(c);
		}
	}

	@AfterAll
	void dropDatabase() {
		new JdbcTemplate(owner.dataSource()).execute("drop database if exists " + database + " with (force)");
	}

	@Test
	void patientByIdentifierUsesTheTokenIndex() throws SQLException {
		assertIndexedOnly("Patient", Map.of("identifier", MRN + "|mrn-4242"), "idx_token_sys_code_ix");
	}

	@Test
	void patientByFamilyNamePrefixUsesTheStringIndex() throws SQLException {
		assertIndexedOnly("Patient", Map.of("family", "fam12"), "idx_string_norm_ix");
	}

	@Test
	void observationsOfAPatientByCodeSortedByDateUseTheReferenceIndex() throws SQLException {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("patient", "Patient/p4242");
		params.put("code", LOINC + "|code-7");
		params.put("_sort", "-date");
		params.put("_count", "50");
		assertIndexedOnly("Observation", params, "idx_reference_target_res_ix");
	}

	@Test
	void observationsOfAPatientByAnUntypedReferenceUseTheIdIndex() throws SQLException {
		assertIndexedOnly("Observation", Map.of("subject", "p4242"), "idx_reference_target_res_ix");
	}

	/**
	 * A chart far larger than the rest (20,000 observations, where others have 15) searched for a code
	 * it has five times and other patients 1,000 times: the patient's references and the code's rows
	 * are intersected on the index before any resource row is read. Planned as for an average patient,
	 * the search read the resource row of all 20,000 observations first (some 150,000 buffer reads on
	 * real data); planned for these values but driven by the code, it read the resource row of each of
	 * the 1,005 observations with the code.
	 */
	@Test
	void aRareCodeInAVeryLargeChartIsFoundWithoutReadingTheWholeChart() throws SQLException {
		Map<String, String[]> raw = new LinkedHashMap<>();
		raw.put("patient", new String[] {"Patient/" + LARGE_CHART});
		raw.put("code", new String[] {LOINC + "|" + SHARED_CODE});
		raw.put("_sort", new String[] {"-date"});
		raw.put("_count", new String[] {"50"});
		SqlBuilder sql = query.ids(gate.forSystemTask("query-plans"), parser.parse("Observation", raw, true), 51, 0);
		JsonNode plan = explain("explain (analyze, buffers, format json) ", sql);
		assertThat(plan.path("Actual Rows").asInt()).isEqualTo(LARGE_CHART_RARE);
		long buffers = plan.path("Shared Hit Blocks").asLong() + plan.path("Shared Read Blocks").asLong();
		assertThat(buffers).as("buffers read, plan:%n%s", plan.toPrettyString()).isLessThan(4_000);
	}

	/** The plan has no sequential scan, and reaches for {@code expectedIndex}. */
	private void assertIndexedOnly(String type, Map<String, String> params, String expectedIndex) throws SQLException {
		Map<String, String[]> raw = new LinkedHashMap<>();
		params.forEach((k, v) -> raw.put(k, new String[] {v}));
		SqlBuilder sql = query.ids(gate.forSystemTask("query-plans"), parser.parse(type, raw, true), 21, 0);
		JsonNode plan = explain("explain (format json) ", sql);
		List<String> scans = new ArrayList<>();
		collectScans(plan, scans);
		assertThat(scans).as("plan of %s?%s:%n%s", type, params, plan.toPrettyString())
				.noneMatch(s -> s.startsWith("Seq Scan"))
				.anyMatch(s -> s.endsWith(" using " + expectedIndex));
	}

	private JsonNode explain(String explain, SqlBuilder sql) throws SQLException {
		try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(explain + sql.sql())) {
			Object[] args = sql.args();
			for (int i = 0; i < args.length; i++) {
				ps.setObject(i + 1, args[i]);
			}
			try (ResultSet rs = ps.executeQuery()) {
				rs.next();
				return new ObjectMapper().readTree(rs.getString(1)).get(0).get("Plan");
			} catch (com.fasterxml.jackson.core.JsonProcessingException e) {
				throw new IllegalStateException(e);
			}
		}
	}

	private static void collectScans(JsonNode node, List<String> out) {
		String type = node.path("Node Type").asText();
		if (type.contains("Scan")) {
			String on = node.has("Index Name") ? " using " + node.get("Index Name").asText()
					: node.has("Relation Name") ? " on " + node.get("Relation Name").asText() : "";
			out.add(type + on);
		}
		for (JsonNode child : node.path("Plans")) {
			collectScans(child, out);
		}
	}

	private Connection connect() throws SQLException {
		DriverManagerDataSource ownerSource = (DriverManagerDataSource) owner.dataSource();
		return DriverManager.getConnection(url, ownerSource.getUsername(), ownerSource.getPassword());
	}

	/**
	 * Rows shaped like the indexer's: patients p1..p20000 with a family name among 4,000 and an MRN;
	 * observations o1..o300000, 15 per patient, with one of 300 LOINC codes and a date.
	 */
	private static void populate(Connection c) throws SQLException {
		try (var st = c.createStatement()) {
			st.execute("insert into resource (res_id, res_type, fhir_id, version, last_updated, deleted)"
					+ " select i, 'Patient', 'p' || i, 1, now(), false from generate_series(1, " + PATIENTS + ") i");
			st.execute("insert into resource (res_id, res_type, fhir_id, version, last_updated, deleted)"
					+ " select 100000 + i, 'Observation', 'o' || i, 1, now(), false from generate_series(1, "
					+ OBSERVATIONS + ") i");
		}
		try (PreparedStatement ps = c.prepareStatement("insert into idx_string (res_id, hash_identity, value_norm,"
				+ " value_exact) select i, ?, 'fam' || (i % " + FAMILIES + "), 'Fam' || (i % " + FAMILIES + ")"
				+ " from generate_series(1, " + PATIENTS + ") i")) {
			ps.setLong(1, IndexHash.identity("Patient", "family"));
			ps.execute();
		}
		try (PreparedStatement ps = c.prepareStatement("insert into idx_token (res_id, hash_identity, hash_sys_code,"
				+ " hash_code, hash_sys, system, code) values (?, ?, ?, ?, ?, ?, ?)")) {
			long identity = IndexHash.identity("Patient", "identifier");
			for (int i = 1; i <= PATIENTS; i++) {
				String mrn = "mrn-" + i;
				ps.setLong(1, i);
				ps.setLong(2, identity);
				ps.setLong(3, IndexHash.tokenSystemCode("Patient", "identifier", MRN, mrn));
				ps.setLong(4, IndexHash.tokenCode("Patient", "identifier", mrn));
				ps.setLong(5, IndexHash.tokenSystem("Patient", "identifier", MRN));
				ps.setString(6, MRN);
				ps.setString(7, mrn);
				ps.addBatch();
			}
			ps.executeBatch();
		}
		Long[] sysCode = new Long[CODES];
		Long[] code = new Long[CODES];
		for (int k = 0; k < CODES; k++) {
			sysCode[k] = IndexHash.tokenSystemCode("Observation", "code", LOINC, "code-" + k);
			code[k] = IndexHash.tokenCode("Observation", "code", "code-" + k);
		}
		try (PreparedStatement ps = c.prepareStatement("insert into idx_token (res_id, hash_identity, hash_sys_code,"
				+ " hash_code, hash_sys, system, code) select 100000 + i, ?, (?::bigint[])[1 + i % " + CODES + "],"
				+ " (?::bigint[])[1 + i % " + CODES + "], ?, ?, 'code-' || (i % " + CODES + ")"
				+ " from generate_series(1, " + OBSERVATIONS + ") i")) {
			ps.setLong(1, IndexHash.identity("Observation", "code"));
			ps.setArray(2, c.createArrayOf("bigint", sysCode));
			ps.setArray(3, c.createArrayOf("bigint", code));
			ps.setLong(4, IndexHash.tokenSystem("Observation", "code", LOINC));
			ps.setString(5, LOINC);
			ps.execute();
		}
		for (String param : List.of("subject", "patient")) {
			try (PreparedStatement ps = c.prepareStatement("insert into idx_reference (res_id, hash_identity,"
					+ " target_res_id, target_type, target_id) select 100000 + i, ?, 1 + i % " + PATIENTS + ", 'Patient',"
					+ " 'p' || (1 + i % " + PATIENTS + ") from generate_series(1, " + OBSERVATIONS + ") i")) {
				ps.setLong(1, IndexHash.identity("Observation", param));
				ps.execute();
			}
		}
		try (PreparedStatement ps = c.prepareStatement("insert into idx_date (res_id, hash_identity, low_ms, high_ms)"
				+ " select 100000 + i, ?, 1500000000000 + i::bigint * 60000, 1500000000000 + i::bigint * 60000 + 999"
				+ " from generate_series(1, " + OBSERVATIONS + ") i")) {
			ps.setLong(1, IndexHash.identity("Observation", "date"));
			ps.execute();
		}
		populateLargeChart(c);
		try (var st = c.createStatement()) {
			// As autovacuum leaves a table after a load: statistics, and a visibility map that lets
			// index-only scans skip the table.
			st.execute("vacuum analyze");
		}
	}

	/** {@link #LARGE_CHART}: observations with codes chart-0 to chart-49, and every 4,000th with {@link #SHARED_CODE}. */
	private static void populateLargeChart(Connection c) throws SQLException {
		long patient = 1_000_000;
		long first = 2_000_000;
		try (var st = c.createStatement()) {
			st.execute("insert into resource (res_id, res_type, fhir_id, version, last_updated, deleted) values ("
					+ patient + ", 'Patient', '" + LARGE_CHART + "', 1, now(), false)");
			st.execute("insert into resource (res_id, res_type, fhir_id, version, last_updated, deleted)"
					+ " select " + first + " + i, 'Observation', 'large-' || i, 1, now(), false"
					+ " from generate_series(1, " + LARGE_CHART_SIZE + ") i");
		}
		String code = "case when i % " + (LARGE_CHART_SIZE / LARGE_CHART_RARE) + " = 0 then '" + SHARED_CODE
				+ "' else 'chart-' || (i % 50) end";
		try (PreparedStatement ps = c.prepareStatement("insert into idx_token (res_id, hash_identity, hash_sys_code,"
				+ " hash_code, hash_sys, system, code) select " + first + " + i, ?, 0, 0, ?, ?, " + code
				+ " from generate_series(1, " + LARGE_CHART_SIZE + ") i")) {
			ps.setLong(1, IndexHash.identity("Observation", "code"));
			ps.setLong(2, IndexHash.tokenSystem("Observation", "code", LOINC));
			ps.setString(3, LOINC);
			ps.execute();
		}
		// The hashes are those the indexer computes from the code (here set per distinct code).
		try (PreparedStatement ps = c.prepareStatement("update idx_token set hash_sys_code = ?, hash_code = ?"
				+ " where res_id > " + first + " and code = ?")) {
			for (int k = -1; k < 50; k++) {
				String value = k < 0 ? SHARED_CODE : "chart-" + k;
				ps.setLong(1, IndexHash.tokenSystemCode("Observation", "code", LOINC, value));
				ps.setLong(2, IndexHash.tokenCode("Observation", "code", value));
				ps.setString(3, value);
				ps.addBatch();
			}
			ps.executeBatch();
		}
		for (String param : List.of("subject", "patient")) {
			try (PreparedStatement ps = c.prepareStatement("insert into idx_reference (res_id, hash_identity,"
					+ " target_res_id, target_type, target_id) select " + first + " + i, ?, " + patient + ", 'Patient', '"
					+ LARGE_CHART + "' from generate_series(1, " + LARGE_CHART_SIZE + ") i")) {
				ps.setLong(1, IndexHash.identity("Observation", param));
				ps.execute();
			}
		}
		try (PreparedStatement ps = c.prepareStatement("insert into idx_date (res_id, hash_identity, low_ms, high_ms)"
				+ " select " + first + " + i, ?, 1600000000000 + i::bigint * 60000, 1600000000000 + i::bigint * 60000 + 999"
				+ " from generate_series(1, " + LARGE_CHART_SIZE + ") i")) {
			ps.setLong(1, IndexHash.identity("Observation", "date"));
			ps.execute();
		}
	}
}

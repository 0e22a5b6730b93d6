package org.custodian.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.custodian.access.AccessGate;
import org.custodian.testkit.ServerTest;
import org.custodian.testkit.SharedCorpora;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

class FileImportIT extends ServerTest {

	@Autowired
	FileImport importer;

	@Autowired
	AccessGate gate;

	@TempDir
	Path temp;

	@Test
	void importsSyntheaBulkNdjsonWithReferencesAcrossFilesAndKeepsTheIds() throws Exception {
		// The export's log.ndjson holds export events, not resources; leave it out.
		Path folder = temp.resolve("export");
		Files.createDirectories(folder);
		long lines = 0;
		try (var files = Files.list(SharedCorpora.path("bulk-data/synthea-10-patients"))) {
			for (Path f : files.filter(p -> p.getFileName().toString().matches("[A-Z].*\\.ndjson(\\.gz)?")).toList()) {
				Files.copy(f, folder.resolve(f.getFileName()));
				lines += lineCount(f);
			}
		}
		List<String> progress = new ArrayList<>();

		ImportReport report = importer.run(gate.forSystemTask("test-import"), folder, progress::add);

		assertThat(report.failures()).isEmpty();
		assertThat(report.resources()).isEqualTo(lines);
		assertThat(progress).isNotEmpty().allMatch(line -> line.startsWith("import: "));
		// Ids are kept, so a reference written in one file finds its target loaded from another.
		Integer patients = jdbc.queryForObject("select count(*) from resource where res_type = 'Patient'"
				+ " and fhir_id = any(?)", Integer.class, (Object) ids(folder, "Patient").toArray(String[]::new));
		assertThat(patients).isEqualTo(ids(folder, "Patient").size());
		Integer unresolved = jdbc.queryForObject("select count(*) from idx_reference x join resource r on r.res_id = x.res_id"
				+ " where r.res_type = 'Encounter' and r.fhir_id = any(?) and x.target_type = 'Patient'"
				+ " and x.target_res_id is null", Integer.class, (Object) ids(folder, "Encounter").toArray(String[]::new));
		assertThat(unresolved).isZero();
		Integer resolved = jdbc.queryForObject("select count(*) from idx_reference x join resource r on r.res_id = x.res_id"
				+ " where r.res_type = 'Encounter' and r.fhir_id = any(?) and x.target_type = 'Patient'"
				+ " and x.target_res_id is not null", Integer.class, (Object) ids(folder, "Encounter").toArray(String[]::new));
		assertThat(resolved).isGreaterThanOrEqualTo(ids(folder, "Encounter").size());
	}

	private static List<String> ids(Path folder, String type) throws java.io.IOException {
		List<String> ids = new ArrayList<>();
		try (var files = Files.list(folder)) {
			for (Path f : files.filter(p -> p.getFileName().toString().startsWith(type + ".")).toList()) {
				try (var in = f.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(Files.newInputStream(f))
						: Files.newInputStream(f)) {
					var m = java.util.regex.Pattern.compile("\\{\"resourceType\":\"" + type + "\",\"id\":\"([^\"]+)\"")
							.matcher(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
					while (m.find()) {
						ids.add(m.group(1));
					}
				}
			}
		}
		return ids;
	}

	private static long lineCount(Path f) throws java.io.IOException {
		try (var in = f.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(Files.newInputStream(f))
				: Files.newInputStream(f)) {
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
					.filter(l -> !l.isBlank()).count();
		}
	}

	@Test
	void reportsABadLineAndLoadsTheRest() throws Exception {
		Path file = temp.resolve("mixed.ndjson");
		Files.writeString(file, "{\"resourceType\":\"Patient\",\"id\":\"nd-ok-1\"}\n{not json\n"
				+ "{\"resourceType\":\"Patient\",\"id\":\"nd-ok-2\"}\n");

		ImportReport report = importer.run(gate.forSystemTask("test-import"), file, line -> { });

		assertThat(report.resources()).isEqualTo(2);
		assertThat(report.failed()).isEqualTo(1);
		assertThat(report.failures().get(0)).contains("mixed.ndjson line 2");
	}

	@Test
	void importsNdjsonPostedOverHttpAndReportsCounts() {
		String ndjson = "{\"resourceType\":\"Patient\",\"id\":\"http-nd-1\"}\n"
				+ "{\"resourceType\":\"Observation\",\"id\":\"http-nd-2\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
				+ "\"subject\":{\"reference\":\"Patient/http-nd-1\"}}\n";

		var response = fhir.post("$import", ndjson, "Content-Type", "application/fhir+ndjson");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).startsWith("Imported 2 resources; 0 failed");
		assertThat(fhir.get("Observation/http-nd-2").status()).isEqualTo(200);
	}

	@Test
	void refusesAnImportBodyThatIsNotNdjson() {
		var response = fhir.post("$import", "{\"resourceType\":\"Patient\"}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("NDJSON");
	}
}

package org.custodian.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.custodian.CustodianApplication;
import org.custodian.access.AccessGate;
import org.custodian.ingest.FileImport;
import org.custodian.ingest.ImportReport;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Loads files straight into the store (no server needed; stop the server that uses the same data
 * directory first). To load into a running server, POST bundles to its FHIR base instead.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
		description = "Import FHIR bundles, resources (.json) or NDJSON (.ndjson, .ndjson.gz) from a file or folder."
				+ " Synthea output loads as is (hospital and practitioner bundles go first).")
final class ImportCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "PATH", description = "A file, or a folder of files.")
	Path path;

	@Mixin
	DatabaseOptions database;

	@Option(names = "--max-failures-shown", defaultValue = "20", description = "Failures listed at the end (default: ${DEFAULT-VALUE}).")
	int shown;

	@Override
	public Integer call() throws Exception {
		Map<String, Object> properties = new HashMap<>();
		database.putInto(properties);
		SpringApplication app = new SpringApplication(CustodianApplication.class);
		app.setWebApplicationType(WebApplicationType.NONE);
		app.setDefaultProperties(properties);
		try (ConfigurableApplicationContext context = app.run()) {
			FileImport importer = context.getBean(FileImport.class);
			AccessGate gate = context.getBean(AccessGate.class);
			ImportReport report = importer.run(gate.forSystemTask("import"), path, System.out::println);
			System.out.printf("Imported %d resources from %d files in %.1f s (%.0f resources/s); %d failed%n",
					report.resources(), report.files(), report.millis() / 1000.0, report.resourcesPerSecond(), report.failed());
			report.failures().stream().limit(shown).forEach(f -> System.out.println("  failed: " + f));
			return report.failed() == 0 ? 0 : 1;
		}
	}
}

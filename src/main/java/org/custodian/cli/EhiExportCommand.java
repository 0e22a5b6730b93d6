package org.custodian.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.custodian.access.AccessGate;
import org.custodian.disclosure.EhiExport;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Exports electronic health information (ONC 170.315(b)(10)) into a folder: one patient's, or, without
 * {@code --patient}, the whole population's, for a transition to another system. Run on the server
 * host (beside a running server or not), as a system task recorded in the audit trail.
 */
@Command(name = "ehi-export", mixinStandardHelpOptions = true,
		description = "Export electronic health information as FHIR R4 NDJSON, one file per resource type, with a manifest.")
final class EhiExportCommand implements Callable<Integer> {

	@Option(names = "--out", required = true, description = "An empty (or new) folder to write into.")
	Path out;

	@Option(names = "--patient", description = "One patient's id; without it, everyone's.")
	String patient;

	@Mixin
	DatabaseOptions database;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
			AccessGate gate = context.getBean(AccessGate.class);
			EhiExport.Written written = context.getBean(EhiExport.class).export(gate.forSystemTask("ehi-export"), out, patient);
			System.out.println("Exported " + written.total() + " resources of " + written.counts().size() + " types to " + out);
			return 0;
		} catch (IllegalArgumentException e) {
			System.err.println(e.getMessage());
			return 2;
		}
	}
}

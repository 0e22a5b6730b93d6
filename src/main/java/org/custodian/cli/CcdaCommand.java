package org.custodian.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.custodian.access.AccessGate;
import org.custodian.ingest.ccda.CcdaImport;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** C-CDA documents from other providers, from files (a batch received on media, or an exchange's download). */
@Command(name = "ccda", mixinStandardHelpOptions = true, description = "C-CDA documents from files.", subcommands =
		CcdaCommand.Import.class)
final class CcdaCommand {

	@Command(name = "import", mixinStandardHelpOptions = true,
			description = "Import the C-CDA documents in a file or in the .xml files of a folder: each kept, read into the chart of"
					+ " its patient (found from the document, or the one given), the document kept whole as its source. Documents whose"
					+ " patient is not found wait on the Document imports screen.")
	static final class Import implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "PATH")
		Path path;

		@Option(names = "--patient", description = "The patient (id) all the documents belong to.")
		String patient;

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() throws Exception {
			List<Path> files = InputFiles.of(path, f -> f.toString().toLowerCase().endsWith(".xml"));
			if (files == null) {
				return 2;
			}
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				CcdaImport imports = context.getBean(CcdaImport.class);
				org.custodian.access.AccessContext system = context.getBean(AccessGate.class).forSystemTask("ccda-import");
				Map<String, Integer> outcomes = new TreeMap<>();
				boolean clean = true;
				for (Path file : files) {
					CcdaImport.Result r = imports.receive(system, Files.readAllBytes(file), file.getFileName().toString(), patient);
					outcomes.merge(r.status(), 1, Integer::sum);
					System.out.println(file.getFileName() + ": " + r.status() + (r.patient() == null ? "" : " into " + r.patient())
							+ (r.error() == null ? "" : " (" + r.error() + ")") + (r.written().isEmpty() ? "" : ", " + r.written().size()
									+ " resources written") + (r.unmapped().isEmpty() ? "" : ", " + r.unmapped().size()
											+ " sections or entries kept only in the document"));
					clean &= r.status().equals("imported") || r.status().equals("duplicate");
				}
				System.out.println("Read " + files.size() + " documents: " + outcomes);
				return clean ? 0 : 1;
			}
		}
	}
}

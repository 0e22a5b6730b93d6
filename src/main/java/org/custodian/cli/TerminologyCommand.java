package org.custodian.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import org.custodian.coding.CodeSystems;
import org.custodian.coding.DistributionFiles;
import org.custodian.coding.Release;
import org.custodian.coding.Terminology;
import org.custodian.support.CustodianException;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The code sets: which releases are loaded, and loading one more from its publisher's files (the
 * ICD-10-CM April update, a new HCPCS quarter, or a set the hospital licenses: CPT, SNOMED CT,
 * LOINC, RxNorm). A release is loaded whole or not at all, and once.
 */
@Command(name = "terminology", mixinStandardHelpOptions = true, description = "List or load code set releases.",
		subcommands = {TerminologyCommand.Load.class, TerminologyCommand.ListReleases.class, TerminologyCommand.LoadIndex.class})
final class TerminologyCommand {

	@Command(name = "load", mixinStandardHelpOptions = true,
			description = "Load a release of a code system from its distribution files, in force from a date.")
	static final class Load implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "PATH", description = "The file (or, for snomed-rf2, the snapshot folder).")
		Path path;

		@Option(names = "--system", required = true, description = "icd-10-cm, hcpcs, cpt, loinc, snomed, rxnorm, or a URI.")
		String system;

		@Option(names = "--format", required = true, description = "icd10cm-order, hcpcs-csv, loinc-csv, snomed-rf2,"
				+ " rxnorm-rrf or cpt-tab.")
		String format;

		@Option(names = "--version", required = true, description = "The release's version, e.g. 2026-04 or 2.78.")
		String version;

		@Option(names = "--effective", required = true, description = "The date it takes effect (YYYY-MM-DD): dates of"
				+ " service from then on use it, until a later release takes effect.")
		String effective;

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() {
			LocalDate from;
			try {
				from = LocalDate.parse(effective);
			} catch (DateTimeParseException e) {
				System.err.println("error: --effective is a date, YYYY-MM-DD, not " + effective);
				return 2;
			}
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				long started = System.nanoTime();
				Release release = DistributionFiles.read(format, path, CodeSystems.of(system), version, from);
				boolean written = context.getBean(Terminology.class).load(release, "operator");
				long ms = (System.nanoTime() - started) / 1_000_000;
				System.out.println(written ? "Loaded " + release.size() + " concepts of " + release.system() + " " + version
						+ ", in force from " + from + ", in " + ms + " ms" : release.system() + " " + version + " was already loaded;"
								+ " nothing changed");
				return 0;
			} catch (CustodianException e) {
				System.err.println("error: " + e.getMessage() + " (" + e.code() + ")");
				return 2;
			}
		}
	}

	@Command(name = "load-index", mixinStandardHelpOptions = true,
			description = "Load CDC's ICD-10-CM Alphabetic Index (icd10cm_index_YYYY.xml) for a loaded ICD-10-CM release:"
					+ " the code suggestions use its terms.")
	static final class LoadIndex implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "FILE")
		Path file;

		@Option(names = "--version", required = true, description = "The ICD-10-CM release it belongs to, e.g. 2026.")
		String version;

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				int entries = context.getBean(Terminology.class).loadIndex(version, file);
				System.out.println("Loaded " + entries + " index entries for ICD-10-CM " + version);
				return 0;
			} catch (CustodianException e) {
				System.err.println("error: " + e.getMessage() + " (" + e.code() + ")");
				return 2;
			}
		}
	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "The releases loaded, by system and date.")
	static final class ListReleases implements Callable<Integer> {

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				for (Terminology.ReleaseInfo r : context.getBean(Terminology.class).releases()) {
					System.out.println(r.system() + "\t" + r.version() + "\tfrom " + r.effective() + "\t" + r.concepts()
							+ " concepts\t" + r.source());
				}
				return 0;
			}
		}
	}
}

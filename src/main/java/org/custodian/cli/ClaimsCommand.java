package org.custodian.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.custodian.claims.NcciTables;
import org.custodian.support.CustodianException;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Claims data the hospital loads itself: the quarterly NCCI tables from CMS. */
@Command(name = "claims", mixinStandardHelpOptions = true, description = "Load the tables the claim scrubber checks against.",
		subcommands = ClaimsCommand.LoadNcci.class)
final class ClaimsCommand {

	@Command(name = "load-ncci", mixinStandardHelpOptions = true,
			description = "Load a CMS NCCI table: procedure-to-procedure pairs (the tab-separated ccipra/ccioph file) or"
					+ " medically unlikely edits (the MUE CSV).")
	static final class LoadNcci implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "FILE")
		Path file;

		@Option(names = "--table", required = true, description = "ptp or mue.")
		String table;

		@Option(names = "--version", required = true, description = "The quarter, e.g. 2026Q3.")
		String version;

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() {
			if (!table.equals("ptp") && !table.equals("mue")) {
				System.err.println("error: --table is ptp or mue, not " + table);
				return 2;
			}
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				NcciTables tables = context.getBean(NcciTables.class);
				int rows = table.equals("ptp") ? tables.loadPairs(file, version, "operator") : tables.loadLimits(file, version,
						"operator");
				System.out.println(rows == 0 ? "NCCI " + table + " " + version + " was already loaded; nothing changed"
						: "Loaded " + rows + " NCCI " + table + " rows as " + version);
				return 0;
			} catch (CustodianException e) {
				System.err.println("error: " + e.getMessage() + " (" + e.code() + ")");
				return 2;
			}
		}
	}
}

package org.custodian.cli;

import picocli.CommandLine.Command;

/** The top-level command; each operator task is a subcommand. */
@Command(name = "custodian", mixinStandardHelpOptions = true, version = "Custodian 0.1.0",
		description = "Custodian: the legal health record on FHIR R4.",
		subcommands = {ServeCommand.class, ImportCommand.class, EhiExportCommand.class, ClientCommand.class, TokenCommand.class,
				LabellingCommand.class, RoleCommand.class, AuditCommand.class, UserCommand.class, TerminologyCommand.class, ClaimsCommand.class,
				Hl7Command.class, CcdaCommand.class, EncryptionCommand.class, BackupCommand.class, RestoreCommand.class})
public final class CustodianCommand {

	/** Whether the JVM must stay up after the command returns (the server runs on its own threads). */
	public static boolean keepsRunning(String[] args) {
		return args.length > 0 && args[0].equals("serve") && java.util.Arrays.stream(args).noneMatch(
				a -> a.equals("--help") || a.equals("-h"));
	}
}

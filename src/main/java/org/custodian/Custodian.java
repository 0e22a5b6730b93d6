package org.custodian;

import org.custodian.cli.CustodianCommand;

import picocli.CommandLine;

/** Entry point of {@code custodian.jar}: operator subcommands ({@code serve}, {@code import}, …). */
public final class Custodian {

	private Custodian() {}

	public static void main(String[] args) {
		int code = new CommandLine(new CustodianCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
		if (code != 0 || !CustodianCommand.keepsRunning(args)) {
			System.exit(code);
		}
	}
}

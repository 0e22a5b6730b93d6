package org.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class CommandLineTest {

	@Test
	void helpListsTheOperatorSubcommands() {
		String out = run("--help");

		assertThat(out).contains("serve").contains("import");
	}

	@Test
	void serveHelpNamesPortAndDataDirectory() {
		String out = run("serve", "--help");

		assertThat(out).contains("--port").contains("--data-dir").contains("--db-url");
	}

	@Test
	void importHelpNamesThePathAndTheFormats() {
		String out = run("import", "--help");

		assertThat(out).contains("PATH").contains("NDJSON").contains("--data-dir");
	}

	@Test
	void labellingRulesAreListedAddedEnabledAndDisabled() {
		String out = run("labelling", "--help");

		assertThat(out).contains("list").contains("add").contains("enable").contains("disable");
		assertThat(run("labelling", "add", "--help")).contains("--target").contains("--value-set").contains("--label");
	}

	@Test
	void rolePoliciesAreShownAndChangedWithAReason() {
		assertThat(run("role", "--help")).contains("show").contains("history").contains("set");
		assertThat(run("role", "set", "--help")).contains("--permissions").contains("--clearances").contains("--reason")
				.contains("--by");
	}

	@Test
	void userAddHelpSaysThePasswordIsAskedForAndNeverAnArgument() {
		String out = run("user", "add", "--help");

		assertThat(out).contains("USERNAME").contains("--role").contains("--fhir-user").contains("asked for")
				.doesNotContain("--password");
	}

	@Test
	void anUnknownOptionIsAReadableErrorNotAStackTrace() {
		StringWriter err = new StringWriter();
		CommandLine cli = new CommandLine(new CustodianCommand());
		cli.setErr(new PrintWriter(err));

		int code = cli.execute("serve", "--prot", "9000");

		assertThat(code).isEqualTo(2);
		assertThat(err.toString()).contains("Unknown options: '--prot'").doesNotContain("Exception");
	}

	private static String run(String... args) {
		StringWriter out = new StringWriter();
		CommandLine cli = new CommandLine(new CustodianCommand());
		cli.setOut(new PrintWriter(out));
		cli.execute(args);
		return out.toString();
	}
}

package org.custodian.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.custodian.cli.CustodianCommand;

import picocli.CommandLine;

/** Runs a {@code custodian} command in this JVM as an operator would, with what it reads and what it prints. */
public final class Commands {

	/** A command's exit code and what it printed. */
	public record Run(int code, String out, String err) {}

	private Commands() {
	}

	public static Run run(String stdin, String... args) {
		InputStream in = System.in;
		PrintStream out = System.out;
		PrintStream err = System.err;
		ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
		ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
		try {
			System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
			System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
			System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
			int code = new CommandLine(new CustodianCommand()).execute(args);
			return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
		} finally {
			System.setIn(in);
			System.setOut(out);
			System.setErr(err);
		}
	}
}

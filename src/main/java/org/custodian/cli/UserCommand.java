package org.custodian.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.PasswordPolicy;
import org.custodian.support.CustodianException;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Creates user accounts on the server host; the way the first administrator comes to exist, since
 * none ships with the product. The password is never an argument (it would stay in the shell's
 * history and the process list): it is asked for at the terminal, or read from standard input.
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the people who may sign in.",
		subcommands = {UserCommand.Add.class, UserCommand.Password.class, UserCommand.SecondFactor.class,
				UserCommand.Disable.class, UserCommand.Enable.class})
final class UserCommand {

	@Command(name = "add", mixinStandardHelpOptions = true,
			description = "Create a user. The password is asked for (or read from standard input);"
					+ " privileged roles get a TOTP second factor whose enrolment URI is printed once.")
	static final class Add implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "USERNAME", description = "Letters, digits, '.', '_', '@' or '-'.")
		String username;

		@Option(names = "--role", required = true, split = ",", paramLabel = "ROLE",
				description = "Role(s): clinician, nurse, him, coder, roi, privacy-officer, patient, auditor,"
						+ " administrator, researcher.")
		List<String> roles;

		@Option(names = "--fhir-user", paramLabel = "TYPE/ID", description = "The FHIR resource that is the user:"
				+ " Practitioner/123 for a clinician, Patient/45 for a patient (required for the patient role).")
		String fhirUser;

		@Option(names = "--name", paramLabel = "TEXT", description = "The name shown to people (default: the username).")
		String displayName;

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() throws IOException {
			Set<Role> parsed = EnumSet.noneOf(Role.class);
			for (String r : roles) {
				Role role = Role.of(r).orElse(null);
				if (role == null || role == Role.INTEGRATION) {
					System.err.println("error: '" + r + "' is not a role a person can hold");
					return 2;
				}
				parsed.add(role);
			}
			String password = readPassword(username);
			if (password == null) {
				return 2;
			}
			return onAccounts(database, accounts -> {
				Enrolment enrolment = accounts.add(username, displayName == null ? "" : displayName, parsed, fhirUser,
						password);
				System.out.println("Created user " + enrolment.account().username());
				if (enrolment.secondFactorUri() != null) {
					System.out.println("This user must sign in with a one-time code. Add this to their authenticator app"
							+ " (shown only now):");
					System.out.println(enrolment.secondFactorUri());
				}
			});
		}
	}

	/** The commands that act on one existing user. */
	abstract static class OnOneUser {

		@Parameters(index = "0", paramLabel = "USERNAME")
		String username;

		@Mixin
		DatabaseOptions database;
	}

	@Command(name = "password", mixinStandardHelpOptions = true,
			description = "Set a new password (asked for, or read from standard input) and lift a lockout.")
	static final class Password extends OnOneUser implements Callable<Integer> {

		@Override
		public Integer call() throws IOException {
			String password = readPassword(username);
			return password == null ? 2 : onAccounts(database, accounts -> {
				accounts.changePassword(username, password);
				System.out.println("Changed the password of " + username);
			});
		}
	}

	@Command(name = "second-factor", mixinStandardHelpOptions = true,
			description = "Give a user a new one-time-code secret (a lost phone); prints its enrolment URI once.")
	static final class SecondFactor extends OnOneUser implements Callable<Integer> {

		@Override
		public Integer call() {
			return onAccounts(database, accounts -> System.out.println(accounts.renewSecondFactor(username).secondFactorUri()));
		}
	}

	@Command(name = "disable", mixinStandardHelpOptions = true,
			description = "Stop a user from signing in (their apps' refresh tokens stop working too).")
	static final class Disable extends OnOneUser implements Callable<Integer> {

		@Override
		public Integer call() {
			return switchTo(this, false);
		}
	}

	@Command(name = "enable", mixinStandardHelpOptions = true, description = "Let a disabled user sign in again.")
	static final class Enable extends OnOneUser implements Callable<Integer> {

		@Override
		public Integer call() {
			return switchTo(this, true);
		}
	}

	private static int switchTo(OnOneUser command, boolean enabled) {
		return onAccounts(command.database, accounts -> {
			accounts.setEnabled(command.username, enabled);
			System.out.println((enabled ? "Enabled " : "Disabled ") + command.username);
		});
	}

	private static int onAccounts(DatabaseOptions database, java.util.function.Consumer<Accounts> task) {
		try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
			task.accept(context.getBean(Accounts.class));
			return 0;
		} catch (CustodianException e) {
			System.err.println("error: " + e.getMessage() + " (" + e.code() + ")");
			return 2;
		}
	}

	/** At a terminal: asked twice, not echoed. Otherwise: the first line of standard input. */
	static String readPassword(String username) throws IOException {
		Console console = System.console();
		if (console != null) {
			char[] first = console.readPassword("Password for %s (at least %d characters): ", username,
					PasswordPolicy.MIN_LENGTH);
			char[] again = console.readPassword("Again: ");
			if (first == null || again == null || !Arrays.equals(first, again)) {
				System.err.println("error: the two passwords differ");
				return null;
			}
			return new String(first);
		}
		String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
		if (line == null || line.isEmpty()) {
			System.err.println("error: no password on standard input (there is no default password)");
			return null;
		}
		return line;
	}
}

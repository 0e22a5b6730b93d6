package org.custodian.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.custodian.access.AccessTokens;
import org.custodian.account.SignInEvents;
import org.custodian.support.CustodianException;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Prints a short-lived access token for a registered client, signed with the server's key: for
 * operators' scripts on the server host. Reading the key needs access to the data directory.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
		description = "Print a short-lived access token for a registered client (run on the server host).")
final class TokenCommand implements Callable<Integer> {

	@Option(names = "--client", required = true, paramLabel = "CLIENT_ID", description = "A client registered with"
			+ " 'custodian client add'.")
	String clientId;

	@Option(names = "--scope", required = true, split = " ", paramLabel = "SCOPE",
			description = "Scope(s) to grant, within what the client may be granted, e.g. \"system/*.rs\".")
	List<String> scopes;

	@Option(names = "--patient", paramLabel = "ID", description = "The patient in context, for patient-level scopes.")
	String patient;

	@Option(names = "--purpose", paramLabel = "CODE", description = "Purpose of use (HL7 v3 ActReason, e.g. TREAT).")
	String purpose;

	@Mixin
	DatabaseOptions database;

	@Override
	public Integer call() {
		try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
			String token = context.getBean(AccessTokens.class).issue(clientId, scopes, patient, purpose);
			// An operator minting a token is a sign-in like any other, and the audit trail says so. Its log
			// line goes to standard error: standard output carries the token alone (TOKEN=$(custodian token …)).
			java.io.PrintStream out = System.out;
			System.setOut(System.err);
			try {
				context.getBean(SignInEvents.class).tokenIssued(System.getProperty("user.name", "operator"), clientId,
						"custodian-token", String.join(" ", scopes));
			} finally {
				System.setOut(out);
			}
			System.out.println(token);
			return 0;
		} catch (CustodianException e) {
			System.err.println("error: " + e.getMessage() + " (" + e.code() + ")");
			return 2;
		}
	}
}

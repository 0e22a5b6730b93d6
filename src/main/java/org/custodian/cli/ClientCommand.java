package org.custodian.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.custodian.access.AccessTokens;
import org.custodian.access.Role;
import org.custodian.support.CustodianException;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Registers an application that may receive access tokens. */
@Command(name = "client", mixinStandardHelpOptions = true,
		description = "Register (or update) a client application that may be issued access tokens.",
		subcommands = ClientCommand.Add.class)
final class ClientCommand {

	@Command(name = "add", mixinStandardHelpOptions = true,
			description = "Register a client, with the roles it acts in and the scopes it may be granted.")
	static final class Add implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "CLIENT_ID", description = "Letters, digits, '.', '_' or '-'.")
		String clientId;

		@Option(names = "--role", required = true, split = ",", paramLabel = "ROLE",
				description = "Role(s): clinician, nurse, him, coder, roi, privacy-officer, patient, integration,"
						+ " auditor, administrator, researcher.")
		List<String> roles;

		@Option(names = "--scope", required = true, split = " ", paramLabel = "SCOPE",
				description = "SMART scope(s) it may be granted, e.g. \"system/*.rs\" or \"patient/*.rs launch/patient\".")
		List<String> scopes;

		@Option(names = "--description", paramLabel = "TEXT", description = "What the client is, for people.")
		String description;

		@Option(names = "--fhir-user", paramLabel = "TYPE/ID", description = "The FHIR resource that is the client's"
				+ " user, e.g. Practitioner/123: a clinician's care teams and encounters are its treatment relationships.")
		String fhirUser;

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() {
			Set<Role> parsed = EnumSet.noneOf(Role.class);
			for (String r : roles) {
				Role role = Role.of(r).orElse(null);
				if (role == null) {
					System.err.println("error: unknown role '" + r + "'");
					return 2;
				}
				parsed.add(role);
			}
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				context.getBean(AccessTokens.class).registerClient(clientId, description, parsed, scopes, fhirUser);
				System.out.println("Registered client " + clientId);
				return 0;
			} catch (CustodianException e) {
				System.err.println("error: " + e.getMessage() + " (" + e.code() + ")");
				return 2;
			}
		}
	}
}

package org.custodian.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.custodian.access.AccessTokens;
import org.custodian.access.Role;
import org.custodian.account.RegisteredApps;
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

		@Option(names = "--grant", split = ",", paramLabel = "GRANT", description = "OAuth grant type(s) it may use at the"
				+ " built-in authorization server: authorization_code, refresh_token, client_credentials (default: none;"
				+ " only 'custodian token' then)")
		List<String> grants = List.of();

		@Option(names = "--redirect-uri", split = ",", paramLabel = "URI", description = "Where authorization codes may be"
				+ " sent (https, loopback http, or an app's private scheme); exact match.")
		List<String> redirectUris = List.of();

		@Option(names = "--public", description = "A browser or mobile app that cannot keep a secret: no secret, PKCE"
				+ " (S256) proves it is the same app.")
		boolean publicClient;

		@Option(names = "--generate-secret", description = "Give the client a new secret (client_secret_basic/post);"
				+ " printed once, only its hash is kept.")
		boolean generateSecret;

		@Option(names = "--jwks", paramLabel = "FILE", description = "A JWK Set of the public keys (RS384 or ES384) the"
				+ " client signs its assertions with (private_key_jwt, SMART Backend Services).")
		Path jwks;

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
				String secret = context.getBean(RegisteredApps.class).configure(clientId, redirectUris, publicClient,
						generateSecret, jwks == null ? null : Files.readString(jwks), new LinkedHashSet<>(grants));
				System.out.println("Registered client " + clientId);
				if (secret != null) {
					System.out.println("Client secret (shown only now): " + secret);
				}
				return 0;
			} catch (IOException e) {
				System.err.println("error: cannot read " + jwks + ": " + e.getMessage());
				return 2;
			} catch (CustodianException e) {
				System.err.println("error: " + e.getMessage() + " (" + e.code() + ")");
				return 2;
			}
		}
	}
}

package org.custodian.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.custodian.database.DatabaseProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import picocli.CommandLine.Option;

/** Where the data lives; shared by every command that opens the store. */
final class DatabaseOptions {

	@Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
			description = "Data directory; the embedded PostgreSQL keeps its files in DIR/pg (default: ${DEFAULT-VALUE}).")
	Path dataDir;

	@Option(names = "--db-url", paramLabel = "JDBC_URL",
			description = "Use this external PostgreSQL instead of the embedded one, e.g. jdbc:postgresql://db:5432/custodian.")
	String dbUrl;

	@Option(names = "--db-user", paramLabel = "USER", description = "User for --db-url.")
	String dbUser;

	@Option(names = "--db-password", paramLabel = "PASSWORD",
			description = "Password for --db-url (or set CUSTODIAN_DATABASE_PASSWORD).")
	String dbPassword;

	@Option(names = "--db-owner", paramLabel = "USER",
			description = "The role that owns the schema on --db-url: it runs the migrations and grants --db-user what it may do"
					+ " (the audit trail: read and append only).")
	String dbOwner;

	@Option(names = "--db-owner-password", paramLabel = "PASSWORD",
			description = "Password for --db-owner (or set CUSTODIAN_DATABASE_OWNERPASSWORD).")
	String dbOwnerPassword;

	/**
	 * The database these options name, bound as the application would bind it (environment variables such as
	 * {@code CUSTODIAN_DATABASE_PASSWORD} included), attaching to a server running on the data directory:
	 * for a command that must reach the database without starting the application.
	 */
	DatabaseProperties properties() {
		Map<String, Object> properties = new HashMap<>();
		putInto(properties);
		properties.put("custodian.database.attach-to-running", "true");
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("command line", properties));
		return Binder.get(environment).bindOrCreate("custodian.database", DatabaseProperties.class);
	}

	void putInto(Map<String, Object> properties) {
		properties.put("custodian.database.data-dir", dataDir.toAbsolutePath().toString());
		if (dbUrl != null) {
			properties.put("custodian.database.url", dbUrl);
			properties.put("custodian.database.username", dbUser == null ? "" : dbUser);
			if (dbPassword != null) {
				properties.put("custodian.database.password", dbPassword);
			}
			if (dbOwner != null) {
				properties.put("custodian.database.owner-username", dbOwner);
			}
			if (dbOwnerPassword != null) {
				properties.put("custodian.database.owner-password", dbOwnerPassword);
			}
		}
	}
}

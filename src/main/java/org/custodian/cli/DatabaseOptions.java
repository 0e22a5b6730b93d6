package org.custodian.cli;

import java.nio.file.Path;
import java.util.Map;

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

	void putInto(Map<String, Object> properties) {
		properties.put("custodian.database.data-dir", dataDir.toAbsolutePath().toString());
		if (dbUrl != null) {
			properties.put("custodian.database.url", dbUrl);
			properties.put("custodian.database.username", dbUser == null ? "" : dbUser);
			if (dbPassword != null) {
				properties.put("custodian.database.password", dbPassword);
			}
		}
	}
}

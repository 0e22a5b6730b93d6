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

	@Option(names = "--db-owner", paramLabel = "USER",
			description = "The role that owns the schema on --db-url: it runs the migrations and grants --db-user what it may do"
					+ " (the audit trail: read and append only).")
	String dbOwner;

	@Option(names = "--db-owner-password", paramLabel = "PASSWORD",
			description = "Password for --db-owner (or set CUSTODIAN_DATABASE_OWNERPASSWORD).")
	String dbOwnerPassword;

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

package org.custodian.database;

import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The database role that owns the schema. It runs the migrations and grants the application's own
 * role what that needs; nothing else in the product connects as it, but a restore (through
 * {@link SchemaSetup}), which creates the schema and sets its sequences. The application's role may
 * read and change the record, but may only read and append to the audit trail (no update, delete
 * or truncate), and, not owning the tables, cannot disable the triggers that also forbid those.
 *
 * <p>With the embedded PostgreSQL the owner is its superuser {@code postgres} and the application
 * connects as {@code custodian}, created here. With an external server the operator configures both
 * ({@code custodian.database.username} and {@code owner-username}); when no owner is configured the
 * application's role owns the schema and only the triggers keep the audit trail append-only, which
 * is said at start-up.
 */
public final class DatabaseOwner {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOwner.class);

	/** The tables the application's role may only read and append to. */
	static final List<String> APPEND_ONLY = List.of("audit_event", "audit_seal", "audit_checkpoint", "destruction_certificate");

	/** The embedded server's application role (its owner is the superuser {@code postgres}). */
	static final String EMBEDDED_APPLICATION_ROLE = "custodian";

	private final DataSource dataSource;
	private final @Nullable String applicationRole;

	DatabaseOwner(String url, String username, @Nullable String password, @Nullable String applicationRole) {
		this.dataSource = new DriverManagerDataSource(url, username, password == null ? "" : password);
		this.applicationRole = applicationRole;
	}

	/**
	 * The owner of the configured database: with the embedded server at {@code embeddedJdbcUrl} its superuser (the
	 * application's role created if missing), else the configured owner, or the application's role when none is.
	 */
	static DatabaseOwner of(DatabaseProperties properties, @Nullable String embeddedJdbcUrl) {
		if (embeddedJdbcUrl != null) {
			DatabaseOwner owner = new DatabaseOwner(embeddedJdbcUrl, "postgres", null, EMBEDDED_APPLICATION_ROLE);
			owner.createApplicationRole();
			return owner;
		}
		if (properties.ownerUsername() == null || properties.ownerUsername().isBlank()
				|| properties.ownerUsername().equals(properties.username())) {
			return new DatabaseOwner(properties.url(), properties.username(), properties.password(), null);
		}
		return new DatabaseOwner(properties.url(), properties.ownerUsername(), properties.ownerPassword(), properties.username());
	}

	/** Connections as the owner: for migrations, and for tests that play an attacker with the owner's rights. */
	public DataSource dataSource() {
		return dataSource;
	}

	/** Creates the embedded server's application role, without a password (the server trusts local connections). */
	void createApplicationRole() {
		new JdbcTemplate(dataSource).execute("do $$ begin if not exists (select from pg_roles where rolname = '"
				+ quotedName() + "') then create role " + quotedName() + " login nosuperuser nocreatedb nocreaterole;"
				+ " end if; end $$");
	}

	/** After the migrations: what the application's role may do to each table (tables new since the last start included). */
	void grantApplicationRole() {
		if (applicationRole == null) {
			log.warn("The application connects as the schema's owner (set custodian.database.owner-username to a"
					+ " separate role): only triggers keep the audit trail append-only");
			return;
		}
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		String role = quotedName();
		jdbc.execute("grant usage on schema public to " + role);
		jdbc.execute("grant select, insert, update, delete on all tables in schema public to " + role);
		jdbc.execute("grant usage, select on all sequences in schema public to " + role);
		jdbc.execute("revoke update, delete, truncate, references, trigger on " + String.join(", ", APPEND_ONLY) + " from " + role);
		jdbc.execute("revoke insert, update, delete, truncate on flyway_schema_history from " + role);
	}

	private String quotedName() {
		if (applicationRole == null || !applicationRole.matches("[a-z_][a-z0-9_]{0,62}")) {
			throw new IllegalStateException("The application's database role must be a plain lower-case name: " + applicationRole);
		}
		return applicationRole;
	}
}

package org.custodian.database;

import java.util.Arrays;

import javax.sql.DataSource;

import org.custodian.database.DatabaseConfiguration.EmbeddedPostgresHolder;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * The configured database opened as its schema's owner without starting the application, for a
 * restore: it must look at the database before any migration runs, migrate it to exactly the
 * backup's schema version (the application would migrate to the newest), and write what the
 * application's role may not (sequences, and tables whose rows the migrations seeded). The embedded
 * PostgreSQL is started on the data directory unless a server already runs there.
 */
public final class SchemaSetup implements AutoCloseable {

	private static final String MIGRATIONS = "classpath:db/migration";

	private final EmbeddedPostgresHolder embedded;
	private final DatabaseOwner owner;

	private SchemaSetup(EmbeddedPostgresHolder embedded, DatabaseOwner owner) {
		this.embedded = embedded;
		this.owner = owner;
	}

	public static SchemaSetup open(DatabaseProperties properties) {
		EmbeddedPostgresHolder embedded = EmbeddedPostgresHolder.open(properties);
		try {
			return new SchemaSetup(embedded, DatabaseOwner.of(properties, embedded.jdbcUrl()));
		} catch (RuntimeException e) {
			stop(embedded);
			throw e;
		}
	}

	/** Connections as the schema's owner. */
	public DataSource ownerDataSource() {
		return owner.dataSource();
	}

	/** The newest schema version this code's migrations reach. */
	public String newestKnownVersion() {
		MigrationInfo[] all = flyway(null).info().all();
		return Arrays.stream(all).map(MigrationInfo::getVersion).filter(v -> v != null).max(MigrationVersion::compareTo)
				.map(MigrationVersion::getVersion).orElse("0");
	}

	/** Whether this code has a migration to exactly {@code version}. */
	public boolean knowsVersion(String version) {
		MigrationVersion wanted = MigrationVersion.fromVersion(version);
		return Arrays.stream(flyway(null).info().all()).anyMatch(m -> wanted.equals(m.getVersion()));
	}

	/** Migrates to {@code version} and no further, then grants the application's role what it may do. */
	public void migrateTo(String version) {
		flyway(version).migrate();
		owner.grantApplicationRole();
	}

	private Flyway flyway(@Nullable String target) {
		var configuration = Flyway.configure().dataSource(owner.dataSource()).locations(MIGRATIONS);
		if (target != null) {
			configuration.target(MigrationVersion.fromVersion(target));
		}
		return configuration.load();
	}

	@Override
	public void close() {
		stop(embedded);
	}

	private static void stop(EmbeddedPostgresHolder embedded) {
		try {
			embedded.close();
		} catch (Exception e) {
			throw new IllegalStateException("Could not stop the embedded PostgreSQL: " + e.getMessage(), e);
		}
	}
}

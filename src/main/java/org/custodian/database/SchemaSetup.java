package org.custodian.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.custodian.database.DatabaseConfiguration.EmbeddedPostgresHolder;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

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

	/**
	 * The schema versions this code's migrations reach, read from their file names ({@code V53__scanned_documents.sql}
	 * is version 53) without a database, so that a restore can refuse a backup before touching anything.
	 */
	public static List<String> knownVersions() {
		try {
			Resource[] files = new PathMatchingResourcePatternResolver().getResources(MIGRATIONS + "/V*__*.sql");
			return Arrays.stream(files).map(Resource::getFilename).filter(n -> n != null && n.contains("__"))
					.map(n -> MigrationVersion.fromVersion(n.substring(1, n.indexOf("__")).replace('_', '.')))
					.sorted().map(MigrationVersion::getVersion).toList();
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot list the migrations in " + MIGRATIONS, e);
		}
	}

	/** Migrates to {@code version} and no further, then grants the application's role what it may do. */
	public void migrateTo(String version) {
		flyway(version).migrate();
		owner.grantApplicationRole();
	}

	private Flyway flyway(String target) {
		return Flyway.configure().dataSource(owner.dataSource()).locations(MIGRATIONS).target(MigrationVersion.fromVersion(target))
				.load();
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

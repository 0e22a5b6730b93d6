package org.custodian.database;


import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The one DataSource: over the embedded PostgreSQL, or over the configured external one. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgresHolder embeddedPostgres(DatabaseProperties properties) {
		return EmbeddedPostgresHolder.open(properties);
	}

	@Bean
	DatabaseOwner databaseOwner(DatabaseProperties properties, EmbeddedPostgresHolder embedded) {
		return DatabaseOwner.of(properties, embedded.jdbcUrl());
	}

	/** Migrations run as the schema's owner, never as the application's role. */
	@Bean
	FlywayConfigurationCustomizer migrationsRunAsOwner(DatabaseOwner owner) {
		return configuration -> configuration.dataSource(owner.dataSource());
	}

	/** After migrating, the application's role is granted what it may do to each table, new ones included. */
	@Bean
	FlywayMigrationStrategy migrateThenGrant(DatabaseOwner owner) {
		return flyway -> {
			flyway.migrate();
			owner.grantApplicationRole();
		};
	}

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(DatabaseProperties properties, EmbeddedPostgresHolder embedded, DatabaseOwner owner) {
		HikariConfig config = new HikariConfig();
		if (embedded.jdbcUrl() != null) {
			config.setJdbcUrl(embedded.jdbcUrl());
			config.setUsername(DatabaseOwner.EMBEDDED_APPLICATION_ROLE);
		} else {
			config.setJdbcUrl(properties.url());
			config.setUsername(properties.username());
			config.setPassword(properties.password());
			log.info("Using external PostgreSQL at {}", properties.url());
		}
		// Multi-row INSERTs from JDBC batches: one round trip per batch instead of per row.
		config.addDataSourceProperty("reWriteBatchedInserts", "true");
		config.setMaximumPoolSize(properties.poolSize());
		config.setPoolName("custodian");
		config.setAutoCommit(true);
		return new HikariDataSource(config);
	}

	/** Lets the pool close before the server it points at. */
	record EmbeddedPostgresHolder(@Nullable EmbeddedPostgresServer server, @Nullable String jdbcUrl) implements AutoCloseable {

		/** None for an external database; else the one already running on the data directory (when asked to attach), or a new one. */
		static EmbeddedPostgresHolder open(DatabaseProperties properties) {
			if (!properties.embedded()) {
				return new EmbeddedPostgresHolder(null, null);
			}
			if (properties.attachToRunning()) {
				String running = EmbeddedPostgresServer.runningJdbcUrl(properties.dataDir());
				if (running != null) {
					log.info("Using the embedded PostgreSQL already running on {}", properties.dataDir());
					return new EmbeddedPostgresHolder(null, running);
				}
			}
			EmbeddedPostgresServer server = EmbeddedPostgresServer.start(properties.dataDir(), properties.embeddedPort());
			return new EmbeddedPostgresHolder(server, server.jdbcUrl());
		}

		@Override
		public void close() throws Exception {
			if (server != null) {
				server.close();
			}
		}
	}

}

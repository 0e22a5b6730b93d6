package org.custodian.database;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Where the record lives. With no {@code url}, an embedded PostgreSQL 17 keeps its cluster under
 * {@code dataDir/pg}; with a JDBC {@code url}, that server is used and the data directory only holds
 * local files.
 *
 * @param dataDir  local data directory (default {@code ./data})
 * @param url      JDBC URL of an external PostgreSQL, or empty for the embedded one
 * @param username the application's role on the external database
 * @param password its password
 * @param ownerUsername the role that owns the schema on the external database, which runs the
 *                 migrations and grants {@code username} what it may do (the audit trail: read and
 *                 append only); when empty, the application's role owns the schema
 * @param ownerPassword its password
 * @param poolSize connections in the pool
 * @param embeddedPort fixed port for the embedded server, or 0 for any free port
 * @param attachToRunning use the embedded server already running on {@code dataDir} (started by
 *                 {@code serve}) instead of refusing to start: for operator commands beside a server
 */
@Validated
@ConfigurationProperties("custodian.database")
public record DatabaseProperties(
		@NotNull Path dataDir,
		@Nullable String url,
		@Nullable String username,
		@Nullable String password,
		@Nullable String ownerUsername,
		@Nullable String ownerPassword,
		@Min(2) @Max(500) int poolSize,
		@Min(0) @Max(65535) int embeddedPort,
		boolean attachToRunning) {

	public DatabaseProperties {
		if (dataDir == null) {
			dataDir = Path.of("data");
		}
		if (poolSize == 0) {
			poolSize = 16;
		}
	}

	boolean embedded() {
		return url == null || url.isBlank();
	}
}

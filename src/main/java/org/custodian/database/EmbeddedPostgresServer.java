package org.custodian.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL 17 that is Custodian's real store by default. The embedding library
 * starts PostgreSQL with {@code fsync} and {@code synchronous_commit} off (it was written for
 * throwaway test databases); a health record must survive a power cut, so both are switched back
 * on here, together with {@code full_page_writes}. The cluster persists under the data directory.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	static EmbeddedPostgresServer start(Path dataDir, int port) {
		Path cluster = dataDir.toAbsolutePath().resolve("pg");
		try {
			Files.createDirectories(cluster);
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
					.setDataDirectory(cluster)
					.setCleanDataDirectory(false)
					.setRegisterShutdownHook(true)
					.setPGStartupWait(Duration.ofSeconds(120))
					.setServerConfig("fsync", "on")
					.setServerConfig("synchronous_commit", "on")
					.setServerConfig("full_page_writes", "on")
					.setServerConfig("max_connections", "200")
					.setServerConfig("shared_buffers", "512MB")
					.setServerConfig("max_wal_size", "4GB")
					.setServerConfig("checkpoint_timeout", "15min")
					.setServerConfig("listen_addresses", "127.0.0.1");
			if (port > 0) {
				builder.setPort(port);
			}
			EmbeddedPostgres pg = builder.start();
			log.info("Embedded PostgreSQL started on port {} with data in {}", pg.getPort(), cluster);
			return new EmbeddedPostgresServer(pg);
		} catch (IOException e) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + cluster
					+ " (is another Custodian using this data directory?): " + e.getMessage(), e);
		}
	}

	/** Without a user: the owner and the application's role connect to the same URL as themselves. */
	String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
	}

	/**
	 * The JDBC URL of an embedded PostgreSQL already running on {@code dataDir} (a server started by
	 * {@code custodian serve}), from the port PostgreSQL records in its {@code postmaster.pid}, if it
	 * answers; null otherwise. Lets operator commands work beside a running server.
	 */
	static @Nullable String runningJdbcUrl(Path dataDir) {
		Path pid = dataDir.toAbsolutePath().resolve("pg").resolve("postmaster.pid");
		try {
			List<String> lines = Files.readAllLines(pid);
			if (lines.size() < 4) {
				return null;
			}
			int port = Integer.parseInt(lines.get(3).trim());
			try (java.net.Socket socket = new java.net.Socket()) {
				socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
			}
			return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
		} catch (IOException | NumberFormatException e) {
			return null;
		}
	}

	@Override
	public void close() throws IOException {
		postgres.close();
	}
}

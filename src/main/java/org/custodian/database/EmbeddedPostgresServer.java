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
			stopOrphan(cluster);
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

	/**
	 * Stops a PostgreSQL that a Custodian killed without warning (kill -9, a crash, the machine's
	 * out-of-memory killer) left running on this cluster: nothing stopped it, and while it runs no new
	 * one can start on the data, so the server could not come back. It is told to shut down fast
	 * (SIGINT: open sessions are ended, the data left consistent) and waited for. One
	 * still held by a live Custodian (the embedding library's lock on {@code epg-lock}) is left alone,
	 * and so is a process that has taken a dead PostgreSQL's number.
	 */
	static void stopOrphan(Path cluster) throws IOException {
		Path pidFile = cluster.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(cluster.resolve("epg-lock"),
				java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
				java.nio.channels.FileLock lock = tryLock(channel)) {
			if (lock == null) {
				return; // a live Custodian holds it: starting will say so
			}
			List<String> lines = Files.readAllLines(pidFile);
			long pid;
			try {
				pid = Long.parseLong(lines.get(0).trim());
			} catch (RuntimeException e) {
				return; // not a pid file PostgreSQL wrote whole: PostgreSQL judges it
			}
			ProcessHandle postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
			String command = postmaster == null ? "" : postmaster.info().commandLine().orElse("");
			if (postmaster == null || pid == ProcessHandle.current().pid() || !command.contains("postgres") || !command.contains(
					"-D " + cluster)) {
				return; // gone (PostgreSQL recovers by itself from the stale file), or another program or cluster
			}
			log.warn("A PostgreSQL (pid {}) left running on {} by a Custodian that stopped without shutting it down is being"
					+ " stopped before starting again", pid, cluster);
			// A fast shutdown (SIGINT): any session still open (a command run beside the dead server) is ended, not waited for.
			new ProcessBuilder("kill", "-INT", String.valueOf(pid)).redirectErrorStream(true).start();
			try {
				postmaster.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
			} catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
				throw new IOException("The PostgreSQL (pid " + pid + ") left running on " + cluster + " did not stop", e);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while stopping PostgreSQL " + pid, e);
			}
		}
	}

	/** The lock, or null when a Custodian holds it (another process, or this one). */
	private static java.nio.channels.@Nullable FileLock tryLock(java.nio.channels.FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		} catch (java.nio.channels.OverlappingFileLockException heldHere) {
			return null;
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

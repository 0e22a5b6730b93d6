package org.custodian.ingest.hl7;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The MLLP listener (HL7's minimal lower layer protocol: a message between a vertical tab and a file
 * separator and carriage return) on {@code custodian.hl7.mllp-port} (off unless set), over TLS when
 * {@code custodian.hl7.mllp-tls-keystore} (PKCS#12) and {@code mllp-tls-password} are set, and taking
 * only senders with a certificate {@code mllp-tls-truststore} vouches for when that is set too. Plain
 * MLLP authenticates no sender: it belongs on a network only the hospital's interface engines reach. Each message is
 * handed to {@link Hl7Feed}, which keeps it before anything else, and its acknowledgement is written back
 * on the same connection only after that; a sender that gets no acknowledgement sends again, and the
 * control id keeps the second copy from being applied twice.
 */
@Component
class MllpListener implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MllpListener.class);
	static final int START = 0x0b;
	static final int END = 0x1c;
	static final int CR = 0x0d;
	/** Larger messages are refused: a sender in a loop must not exhaust the server. */
	static final int MOST_BYTES = 16 * 1024 * 1024;
	/** Senders served at once. */
	static final int MOST_CONNECTIONS = 32;
	/** How long a connection may stay silent. */
	static final java.time.Duration IDLE = java.time.Duration.ofMinutes(10);

	private final Hl7Feed feed;
	private final int port;
	private @Nullable ServerSocket server;
	private @Nullable ExecutorService connections;
	private volatile boolean running;

	private final @Nullable Path keystore;
	private final char[] keystorePassword;
	private final @Nullable Path truststore;

	@org.springframework.beans.factory.annotation.Autowired
	MllpListener(Hl7Feed feed, @Value("${custodian.hl7.mllp-port:-1}") int port,
			@Value("${custodian.hl7.mllp-tls-keystore:}") String keystore,
			@Value("${custodian.hl7.mllp-tls-password:}") String keystorePassword,
			@Value("${custodian.hl7.mllp-tls-truststore:}") String truststore) {
		this.truststore = truststore.isBlank() ? null : Path.of(truststore);
		this.feed = feed;
		this.port = port;
		this.keystore = keystore.isBlank() ? null : Path.of(keystore);
		this.keystorePassword = keystorePassword.toCharArray();
	}

	MllpListener(Hl7Feed feed, int port) {
		this(feed, port, "", "", "");
	}

	/** A plain server socket, or with a keystore (PKCS#12) configured, one that speaks TLS only. */
	private ServerSocket open() throws IOException {
		if (keystore == null) {
			return new ServerSocket(port);
		}
		try (InputStream in = Files.newInputStream(keystore)) {
			KeyStore keys = KeyStore.getInstance("PKCS12");
			keys.load(in, keystorePassword);
			KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			managers.init(keys, keystorePassword);
			javax.net.ssl.TrustManager[] senders = null;
			if (truststore != null) {
				// Senders prove who they are with a certificate this truststore (PKCS#12, same password) vouches for.
				try (InputStream trusted = Files.newInputStream(truststore)) {
					KeyStore known = KeyStore.getInstance("PKCS12");
					known.load(trusted, keystorePassword);
					javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
							javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
					trust.init(known);
					senders = trust.getTrustManagers();
				}
			}
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(managers.getKeyManagers(), senders, null);
			SSLServerSocket socket = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(port);
			socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
			socket.setNeedClientAuth(truststore != null);
			return socket;
		} catch (java.security.GeneralSecurityException e) {
			throw new IOException("The MLLP keystore " + keystore + " cannot be used: " + e.getMessage(), e);
		}
	}

	/** The port listened on (the one bound when 0 was asked for), or -1 when off. */
	int port() {
		return server == null ? -1 : server.getLocalPort();
	}

	@Override
	public void start() {
		running = true;
		// What a crash cut off between keeping and applying goes first, before any sender is heard.
		int recovered = feed.recover();
		if (recovered > 0) {
			log.info("Applied {} HL7 messages kept before the last stop", recovered);
		}
		if (port < 0) {
			return;
		}
		try {
			server = open();
		} catch (IOException e) {
			throw new IllegalStateException("Cannot listen for HL7 v2 on port " + port + ": " + e.getMessage(), e);
		}
		// At most this many senders at once; a further connection waits to be served rather than exhausting the server.
		connections = new java.util.concurrent.ThreadPoolExecutor(MOST_CONNECTIONS + 1, MOST_CONNECTIONS + 1, 60,
				TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
					Thread t = new Thread(r, "mllp");
					t.setDaemon(true);
					return t;
				});
		ServerSocket listening = server;
		connections.execute(() -> {
			while (!listening.isClosed()) {
				try {
					Socket socket = listening.accept();
					connections.execute(() -> serve(socket));
				} catch (IOException e) {
					if (!listening.isClosed()) {
						log.warn("Accepting an MLLP connection failed: {}", e.toString());
					}
				}
			}
		});
		log.info("Listening for HL7 v2 over MLLP{} on port {}", keystore == null ? "" : " with TLS", port());
	}

	private void serve(Socket socket) {
		String feedName = "mllp:" + port();
		try (socket; InputStream in = new java.io.BufferedInputStream(socket.getInputStream()); OutputStream out = socket
				.getOutputStream()) {
			socket.setSoTimeout((int) IDLE.toMillis()); // a silent connection is closed, not kept forever
			while (true) {
				byte[] message = readBytes(in);
				if (message == null) {
					return;
				}
				java.nio.charset.Charset charset = V2Charsets.of(message);
				Hl7Feed.Received r = feed.receive(new String(message, charset), feedName);
				out.write(START);
				out.write(r.ack().getBytes(charset));
				out.write(END);
				out.write(CR);
				out.flush();
			}
		} catch (SocketException | java.net.SocketTimeoutException closed) {
			// the sender hung up, or went quiet
		} catch (IOException | RuntimeException e) {
			log.warn("An MLLP connection from {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
		}
	}

	/** The next framed message as text (in its character set), or null at the end of the stream. */
	static @Nullable String read(InputStream in) throws IOException {
		byte[] bytes = readBytes(in);
		return bytes == null ? null : V2Charsets.decode(bytes);
	}

	/** The next framed message's bytes, or null at the end of the stream. */
	static byte @Nullable [] readBytes(InputStream in) throws IOException {
		int b;
		do {
			b = in.read();
			if (b < 0) {
				return null;
			}
		} while (b != START);
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		while (true) {
			b = in.read();
			if (b < 0) {
				return null; // cut off mid-message: not acknowledged, so the sender sends it again
			}
			if (b == END) {
				int cr = in.read();
				if (cr != CR) {
					throw new IOException("An MLLP frame not closed by a carriage return after its end byte");
				}
				return message.toByteArray();
			}
			if (message.size() >= MOST_BYTES) {
				throw new IOException("An MLLP message larger than " + MOST_BYTES + " bytes");
			}
			message.write(b);
		}
	}

	@Override
	public void stop() {
		running = false;
		try {
			if (server != null) {
				server.close();
			}
		} catch (IOException e) {
			log.debug("Closing the MLLP listener: {}", e.toString());
		}
		if (connections != null) {
			connections.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}
}

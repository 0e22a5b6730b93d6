package org.custodian.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * This server's signing keys: RSA key pairs kept as JWKs in {@code DATA_DIR/keys}, readable by their
 * owner only, created on first use; {@code token-signing} signs access tokens (whoever can read it
 * can mint tokens, which is why {@code custodian token} must run on the server host with access to
 * the data directory), {@code audit-signing} the audit trail's checkpoints.
 */
public final class SigningKey {

	private SigningKey() {
	}

	public static RSAKey loadOrCreate(Path dataDir) {
		return loadOrCreate(dataDir, "token-signing");
	}

	/** The key {@code DATA_DIR/keys/NAME.jwk.json}, created on first use (the audit trail signs its checkpoints with its own). */
	public static RSAKey loadOrCreate(Path dataDir, String name) {
		Path file = dataDir.resolve("keys").resolve(name + ".jwk.json");
		try {
			if (Files.exists(file)) {
				return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
			}
			KeyFiles.ownerOnlyDirectory(file.getParent());
			RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
			Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp");
			try {
				Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
			} catch (UnsupportedOperationException e) {
				// not a POSIX file system: rely on the directory's permissions
			}
			Files.writeString(tmp, key.toJSONString(), StandardCharsets.UTF_8);
			try {
				// A hard link is created atomically or not at all: of two processes starting at once,
				// the first key written wins and both read it back.
				Files.createLink(file, tmp);
			} catch (java.nio.file.FileAlreadyExistsException e) {
				// the other process won
			} finally {
				Files.deleteIfExists(tmp);
			}
			return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read or create the token-signing key in " + file.getParent(), e);
		} catch (ParseException | JOSEException e) {
			throw new IllegalStateException("The token-signing key " + file + " is not a valid RSA JWK", e);
		}
	}
}

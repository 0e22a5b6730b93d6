package org.custodian.access;

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
 * This server's token-signing key: an RSA key pair kept as a JWK in {@code DATA_DIR/keys}, readable
 * by its owner only, created on first use. Whoever can read it can mint tokens, which is why
 * {@code custodian token} must run on the server host with access to the data directory.
 */
final class SigningKey {

	private SigningKey() {
	}

	static RSAKey loadOrCreate(Path dataDir) {
		Path file = dataDir.resolve("keys").resolve("token-signing.jwk.json");
		try {
			if (Files.exists(file)) {
				return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
			}
			Files.createDirectories(file.getParent());
			RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
			Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp");
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

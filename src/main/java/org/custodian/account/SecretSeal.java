package org.custodian.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals TOTP secrets before they are stored: AES-256-GCM under a key kept in
 * {@code DATA_DIR/keys/account-secrets.key} (owner-only, created on first use), not in the database.
 * A copy of the database alone (a backup, a replica) then does not hand out everyone's second factor.
 * The username is bound in as associated data, so a sealed secret moved to another row does not open.
 */
final class SecretSeal {

	private static final String PREFIX = "v1:";
	private static final int IV_BYTES = 12;
	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	SecretSeal(Path dataDir) {
		this.key = new SecretKeySpec(loadOrCreate(dataDir.resolve("keys").resolve("account-secrets.key")), "AES");
	}

	String seal(byte[] secret, String username) {
		byte[] iv = new byte[IV_BYTES];
		RANDOM.nextBytes(iv);
		byte[] sealed = crypt(Cipher.ENCRYPT_MODE, iv, secret, username);
		return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed)
				.array());
	}

	byte[] open(String stored, String username) {
		if (!stored.startsWith(PREFIX)) {
			throw new IllegalStateException("A stored second-factor secret is not sealed");
		}
		byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
		byte[] iv = java.util.Arrays.copyOfRange(all, 0, IV_BYTES);
		return crypt(Cipher.DECRYPT_MODE, iv, java.util.Arrays.copyOfRange(all, IV_BYTES, all.length), username);
	}

	private byte[] crypt(int mode, byte[] iv, byte[] input, String username) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(mode, key, new GCMParameterSpec(128, iv));
			cipher.updateAAD(username.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return cipher.doFinal(input);
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("Cannot " + (mode == Cipher.ENCRYPT_MODE ? "seal" : "open")
					+ " a second-factor secret (is " + "keys/account-secrets.key the one it was sealed with?)", e);
		}
	}

	private static byte[] loadOrCreate(Path file) {
		try {
			if (!Files.exists(file)) {
				byte[] fresh = new byte[32];
				RANDOM.nextBytes(fresh);
				org.custodian.support.KeyFiles.createIfAbsent(file, fresh);
			}
			byte[] key = Files.readAllBytes(file);
			if (key.length != 32) {
				throw new IllegalStateException(file + " is not a 256-bit key");
			}
			return key;
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read or create the account secrets key " + file, e);
		}
	}
}

package org.custodian.record.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A sealed body: {@code 1} (the format), the data key's id (8 bytes), a random 96-bit nonce, then the
 * AES-256-GCM ciphertext and its tag. The version's identity ({@code Type/id/version}) is bound in as
 * associated data, so a body copied onto another row does not open.
 */
final class BodyCipher {

	static final byte FORMAT = 1;
	static final int HEADER = 1 + 8 + 12;
	private static final SecureRandom RANDOM = new SecureRandom();

	private BodyCipher() {
	}

	static byte[] seal(long keyId, SecretKey key, byte[] plain, String type, String id, int version) {
		return seal(keyId, key, plain, identity(type, id, version));
	}

	/** As {@link #seal(long, SecretKey, byte[], String, String, int)}, with the caller's associated data. */
	static byte[] seal(long keyId, SecretKey key, byte[] plain, byte[] associated) {
		byte[] nonce = new byte[12];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
			cipher.updateAAD(associated);
			ByteBuffer out = ByteBuffer.allocate(HEADER + cipher.getOutputSize(plain.length));
			out.put(FORMAT).putLong(keyId).put(nonce);
			cipher.doFinal(ByteBuffer.wrap(plain), out);
			return out.array();
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("Cannot seal", e);
		}
	}

	/** The id of the data key a sealed body needs. */
	static long keyId(byte[] sealed) {
		if (sealed.length < HEADER || sealed[0] != FORMAT) {
			throw new IllegalStateException("Not a sealed body");
		}
		return ByteBuffer.wrap(sealed, 1, 8).getLong();
	}

	static byte[] open(SecretKey key, byte[] sealed, String type, String id, int version) {
		return open(key, sealed, identity(type, id, version), type + "/" + id + "/_history/" + version);
	}

	/** As {@link #open(SecretKey, byte[], String, String, int)}, with the caller's associated data. */
	static byte[] open(SecretKey key, byte[] sealed, byte[] associated, String what) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 9, 12));
			cipher.updateAAD(associated);
			return cipher.doFinal(sealed, HEADER, sealed.length - HEADER);
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException(what + " does not open with its key: it was altered or moved from another row", e);
		}
	}

	private static byte[] identity(String type, String id, int version) {
		return (type + "/" + id + "/" + version).getBytes(StandardCharsets.UTF_8);
	}
}

package org.custodian.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Message digests of bytes and text: SHA-256 for content identity, SHA-1 only where a standard fixes it (FHIR's Attachment.hash). */
public final class Digests {

	private Digests() {}

	public static byte[] sha256(byte[] bytes) {
		return of("SHA-256", bytes);
	}

	/** Of the text's UTF-8 bytes. */
	public static byte[] sha256(String text) {
		return sha256(text.getBytes(StandardCharsets.UTF_8));
	}

	public static byte[] sha1(byte[] bytes) {
		return of("SHA-1", bytes);
	}

	private static byte[] of(String algorithm, byte[] bytes) {
		try {
			return MessageDigest.getInstance(algorithm).digest(bytes);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
		}
	}
}

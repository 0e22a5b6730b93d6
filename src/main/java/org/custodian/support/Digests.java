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

	/** A SHA-256 to feed a stream through (a backup's files are too large to hold in memory). */
	public static MessageDigest sha256() {
		return algorithm("SHA-256");
	}

	private static byte[] of(String algorithm, byte[] bytes) {
		return algorithm(algorithm).digest(bytes);
	}

	private static MessageDigest algorithm(String algorithm) {
		try {
			return MessageDigest.getInstance(algorithm);
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
		}
	}
}

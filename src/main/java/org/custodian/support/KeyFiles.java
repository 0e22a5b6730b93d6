package org.custodian.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Key files under {@code DATA_DIR/keys}: written whole, owner-only, and never half-written. */
public final class KeyFiles {

	private KeyFiles() {
	}

	/**
	 * Creates {@code file} with {@code content} unless it exists (of two processes creating it at once,
	 * one wins and both then read its content); answers whether this call created it.
	 */
	public static boolean createIfAbsent(Path file, byte[] content) {
		try {
			Path tmp = ownerOnlyTemp(file, content);
			try {
				Files.createLink(file, tmp);
				forceDirectory(file.getParent());
				return true;
			} catch (FileAlreadyExistsException e) {
				return false;
			} finally {
				Files.deleteIfExists(tmp);
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot write the key file " + file, e);
		}
	}

	/** Replaces {@code file} with {@code content} in one step (written beside it, synced, then renamed over it). */
	public static void replace(Path file, byte[] content) {
		try {
			Path tmp = ownerOnlyTemp(file, content);
			Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			forceDirectory(file.getParent());
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot write the key file " + file, e);
		}
	}

	/** Creates {@code dir} readable by its owner only, unless it exists. */
	public static void ownerOnlyDirectory(Path dir) throws IOException {
		if (Files.isDirectory(dir)) {
			return;
		}
		Files.createDirectories(dir);
		try {
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		} catch (UnsupportedOperationException e) {
			// not a POSIX file system
		}
	}

	/** Forces a directory's entries to disk: a file just linked or renamed in it survives a power cut. */
	public static void forceDirectory(Path dir) throws IOException {
		try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
			channel.force(true);
		} catch (IOException e) {
			// Some file systems refuse to open a directory this way; there the rename is as durable as they make it.
			if (!(e instanceof java.nio.file.AccessDeniedException) && !e.getMessage().contains("Is a directory")) {
				throw e;
			}
		}
	}

	private static Path ownerOnlyTemp(Path file, byte[] content) throws IOException {
		ownerOnlyDirectory(file.getParent());
		// Hidden: nothing that lists the keys (a backup) picks a half-written one up.
		Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp");
		try {
			Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
		} catch (UnsupportedOperationException e) {
			// not a POSIX file system: the directory's permissions must do
		}
		try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(tmp,
				java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
			channel.write(java.nio.ByteBuffer.wrap(content));
			channel.force(true);
		}
		return tmp;
	}
}

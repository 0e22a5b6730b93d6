package org.custodian.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.custodian.support.Digests;

/**
 * The files of a backup, which hold every patient's record and the server's keys: directories and
 * files readable by their owner only (where the file system has POSIX permissions), each file forced
 * to disk before the backup is said to be complete, and a directory that appears under its final
 * name only whole.
 */
final class BackupFiles {

	private BackupFiles() {
	}

	/** A new directory only its owner may enter. */
	static Path ownerOnlyDirectory(Path dir) throws IOException {
		Files.createDirectory(dir);
		try {
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
		} catch (UnsupportedOperationException e) {
			// not a POSIX file system: the operator keeps the backup where only they can read it (README)
		}
		return dir;
	}

	/** A new, empty file only its owner may read, to write into. */
	static OutputStream ownerOnlyFile(Path file) throws IOException {
		OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		} catch (UnsupportedOperationException e) {
			// as above
		}
		return out;
	}

	/** Copies {@code from} into a new owner-only file; returns the SHA-256 of what was copied, in hex. */
	static String copy(Path from, Path to) throws IOException {
		MessageDigest sha = Digests.sha256();
		try (InputStream in = new DigestInputStream(Files.newInputStream(from), sha); OutputStream out = ownerOnlyFile(to)) {
			in.transferTo(out);
		}
		return HexFormat.of().formatHex(sha.digest());
	}

	static String sha256(Path file) throws IOException {
		MessageDigest sha = Digests.sha256();
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		return HexFormat.of().formatHex(sha.digest());
	}

	/** Forces a file's content, or a directory's entries, to disk. */
	static void force(Path path) throws IOException {
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			channel.force(true);
		} catch (IOException e) {
			if (!Files.isDirectory(path)) {
				throw e;
			}
			// some platforms cannot open a directory to force it; its files were forced one by one
		}
	}

	/** Forces every file below {@code dir} and the directories themselves to disk, innermost first. */
	static void forceTree(Path dir) throws IOException {
		try (var paths = Files.walk(dir)) {
			for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				force(p);
			}
		}
	}

	/**
	 * Gives a complete directory its final name in one step, which fails rather than replace anything
	 * there, and forces the parent's entry to disk.
	 */
	static void publish(Path complete, Path target) throws IOException {
		if (Files.exists(target)) {
			throw new FileAlreadyExistsException(target.toString());
		}
		Files.move(complete, target, StandardCopyOption.ATOMIC_MOVE);
		force(target.toAbsolutePath().getParent());
	}
}

package org.custodian.record.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.custodian.support.KeyFiles;

/**
 * The charts destroyed ({@code DATA_DIR/keys/destroyed-charts}), kept with the master keys and, like
 * them, apart from backups: one line per Patient destroyed, naming it exactly (internal id, id, and
 * the time its first version was written, so that no other patient, even one given the same numbers
 * after a restore, is ever taken for it). A backup taken before a destruction still holds that chart;
 * when it is restored, the server finds the charts listed here and destroys them again at start.
 */
public final class DestroyedCharts {

	/** The register's name in {@code DATA_DIR/keys}. */
	public static final String FILE = "destroyed-charts";

	/** One Patient destroyed, as it was named in the store. */
	public record Entry(long resId, String id, Instant firstWritten) {}

	private final Path file;

	public DestroyedCharts(Path file) {
		this.file = file;
	}

	/** Appends the Patients of a chart just destroyed (forced to disk, with the directory entry, before it returns). */
	public synchronized void append(List<Entry> entries) {
		if (entries.isEmpty()) {
			return;
		}
		StringBuilder lines = new StringBuilder();
		Instant now = Instant.now();
		for (Entry e : entries) {
			lines.append(e.resId()).append(' ').append(e.id()).append(' ').append(e.firstWritten()).append(' ').append(now)
					.append('\n');
		}
		try {
			boolean created = !Files.exists(file);
			Files.createDirectories(file.getParent());
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND)) {
				channel.write(ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII)));
				channel.force(true);
			}
			if (created) {
				try {
					Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
				} catch (UnsupportedOperationException e) {
					// not a POSIX file system: the directory's permissions must do
				}
				KeyFiles.forceDirectory(file.getParent());
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Could not enter destroyed charts in " + file, e);
		}
	}

	public List<Entry> entries() {
		List<Entry> entries = new ArrayList<>();
		if (!Files.exists(file)) {
			return entries;
		}
		try {
			for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
				String[] parts = line.trim().split(" ");
				if (parts.length >= 3 && parts[0].matches("[0-9]+")) {
					entries.add(new Entry(Long.parseLong(parts[0]), parts[1], Instant.parse(parts[2])));
				}
			}
			return entries;
		} catch (IOException | RuntimeException e) {
			throw new IllegalStateException("Could not read the destroyed charts in " + file + ": " + e.getMessage(), e);
		}
	}
}

package org.custodian.record.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data keys shredded when charts were destroyed ({@code DATA_DIR/keys/shredded.keys}, one line per
 * key: its id, the owner's internal id, when), kept with the master keys and, like them, apart from
 * backups. A backup taken before a destruction still holds the chart and its wrapped data key; when
 * such a backup is restored, the server removes the keys listed here at start, and the charts are
 * destroyed again, so a destroyed chart never comes back readable from a backup.
 */
public final class ShredRegister {

	/** The register's name in {@code DATA_DIR/keys}. */
	public static final String FILE = "shredded.keys";

	private final Path file;

	public ShredRegister(Path file) {
		this.file = file;
	}

	/** Appends the keys shredded (forced to disk before it returns). */
	synchronized void append(Map<Long, Long> ownersByKey) {
		if (ownersByKey.isEmpty()) {
			return;
		}
		StringBuilder lines = new StringBuilder();
		Instant now = Instant.now();
		ownersByKey.forEach((key, owner) -> lines.append(key).append(' ').append(owner).append(' ').append(now).append('\n'));
		try {
			Files.createDirectories(file.getParent());
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND)) {
				channel.write(ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII)));
				channel.force(true);
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Could not record shredded data keys in " + file, e);
		}
	}

	/** Every key shredded, with its owner. */
	Map<Long, Long> shredded() {
		Map<Long, Long> keys = new LinkedHashMap<>();
		if (!Files.exists(file)) {
			return keys;
		}
		try {
			List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
			for (String line : lines) {
				String[] parts = line.trim().split(" ");
				if (parts.length >= 2 && parts[0].matches("[0-9]+") && parts[1].matches("[0-9]+")) {
					keys.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
				}
			}
			return keys;
		} catch (IOException e) {
			throw new UncheckedIOException("Could not read the shredded data keys in " + file, e);
		}
	}
}

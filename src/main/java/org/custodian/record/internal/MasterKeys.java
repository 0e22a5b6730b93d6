package org.custodian.record.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import org.custodian.support.Digests;
import org.custodian.support.KeyFiles;
import org.jspecify.annotations.Nullable;

/**
 * The master keys that wrap the patients' data keys: never in the database. Either supplied by
 * configuration ({@code custodian.encryption.master-key}, base64 of 32 bytes, with any previous ones
 * in {@code custodian.encryption.previous-master-keys}), or kept in a key file
 * ({@code DATA_DIR/keys/master.keys}, owner-only, created on first use): one key per line as
 * {@code id base64}, the first the current one, the others retired but still able to open data keys
 * wrapped before a rotation (in older backups). A key's id is the start of its SHA-256, so the same
 * key always has the same id wherever it is supplied.
 */
public final class MasterKeys {

	/** The key file's name in {@code DATA_DIR/keys}. */
	public static final String FILE = "master.keys";
	private static final SecureRandom RANDOM = new SecureRandom();

	private final @Nullable Path file;
	private volatile Map<String, SecretKeySpec> keys;
	private volatile long readAt;

	private MasterKeys(@Nullable Path file, Map<String, SecretKeySpec> keys) {
		this.file = file;
		this.keys = keys;
		this.readAt = modified();
	}

	/** The keys configured; none given, those of {@code file}, which is created with a fresh key if absent. */
	public static MasterKeys of(@Nullable String configured, List<String> previous, Path file) {
		if (configured != null && !configured.isBlank()) {
			Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
			add(keys, decode(configured, "custodian.encryption.master-key"));
			for (String p : previous) {
				if (!p.isBlank()) {
					add(keys, decode(p, "custodian.encryption.previous-master-keys"));
				}
			}
			return new MasterKeys(null, keys);
		}
		if (!Files.exists(file)) {
			KeyFiles.createIfAbsent(file, line(fresh()).getBytes(StandardCharsets.US_ASCII));
		}
		return new MasterKeys(file, read(file));
	}

	/** The current key's id; the file is read again if it changed (a rotation by the command line beside a running server). */
	public String currentId() {
		if (file != null && modified() != readAt) {
			reload();
		}
		return keys.keySet().iterator().next();
	}

	/** The key {@code id}; the file is read again first if it is not known (another process rotated it). */
	SecretKeySpec byId(String id) {
		SecretKeySpec key = keys.get(id);
		if (key == null && file != null) {
			reload();
			key = keys.get(id);
		}
		if (key == null) {
			throw new IllegalStateException("Master key " + id + " is not available: restore " + (file != null ? file
					: "custodian.encryption.previous-master-keys") + " with it (the data keys it wrapped cannot be opened"
					+ " without it)");
		}
		return key;
	}

	/** The ids of the keys in {@code file} (if it exists) and of the keys configured (base64, comma-separated previous ones). */
	public static java.util.Set<String> idsAvailable(Path file, @Nullable String configured, @Nullable String previous) {
		java.util.Set<String> ids = new java.util.LinkedHashSet<>();
		if (Files.exists(file)) {
			ids.addAll(read(file).keySet());
		}
		for (String key : (String.valueOf(configured) + "," + String.valueOf(previous)).split(",")) {
			if (!key.isBlank() && !key.equals("null")) {
				ids.add(idOf(decode(key, "the configured master key")));
			}
		}
		return ids;
	}

	/** The ids of the keys known, current first. */
	public List<String> ids() {
		return new ArrayList<>(keys.keySet());
	}

	/**
	 * Makes a new current key in the key file, keeping the others after it (retired); answers its id.
	 * Configured keys are rotated by configuration instead.
	 */
	public String rotate() {
		if (file == null) {
			throw new IllegalStateException("The master key comes from configuration: set the new one in"
					+ " custodian.encryption.master-key and move the old one to custodian.encryption.previous-master-keys");
		}
		byte[] fresh = fresh();
		StringBuilder content = new StringBuilder(line(fresh));
		for (Map.Entry<String, SecretKeySpec> e : read(file).entrySet()) {
			content.append(e.getKey()).append(' ').append(Base64.getEncoder().encodeToString(e.getValue().getEncoded()))
					.append('\n');
		}
		KeyFiles.replace(file, content.toString().getBytes(StandardCharsets.US_ASCII));
		reload();
		return idOf(fresh);
	}

	private synchronized void reload() {
		long at = modified();
		keys = read(file);
		readAt = at;
	}

	private long modified() {
		try {
			return file == null ? 0 : Files.getLastModifiedTime(file).toMillis();
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read the master keys in " + file, e);
		}
	}

	private static Map<String, SecretKeySpec> read(Path file) {
		try {
			Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
			for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
				String[] parts = line.trim().split("\\s+");
				if (parts.length == 2) {
					byte[] key = decode(parts[1], file.toString());
					if (!idOf(key).equals(parts[0])) {
						throw new IllegalStateException(file + ": the key on the line of " + parts[0] + " is not that key");
					}
					add(keys, key);
				}
			}
			if (keys.isEmpty()) {
				throw new IllegalStateException(file + " holds no master key");
			}
			return keys;
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read the master keys in " + file, e);
		}
	}

	private static void add(Map<String, SecretKeySpec> keys, byte[] key) {
		keys.put(idOf(key), new SecretKeySpec(key, "AES"));
	}

	private static byte[] decode(String base64, String where) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64.trim());
		} catch (IllegalArgumentException e) {
			throw new IllegalStateException(where + " is not base64", e);
		}
		if (key.length != 32) {
			throw new IllegalStateException(where + " is not a 256-bit key (32 bytes, base64)");
		}
		return key;
	}

	private static byte[] fresh() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return key;
	}

	private static String line(byte[] key) {
		return idOf(key) + " " + Base64.getEncoder().encodeToString(key) + "\n";
	}

	static String idOf(byte[] key) {
		return HexFormat.of().formatHex(Digests.sha256(key), 0, 8);
	}
}

package org.custodian.search.battery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which resource on one server is which Synthea resource: {@code Type/serverId} ⇄
 * {@code Type/uuid}. Learnt from the responses to the loading bundles (entry by entry, in order),
 * so results can be compared across servers that assigned different ids, and queries written in
 * Synthea terms can name the server's own ids.
 */
public final class ServerIds {

	private final Map<String, String> toIdentity = new HashMap<>();
	private final Map<String, String> toServer = new HashMap<>();

	public void put(String serverRef, String identity) {
		toIdentity.put(serverRef, identity);
		toServer.putIfAbsent(identity, serverRef);
	}

	/** {@code Type/serverId} for a Synthea identity; fails if that resource was not loaded. */
	public String serverRef(String identity) {
		String ref = toServer.get(identity);
		if (ref == null) {
			throw new IllegalStateException(identity + " was not loaded on this server");
		}
		return ref;
	}

	/** The Synthea identity of a server resource, or {@code null} when it is not from the data set. */
	public String identity(String serverRef) {
		return toIdentity.get(serverRef);
	}

	public int size() {
		return toIdentity.size();
	}

	/** One {@code Type/serverId<TAB>Type/uuid} line a resource, so a later run can reuse a loaded server. */
	public void save(Path file) {
		List<String> lines = new ArrayList<>();
		new TreeMap<>(toIdentity).forEach((server, identity) -> lines.add(server + "\t" + identity));
		try {
			Files.write(file, lines);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static ServerIds load(Path file) {
		ServerIds ids = new ServerIds();
		try {
			for (String line : Files.readAllLines(file)) {
				String[] parts = line.split("\t");
				if (parts.length == 2) {
					ids.put(parts[0], parts[1]);
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return ids;
	}
}

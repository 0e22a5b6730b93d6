package org.custodian.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Given names that are the same name (Bob and Robert, Peggy and Margaret): each line of
 * {@code identity/nicknames.txt} is one group, its formal name first.
 */
final class Nicknames {

	private static final Map<String, Set<String>> GROUPS = load();

	private Nicknames() {
	}

	static boolean same(String a, String b) {
		Set<String> group = GROUPS.get(a);
		return group != null && group.contains(b);
	}

	private static Map<String, Set<String>> load() {
		Map<String, Set<String>> groups = new HashMap<>();
		try (InputStream in = Nicknames.class.getResourceAsStream("/identity/nicknames.txt");
				BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = r.readLine()) != null) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				Set<String> names = new HashSet<>();
				for (String n : line.trim().split("\\s+")) {
					names.add(n.toLowerCase(java.util.Locale.ROOT));
				}
				for (String n : names) {
					groups.computeIfAbsent(n, k -> new HashSet<>()).addAll(names);
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return groups;
	}
}

package org.custodian.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of an import, in the order they must load: Synthea's shared organization and
 * practitioner bundles first (patient bundles refer to them conditionally), then everything else by
 * name. Accepts one file or a folder (not recursive) of {@code .json} bundles or resources and
 * {@code .ndjson} files.
 */
final class ImportSource {

	private ImportSource() {}

	static List<Path> files(Path path) throws IOException {
		if (!Files.exists(path)) {
			throw new IOException(path + " does not exist");
		}
		if (Files.isRegularFile(path)) {
			return List.of(path);
		}
		List<Path> files;
		try (Stream<Path> s = Files.list(path)) {
			files = new ArrayList<>(s.filter(Files::isRegularFile).filter(ImportSource::supported).toList());
		}
		files.sort(Comparator.comparingInt(ImportSource::rank).thenComparing(p -> p.getFileName().toString()));
		return files;
	}

	static boolean isNdjson(Path p) {
		String n = p.getFileName().toString();
		return n.endsWith(".ndjson") || n.endsWith(".ndjson.gz");
	}

	private static boolean supported(Path p) {
		String n = p.getFileName().toString();
		return n.endsWith(".json") || isNdjson(p);
	}

	private static int rank(Path p) {
		String n = p.getFileName().toString();
		if (n.startsWith("hospitalInformation")) {
			return 0;
		}
		if (n.startsWith("practitionerInformation")) {
			return 1;
		}
		return 2;
	}
}

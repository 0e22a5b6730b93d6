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

	/**
	 * Files whose resources others refer to go first: Synthea's shared bundles, then NDJSON files of
	 * the types most referred to (a bulk export names each file after its type). What still arrives
	 * before its target is retried at the end.
	 */
	private static final List<String> REFERRED_FIRST = List.of("hospitalInformation", "practitionerInformation",
			"Organization", "Location", "Practitioner", "PractitionerRole", "Medication.", "Patient", "Device",
			"Encounter", "Condition", "Procedure", "Observation", "DiagnosticReport", "MedicationRequest", "Claim");

	private static int rank(Path p) {
		String n = p.getFileName().toString();
		for (int i = 0; i < REFERRED_FIRST.size(); i++) {
			if (n.startsWith(REFERRED_FIRST.get(i))) {
				return i;
			}
		}
		return REFERRED_FIRST.size();
	}
}

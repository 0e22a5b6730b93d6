package org.custodian.search.battery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The Synthea bundles the search battery is built on, in the order a server must load them: the
 * hospital and practitioner batches first (patient bundles refer to their resources conditionally,
 * {@code Practitioner?identifier=…}), then one transaction per patient, by file name. Files may be
 * gzipped ({@code .json.gz}, as committed under {@code src/test/resources/synthea}) or plain.
 */
public final class SyntheaDataSet {

	/** The data set committed with the tests (see {@code src/test/resources/synthea/README.md}). */
	public static final String COMMITTED = "synthea";

	private final Path folder;
	private final List<Path> files;

	private SyntheaDataSet(Path folder, List<Path> files) {
		this.folder = folder;
		this.files = files;
	}

	/** The committed data set, found on the test class path. */
	public static SyntheaDataSet committed() {
		URL url = SyntheaDataSet.class.getClassLoader().getResource(COMMITTED);
		if (url == null) {
			throw new IllegalStateException("The Synthea data set '" + COMMITTED + "' is not on the test class path");
		}
		try {
			return in(Path.of(url.toURI()));
		} catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The bundles in {@code folder}, or in its {@code fhir/} sub-folder (Synthea's own layout). */
	public static SyntheaDataSet in(Path folder) {
		Path dir = Files.isDirectory(folder.resolve("fhir")) ? folder.resolve("fhir") : folder;
		try (Stream<Path> list = Files.list(dir)) {
			List<Path> bundles = list.filter(p -> p.getFileName().toString().matches(".*\\.json(\\.gz)?"))
					.sorted(Comparator.comparing(SyntheaDataSet::loadRank).thenComparing(p -> p.getFileName().toString()))
					.toList();
			if (bundles.isEmpty()) {
				throw new IllegalStateException("No Synthea bundles (*.json, *.json.gz) in " + dir);
			}
			return new SyntheaDataSet(dir, bundles);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public Path folder() {
		return folder;
	}

	public List<Path> files() {
		return files;
	}

	/** A bundle's JSON text, un-gzipped. */
	public static byte[] read(Path file) {
		try (InputStream raw = Files.newInputStream(file);
				InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
			return in.readAllBytes();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Every bundle's text, in load order. */
	public List<byte[]> readAll() {
		List<byte[]> out = new ArrayList<>();
		for (Path f : files) {
			out.add(read(f));
		}
		return out;
	}

	private static int loadRank(Path p) {
		String name = p.getFileName().toString();
		if (name.startsWith("hospitalInformation")) {
			return 0;
		}
		return name.startsWith("practitionerInformation") ? 1 : 2;
	}
}

package org.custodian.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared public test data, read in place from {@code ../shared/corpora} beside the project. */
public final class SharedCorpora {

	private SharedCorpora() {}

	public static Path path(String relative) {
		Path root = Path.of("../shared/corpora").toAbsolutePath().normalize();
		if (!Files.isDirectory(root)) {
			throw new IllegalStateException("The shared corpora are missing: expected them at " + root
					+ " (the 'shared' folder next to the project checkout)");
		}
		Path p = root.resolve(relative);
		if (!Files.exists(p)) {
			throw new IllegalStateException("Missing corpus file or folder " + p);
		}
		return p;
	}
}

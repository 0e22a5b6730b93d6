package org.custodian.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/** The files a loading command reads: the one named, or those of a folder (not recursive) that fit, by name. */
final class InputFiles {

	private InputFiles() {}

	/** The files, or null (with the error printed) when the path is neither a file nor a folder. */
	static @Nullable List<Path> of(Path path, Predicate<Path> fits) throws IOException {
		if (Files.isDirectory(path)) {
			try (Stream<Path> listed = Files.list(path)) {
				return listed.filter(f -> Files.isRegularFile(f) && fits.test(f)).sorted().toList();
			}
		}
		if (Files.isRegularFile(path)) {
			return List.of(path);
		}
		System.err.println("error: no file or folder " + path);
		return null;
	}
}

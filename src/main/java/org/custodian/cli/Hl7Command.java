package org.custodian.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.custodian.ingest.hl7.Hl7Feed;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** HL7 v2 messages from files (a batch a sender could not send over MLLP, or a feed's archive). */
@Command(name = "hl7", mixinStandardHelpOptions = true, description = "HL7 v2 messages from files.",
		subcommands = Hl7Command.Load.class)
final class Hl7Command {

	@Command(name = "load", mixinStandardHelpOptions = true,
			description = "Keep and apply the HL7 v2 messages in a file or in the files of a folder (several messages to a file,"
					+ " each starting with MSH), as from a feed: duplicates are not applied twice, errors wait for replay.")
	static final class Load implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "PATH")
		Path path;

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() throws Exception {
			List<Path> files = InputFiles.of(path, f -> true);
			if (files == null) {
				return 2;
			}
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				Hl7Feed feed = context.getBean(Hl7Feed.class);
				Map<String, Integer> outcomes = new TreeMap<>();
				List<String> problems = new ArrayList<>();
				for (Path file : files) {
					for (String message : messages(org.custodian.ingest.hl7.V2Charsets.decode(Files.readAllBytes(file)))) {
						Hl7Feed.Received r = feed.receive(message, "file:" + file.getFileName());
						outcomes.merge(r.status(), 1, Integer::sum);
						if (r.error() != null && !r.status().equals("duplicate")) {
							problems.add(file.getFileName() + " message " + r.id() + ": " + r.error());
						}
					}
				}
				System.out.println("Read " + outcomes.values().stream().mapToInt(Integer::intValue).sum() + " messages from "
						+ files.size() + " files: " + outcomes);
				problems.stream().limit(20).forEach(p -> System.out.println("  " + p));
				return problems.isEmpty() ? 0 : 1;
			}
		}

		/** The messages of a file: each begins with an MSH segment at the start of a line. */
		static List<String> messages(String text) {
			List<String> out = new ArrayList<>();
			StringBuilder current = null;
			for (String line : text.split("\\r\\n|\\r|\\n")) {
				if (line.startsWith("MSH")) {
					if (current != null) {
						out.add(current.toString());
					}
					current = new StringBuilder();
				}
				if (current != null && !line.isBlank()) {
					current.append(line).append('\r');
				}
			}
			if (current != null) {
				out.add(current.toString());
			}
			return out;
		}
	}
}

package org.custodian.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The structural validator against real 837 Professional files (the X12 guide's examples, in
 * ../shared), and against files broken as a careless writer would break them.
 */
class X12StructureTest {

	private static final Path SAMPLES = Path.of("..", "shared", "corpora", "x12", "linuxforhealth", "837_005010X222A2");

	@Test
	void everyPublishedExampleIsWellFormed() throws IOException {
		List<Path> files;
		try (Stream<Path> s = Files.list(SAMPLES)) {
			files = s.filter(p -> p.toString().endsWith(".837")).sorted().toList();
		}
		assertThat(files).hasSizeGreaterThanOrEqualTo(10);
		for (Path f : files) {
			assertThat(X12Structure.problems(Files.readAllBytes(f))).as(f.getFileName().toString()).isEmpty();
		}
	}

	@Test
	void everyPublishedInstitutionalExampleIsWellFormedToo() throws IOException {
		Path institutional = SAMPLES.resolveSibling("837_005010X223A3");
		List<Path> files;
		try (Stream<Path> s = Files.list(institutional)) {
			files = s.filter(p -> p.toString().endsWith(".837i")).sorted().toList();
		}
		assertThat(files).hasSizeGreaterThanOrEqualTo(4);
		for (Path f : files) {
			assertThat(X12Structure.problems(Files.readAllBytes(f))).as(f.getFileName().toString()).isEmpty();
		}
		String one = Files.readString(files.get(0));
		assertThat(X12Structure.problems(one.replaceAll("SV2\\*", "SV1*").getBytes())).as("a professional line in an"
				+ " institutional claim").isNotEmpty();
	}

	@Test
	void aClaimWithoutDiagnosesOrWithAWrongSegmentCountIsNot() throws IOException {
		String good = Files.readString(SAMPLES.resolve("demo.example12.837"));
		assertThat(X12Structure.problems(good.replaceAll("HI\\*[^~]*~", "").getBytes())).isNotEmpty();
		assertThat(X12Structure.problems(good.replace("SE*39*1024", "SE*12*1024").getBytes())).isNotEmpty();
		assertThat(X12Structure.problems("not an interchange".getBytes())).isNotEmpty();
	}
}

package org.custodian.coding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.custodian.support.CustodianException;
import org.junit.jupiter.api.Test;

/** The Alphabetic Index read as its paths to codes, and what it adds to the suggestions. */
class AlphabeticIndexTest {

	private static final Path SAMPLE = Path.of("src/test/resources/coding/fixtures/icd10cm_index_sample.xml");

	@Test
	void readsEachPathToACodeWithItsNonessentialModifiers() {
		List<AlphabeticIndex.Entry> entries = AlphabeticIndex.read(SAMPLE);

		assertThat(entries).containsExactly(new AlphabeticIndex.Entry("Disease, aortoiliac, occlusive", "(s)", "I7409"),
				new AlphabeticIndex.Entry("Osteopenia", "", "M858-"), new AlphabeticIndex.Entry("Osteopenia, borderline", "",
						"M858-"));
	}

	@Test
	void itsTermsFindTheCodesTheTitlesAloneMiss() {
		Release fy2026 = ShippedCodeSets.icd10cm().get(1);
		String note = "IMPRESSION:\n1. Osteopenia.\n2. Aortoiliac occlusive disease.";
		List<String> without = CodeSuggestions.of(fy2026).suggest(note).stream().map(CodeSuggestions.Suggestion::code).toList();
		List<String> with = CodeSuggestions.of(fy2026, AlphabeticIndex.read(SAMPLE)).suggest(note).stream()
				.map(CodeSuggestions.Suggestion::code).toList();

		assertThat(without).doesNotContain("M8580", "I7409");
		assertThat(with).contains("M8580", "I7409");
	}

	@Test
	void aFileThatIsNoIndexIsRefused() {
		assertThatThrownBy(() -> AlphabeticIndex.read(Path.of("src/test/resources/coding/fixtures/Loinc.csv")))
				.isInstanceOf(CustodianException.class).hasMessageContaining("Not an ICD-10-CM index");
	}
}

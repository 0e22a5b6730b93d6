package org.custodian.coding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;

import org.custodian.support.CustodianException;
import org.junit.jupiter.api.Test;

/**
 * Releases read from the publishers' distribution formats, on small files in each format (the
 * licensed sets' real files are the hospital's; these fixtures hold a handful of rows, and the CPT
 * one no AMA text).
 */
class DistributionFilesTest {

	private static final Path FIXTURES = Path.of("src/test/resources/coding/fixtures");
	private static final LocalDate FROM = LocalDate.of(2026, 1, 1);

	@Test
	void loincFromItsCsvWithDeprecatedTermsNotSelectable() {
		Release r = DistributionFiles.read("loinc-csv", FIXTURES.resolve("Loinc.csv"), CodeSystems.LOINC, "2.80", FROM);
		assertThat(r.size()).isEqualTo(3);
		assertThat(r.get("2345-7").display()).isEqualTo("Glucose [Mass/volume] in Serum or Plasma");
		assertThat(r.get("2345-7").shortDisplay()).isEqualTo("Glucose SerPl-mCnc");
		assertThat(r.get("1234-5").selectable()).isFalse();
	}

	@Test
	void snomedFromAnRf2SnapshotWithItsHierarchy() {
		Release r = DistributionFiles.read("snomed-rf2", FIXTURES.resolve("snomed"), CodeSystems.SNOMED, "20250101", FROM);
		assertThat(r.get("44054006").display()).isEqualTo("Diabetes mellitus type 2 (disorder)");
		assertThat(r.get("44054006").parent()).isEqualTo("73211009");
		assertThat(r.get("73211009").parent()).isEqualTo("64572001");
		assertThat(r.get("190368000").selectable()).as("inactive").isFalse();
		assertThat(r.get("id")).as("the header is no concept").isNull();
	}

	@Test
	void rxnormByThePreferredTermTypeOfItsOwnSource() {
		Release r = DistributionFiles.read("rxnorm-rrf", FIXTURES.resolve("RXNCONSO.RRF"), CodeSystems.RXNORM, "2026-01", FROM);
		assertThat(r.size()).isEqualTo(3);
		assertThat(r.get("860975").display()).isEqualTo("metformin hydrochloride 500 MG Extended Release Oral Tablet");
		assertThat(r.get("6809").display()).isEqualTo("metformin");
		assertThat(r.get("999999").selectable()).as("suppressed").isFalse();
	}

	@Test
	void cptFromTheTabSeparatedDescriptorFile() {
		Release r = DistributionFiles.read("cpt-tab", FIXTURES.resolve("cpt-test.txt"), CodeSystems.CPT, "2026", FROM);
		assertThat(r.size()).isEqualTo(2);
		assertThat(r.get("0001A").selectable()).isTrue();
	}

	@Test
	void aFileThatIsNotTheFormatSaidIsRefusedWithItsReason() {
		assertThatThrownBy(() -> DistributionFiles.read("loinc-csv", FIXTURES.resolve("cpt-test.txt"), CodeSystems.LOINC, "x",
				FROM)).isInstanceOf(CustodianException.class).hasMessageContaining("not a loinc-csv file");
		assertThatThrownBy(() -> DistributionFiles.read("word-doc", FIXTURES.resolve("cpt-test.txt"), CodeSystems.LOINC, "x",
				FROM)).isInstanceOf(CustodianException.class).hasMessageContaining("Unknown format");
	}
}

package org.custodian.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ICD-10-CM releases that ship, against the counts CMS publishes: FY2026 read whole, FY2025
 * recovered by undoing the FY2026 addenda (whose summary gives FY2025's counts), FY2027 by applying
 * the published changes.
 */
class ShippedCodeSetsTest {

	static List<Release> releases;

	@BeforeAll
	static void read() {
		releases = ShippedCodeSets.icd10cm();
	}

	private static Release fy(String version) {
		return releases.stream().filter(r -> r.version().equals(version)).findFirst().orElseThrow();
	}

	@Test
	void fiscalYear2026HasTheCountsOfTheOrderFile() {
		assertThat(fy("2026").selectable()).isEqualTo(74_719);
		assertThat(fy("2026").size() - fy("2026").selectable()).isEqualTo(23_467);
	}

	@Test
	void fiscalYear2025IsRecoveredExactlyByUndoingTheAddenda() {
		// "74260 codes in icd10cm_order_2025.txt", "23324 headers in icd10cm_order_2025.txt" (the addenda's summary)
		assertThat(fy("2025").selectable()).isEqualTo(74_260);
		assertThat(fy("2025").size() - fy("2025").selectable()).isEqualTo(23_324);
		assertThat(fy("2025").get("B880").selectable()).as("billable before it was subdivided").isTrue();
		assertThat(fy("2026").get("B880").selectable()).isFalse();
		assertThat(fy("2025").get("B8801")).isNull();
		assertThat(fy("2025").get("L02212").display()).isEqualTo("Cutaneous abscess of back [any part, except buttock]");
		assertThat(fy("2026").get("L02212").display()).isEqualTo("Cutaneous abscess of back [any part, except buttock and flank]");
	}

	@Test
	void fiscalYear2027AppliesThePublishedChanges() {
		assertThat(fy("2027").get("C7831")).isNotNull();
		assertThat(fy("2026").get("C7831")).isNull();
		assertThat(fy("2027").get("I420").selectable()).as("became a header").isFalse();
		assertThat(fy("2026").get("I420").selectable()).isTrue();
		assertThat(fy("2027").get("S23420A")).as("deleted").isNull();
		assertThat(fy("2027").size()).isEqualTo(fy("2026").size() + 238 - 21);
	}

	@Test
	void theHierarchyIsInTheCodesAndSeventhCharactersAreComplete() {
		Release r = fy("2026");
		assertThat(r.get("E1165").parent()).isEqualTo("E116");
		assertThat(r.get("E116").parent()).isEqualTo("E11");
		assertThat(r.get("E11").parent()).isNull();
		assertThat(r.get("S72001A").selectable()).isTrue();
		assertThat(r.get("S72001").selectable()).as("needs its 7th character").isFalse();
		assertThat(r.get("T360X1A").parent()).as("the placeholder X is part of the code").isEqualTo("T360X1");
	}

	@Test
	void hcpcsAndTheEquivalenceMapsShipToo() {
		Release hcpcs = ShippedCodeSets.hcpcs();
		assertThat(hcpcs.size()).isGreaterThan(8_000);
		assertThat(hcpcs.get("G0008")).isNotNull();
		List<ConceptMaps.Map> gems = ShippedCodeSets.gems();
		assertThat(gems.get(0).entries()).hasSizeGreaterThan(20_000);
		assertThat(gems.get(0).entries()).anySatisfy(e -> {
			assertThat(e.source()).isEqualTo("25000");
			assertThat(e.target()).isEqualTo("E119");
		});
	}
}

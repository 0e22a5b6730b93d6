package org.custodian.coding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The code sets that ship with Custodian, from the public CMS/CDC files in {@code coding/}:
 * ICD-10-CM for fiscal years 2025 (the 2026 addenda undone), 2026 (the order file) and 2027 (the
 * published changes applied), each in force from 1 October of the year before; HCPCS Level II as of
 * October 2025; and the ICD-9-CM/ICD-10-CM General Equivalence Mappings (2018, the last published).
 */
public final class ShippedCodeSets {

	private static final String DIR = "/coding/";

	static final List<String> ICD10CM_VERSIONS = List.of("2025", "2026", "2027");
	static final String HCPCS_VERSION = "2025-10";
	static final String GEMS_VERSION = "2018";

	private ShippedCodeSets() {}

	/** ICD-10-CM FY2025, FY2026 and FY2027, oldest first. */
	public static List<Release> icd10cm() {
		Release fy2026 = Icd10cmFiles.order(open("icd10cm/icd10cm_order_2026.txt.gz"), "2026", LocalDate.of(2025, 10, 1),
				"CMS/CDC ICD-10-CM FY2026 order file");
		Release fy2025 = Icd10cmFiles.before(fy2026, open("icd10cm/icd10cm_order_addenda_2026.txt"), "2025",
				LocalDate.of(2024, 10, 1), "CMS/CDC ICD-10-CM FY2026 order file, FY2026 addenda undone");
		Release fy2027 = Icd10cmFiles.after(fy2026, open("icd10cm/fy2027-added.csv"), open("icd10cm/fy2027-deleted.csv"),
				open("icd10cm/fy2027-revised.csv"), open("icd10cm/fy2027-billable-status-changes.csv"), "2027",
				LocalDate.of(2026, 10, 1), "CMS/CDC ICD-10-CM FY2026 order file with the FY2027 changes applied");
		return List.of(fy2025, fy2026, fy2027);
	}

	/** HCPCS Level II, October 2025 (codes and modifiers). */
	public static Release hcpcs() {
		Map<String, Release.Concept> concepts = new LinkedHashMap<>();
		for (var r : Icd10cmFiles.csv(open("hcpcs/hcpcs_2025_oct_codes.best-effort.csv.gz"))) {
			String code = r.get("code").trim();
			if (!code.isEmpty()) {
				concepts.put(code, new Release.Concept(code, true, r.get("long_description").trim(), r.get("short_description")
						.trim(), null));
			}
		}
		return new Release(CodeSystems.HCPCS, HCPCS_VERSION, LocalDate.of(2025, 10, 1), "CMS HCPCS Level II, October 2025",
				concepts);
	}

	/** The General Equivalence Mappings: ICD-9-CM to ICD-10-CM, and back. */
	public static List<ConceptMaps.Map> gems() {
		return List.of(ConceptMaps.gem(open("gems/2018_I9gem.txt.gz"), CodeSystems.ICD9CM, CodeSystems.ICD10CM),
				ConceptMaps.gem(open("gems/2018_I10gem.txt.gz"), CodeSystems.ICD10CM, CodeSystems.ICD9CM));
	}

	private static InputStream open(String name) {
		InputStream in = ShippedCodeSets.class.getResourceAsStream(DIR + name);
		if (in == null) {
			throw new UncheckedIOException(new IOException("The shipped code set file " + DIR + name + " is missing"));
		}
		return in;
	}
}

package org.custodian.coding;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps between code systems, for {@code ConceptMap/$translate}: the CMS General Equivalence
 * Mappings between ICD-9-CM and ICD-10-CM (each line a source code, a target code and five flags:
 * approximate, no map, combination, scenario, choice list).
 */
public final class ConceptMaps {

	/** One mapping: how close it is, and, for a combination, which scenario and choice it belongs to. */
	public record Entry(String source, String target, String equivalence, int scenario, int choice) {}

	/** A map from one system to another, as loaded. */
	public record Map(String source, String target, String version, List<Entry> entries) {}

	private ConceptMaps() {}

	static Map gem(InputStream in, String source, String target) {
		List<Entry> entries = new ArrayList<>();
		for (String line : Icd10cmFiles.lines(in)) {
			String[] f = line.trim().split("\\s+");
			if (f.length < 3 || f[2].length() != 5) {
				continue;
			}
			String flags = f[2];
			boolean noMap = flags.charAt(1) == '1';
			String equivalence = noMap ? "unmatched" : flags.charAt(2) == '1' ? "narrower" : flags.charAt(0) == '1'
					? "inexact" : "equivalent";
			entries.add(new Entry(f[0], noMap ? "" : f[1], equivalence, flags.charAt(3) - '0', flags.charAt(4) - '0'));
		}
		return new Map(source, target, ShippedCodeSets.GEMS_VERSION, entries);
	}
}

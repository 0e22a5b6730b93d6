package org.custodian.claims;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.jspecify.annotations.Nullable;

/**
 * The Medicare Code Editor's diagnosis edits (v37): codes for one sex only, and codes for an age
 * only (newborn 0, pediatric 0 to 17, maternity 9 to 64, adult 15 to 124, as the MCE defines them),
 * and codes unacceptable as a principal diagnosis.
 */
final class SexAndAgeEdits {

	/** An edit a code carries, and the rule it states. */
	record Rule(String type, @Nullable String sex, int fromAge, int toAge) {}

	private static final Map<String, Rule> RULES = Map.of(
			"Male_Only", new Rule("Male_Only", "male", 0, 124), "Female_Only", new Rule("Female_Only", "female", 0, 124),
			"Newborn_Only", new Rule("Newborn_Only", null, 0, 0), "Pediatric_Only", new Rule("Pediatric_Only", null, 0, 17),
			"Maternity_Only", new Rule("Maternity_Only", null, 9, 64), "Adult_Only", new Rule("Adult_Only", null, 15, 124),
			"Principal_Unacceptable", new Rule("Principal_Unacceptable", null, 0, 124),
			"Principal_Manifestation", new Rule("Principal_Manifestation", null, 0, 124));

	private static final Map<String, List<Rule>> BY_CODE = load();

	private SexAndAgeEdits() {}

	static List<Rule> of(String storedCode) {
		return BY_CODE.getOrDefault(storedCode, List.of());
	}

	private static Map<String, List<Rule>> load() {
		Map<String, List<Rule>> out = new HashMap<>();
		try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(SexAndAgeEdits.class
				.getResourceAsStream("/claims/mce-v37-diagnosis-edits.tsv.gz")), StandardCharsets.UTF_8))) {
			in.readLine();
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				String[] f = line.split("\t");
				Rule rule = RULES.get(f[0]);
				if (rule != null) {
					out.computeIfAbsent(f[1], k -> new java.util.ArrayList<>()).add(rule);
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out;
	}
}

package org.custodian.coding;

import java.util.Map;
import java.util.Set;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an abnormal result says in the classification's words, for the code suggestions: a high
 * potassium is hyperkalemia, a low hemoglobin anemia. Only results flagged high or low (their
 * interpretation) count, and only the common laboratory tests whose abnormal value names a
 * condition; the coder decides whether the physician documented it as one.
 */
final class ResultFindings {

	/** LOINC code: the finding when high, when low (null: none). */
	private static final Map<String, String[]> FINDINGS = Map.ofEntries(
			Map.entry("2823-3", new String[] {"hyperkalemia", "hypokalemia"}),
			Map.entry("6298-4", new String[] {"hyperkalemia", "hypokalemia"}),
			Map.entry("2951-2", new String[] {"hypernatremia", "hyponatremia"}),
			Map.entry("2947-0", new String[] {"hypernatremia", "hyponatremia"}),
			Map.entry("2345-7", new String[] {"hyperglycemia", "hypoglycemia"}),
			Map.entry("2339-0", new String[] {"hyperglycemia", "hypoglycemia"}),
			Map.entry("17861-6", new String[] {"hypercalcemia", "hypocalcemia"}),
			Map.entry("718-7", new String[] {null, "anemia"}),
			Map.entry("777-3", new String[] {"thrombocytosis", "thrombocytopenia"}),
			Map.entry("6690-2", new String[] {"leukocytosis", "leukopenia"}),
			Map.entry("2093-3", new String[] {"pure hypercholesterolemia", null}),
			Map.entry("2571-8", new String[] {"pure hyperglyceridemia", null}));
	private static final Set<String> HIGH = Set.of("H", "HH", "HU");
	private static final Set<String> LOW = Set.of("L", "LL", "LU");
	private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

	private ResultFindings() {}

	/** The result as a line for the suggestions ("FINDINGS: Potassium 6.1 mmol/L, high: hyperkalemia"), or null when normal. */
	static @Nullable String of(Observation o) {
		String flag = o.getInterpretation().stream().flatMap(c -> c.getCoding().stream()).filter(c -> INTERPRETATION.equals(
				c.getSystem())).map(Coding::getCode).findFirst().orElse(null);
		boolean high = flag != null && HIGH.contains(flag);
		boolean low = flag != null && LOW.contains(flag);
		if (!high && !low) {
			return null;
		}
		String[] findings = o.getCode().getCoding().stream().filter(c -> "http://loinc.org".equals(c.getSystem()))
				.map(c -> FINDINGS.get(c.getCode())).filter(f -> f != null).findFirst().orElse(null);
		String finding = findings == null ? null : findings[high ? 0 : 1];
		if (finding == null) {
			return null;
		}
		String name = o.getCode().hasText() ? o.getCode().getText() : o.getCode().getCodingFirstRep().getDisplay();
		String value = o.hasValueQuantity() ? " " + o.getValueQuantity().getValue().toPlainString() + " " + (o.getValueQuantity()
				.hasUnit() ? o.getValueQuantity().getUnit() : "") : "";
		return "FINDINGS: " + (name == null ? "result" : name) + value.stripTrailing() + ", " + (high ? "high" : "low") + ": "
				+ finding + ".";
	}
}

package org.custodian.search.battery;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.custodian.search.battery.DataSetValues.Code;
import org.custodian.search.battery.DataSetValues.Held;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * Token parameters (R4 search.html#token): every token parameter that holds a code gets
 * {@code system|code} and a bare {@code code}; the clinically central ones also get {@code |code},
 * {@code system|}, {@code :not}, {@code :text}, {@code :missing} and an OR list.
 */
final class TokenQueries implements QueryFamily {

	/** Parameters exercised with every token form: the codes clinical searches are made of. */
	private static final Set<String> CENTRAL = Set.of("Observation.code", "Observation.category", "Condition.code",
			"Encounter.type", "Encounter.class", "MedicationRequest.code", "Patient.gender", "Patient.identifier");

	@Override
	public void addTo(BatteryBuilder battery, DataSetValues values) {
		String patient = BatteryGenerator.scopePatient(values);
		for (String type : values.types()) {
			for (String param : QueryFamily.params(type, RestSearchParameterTypeEnum.TOKEN)) {
				List<Held<Code>> codes = values.codes(type, param);
				if (codes.isEmpty()) {
					continue;
				}
				Code rare = codes.get(codes.size() - 1).value();
				boolean scoped = values.ofType(type).size() > 300 && QueryFamily.hasParam(type, "patient");
				List<Held<Code>> candidates = scoped ? values.within(patient).codes(type, param) : codes;
				if (!candidates.isEmpty()) {
					String[] scope = scoped ? new String[] {"patient", BatteryQuery.ref(patient)} : new String[0];
					battery.set("token system|code", type, join(scope, param, systemAndCode(candidates.get(0).value())));
				}
				if (CENTRAL.contains(type + "." + param)) {
					battery.set("token code", type, param, rare.code());
					central(battery, values, type, param, codes, patient);
				}
				if (codes.get(0).value().system() == null) {
					// |code asks for a code without a system: here is one that has none.
					battery.set("token |code", type, param, "|" + rare.code());
				}
			}
		}
	}

	private static void central(BatteryBuilder battery, DataSetValues values, String type, String param,
			List<Held<Code>> codes, String patient) {
		boolean scoped = QueryFamily.hasParam(type, "patient");
		List<Held<Code>> mine = scoped ? values.within(patient).codes(type, param) : codes;
		if (mine.isEmpty()) {
			return;
		}
		Code middle = QueryFamily.middle(mine).value();
		String[] scope = scoped ? new String[] {"patient", BatteryQuery.ref(patient)} : new String[0];
		battery.set("token code", type, join(scope, param, middle.code()));
		if (middle.system() != null) {
			battery.set("token system|", type, join(scope, param, middle.system() + "|"));
		}
		if (codes.size() > 5) {
			// |code asks for the code without a system; Synthea's clinical codes have one, so this finds nothing.
			battery.set("token |code", type, join(scope, param, "|" + middle.code()));
		}
		battery.set("token :not", type, join(scope, param + ":not", mine.size() > 5 ? middle.code() : systemAndCode(mine.get(0).value())));
		if (codes.size() > 2) {
			battery.set("token OR", type, param, systemAndCode(codes.get(2).value()) + "," + codes.get(codes.size() - 1).value().code());
		}
		battery.set("token :missing", type, join(scope, param + ":missing", codes.size() > 5 ? "false" : "true"));
		List<Held<String>> texts = values.tokenTexts(type, param);
		if (!texts.isEmpty()) {
			String text = QueryFamily.middle(texts).value();
			battery.set("token :text", type, param + ":text", QueryFamily.escape(codes.size() > 5 ? firstWords(text)
					: text.toUpperCase(Locale.ROOT)));
		}
	}

	static String systemAndCode(Code c) {
		return (c.system() == null ? "" : c.system()) + "|" + c.code();
	}

	/** The first word of a display, at least four characters long when the display allows. */
	private static String firstWords(String text) {
		int space = text.indexOf(' ', 4);
		return (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
	}

	static String[] join(String[] scope, String... more) {
		String[] out = java.util.Arrays.copyOf(scope, scope.length + more.length);
		System.arraycopy(more, 0, out, scope.length, more.length);
		return out;
	}
}

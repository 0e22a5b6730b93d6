package org.custodian.search.battery;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

import org.custodian.search.battery.DataSetValues.Held;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * String parameters (R4 search.html#string): a plain search is a case- and accent-insensitive
 * prefix match, {@code :exact} a whole, case-sensitive match, {@code :contains} a match anywhere.
 * Every string parameter with values gets all three; names also get an accented, upper-case
 * prefix and an {@code :exact} in the wrong case (which must find nothing).
 */
final class StringQueries implements QueryFamily {

	@Override
	public void addTo(BatteryBuilder battery, DataSetValues values) {
		for (String type : values.types()) {
			List<String> params = QueryFamily.params(type, RestSearchParameterTypeEnum.STRING);
			for (int i = 0; i < params.size(); i++) {
				String param = params.get(i);
				List<Held<String>> strings = values.strings(type, param);
				if (strings.isEmpty()) {
					continue;
				}
				String common = strings.get(0).value();
				String rare = strings.get(strings.size() - 1).value();
				String middle = QueryFamily.middle(strings).value();
				if (param.startsWith("address") || param.equals("phonetic")) {
					// Addresses repeat across the hospital types: one form each, taken in turn.
					switch (i % 3) {
						case 0 -> battery.set("string prefix", type, param, QueryFamily.escape(prefix(rare)));
						case 1 -> battery.set("string :exact", type, param + ":exact", QueryFamily.escape(common));
						default -> battery.set("string :contains", type, param + ":contains", QueryFamily.escape(middlePart(middle)));
					}
					continue;
				}
				battery.set("string prefix", type, param, QueryFamily.escape(prefix(rare)));
				battery.set("string :exact", type, param + ":exact", QueryFamily.escape(common));
				battery.set("string :contains", type, param + ":contains", QueryFamily.escape(middlePart(middle)));
				if (param.equals("family")) {
					battery.set("string :exact wrong case", type, param + ":exact", QueryFamily.escape(common.toUpperCase(Locale.ROOT)));
					battery.set("string prefix case", type, param, QueryFamily.escape(prefix(common).toUpperCase(Locale.ROOT)));
					battery.set("string OR", type, param, QueryFamily.escape(prefix(common)) + "," + QueryFamily.escape(prefix(rare)));
				}
			}
		}
		accents(battery, values);
	}

	/** A name written with an accent is found without it, and the other way round. */
	private static void accents(BatteryBuilder battery, DataSetValues values) {
		for (Held<String> family : values.strings("Patient", "family")) {
			String plain = Normalizer.normalize(family.value(), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
			if (!plain.equals(family.value())) {
				battery.set("string accents", "Patient", "family", plain.toLowerCase(Locale.ROOT));
				battery.set("string accents", "Patient", "family", family.value().toUpperCase(Locale.ROOT));
				battery.set("string accents", "Patient", "family:exact", plain);
				battery.set("string accents", "Patient", "name:contains", family.value().substring(1, 4));
			}
		}
	}

	/** The first few characters, lower-cased: what a person types into a search box. */
	static String prefix(String value) {
		return value.substring(0, Math.min(value.length(), Math.max(3, value.length() / 2))).trim().toLowerCase(Locale.ROOT);
	}

	/** A piece from inside the value, neither its start nor its end. */
	private static String middlePart(String value) {
		if (value.length() < 5) {
			return value.substring(1);
		}
		int from = value.length() / 3;
		return value.substring(from, Math.min(value.length() - 1, from + 4));
	}
}

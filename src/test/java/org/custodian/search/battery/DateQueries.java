package org.custodian.search.battery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.custodian.search.battery.DataSetValues.Dated;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * Date parameters (R4 search.html#date, #prefix): a search value covers a range at its precision,
 * and each prefix compares that range with the resource's. Three parameters get every prefix at
 * every precision: a dateTime ({@code Observation.date}), a Period ({@code Encounter.date}) and a
 * date ({@code Patient.birthdate}); every other date parameter gets an {@code eq} day, a {@code ge}
 * month and an {@code lt} year.
 */
final class DateQueries implements QueryFamily {

	static final List<String> PREFIXES = List.of("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap");

	/** Year, month, day and second precision of an instant, in UTC. */
	enum Precision {
		YEAR("yyyy"), MONTH("yyyy-MM"), DAY("yyyy-MM-dd"), SECOND("yyyy-MM-dd'T'HH:mm:ss'Z'");

		private final DateTimeFormatter format;

		Precision(String pattern) {
			this.format = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
		}

		String format(long millis) {
			return format.format(Instant.ofEpochMilli(millis));
		}
	}

	@Override
	public void addTo(BatteryBuilder battery, DataSetValues values) {
		String patient = BatteryGenerator.scopePatient(values);
		String[] scope = {"patient", BatteryQuery.ref(patient)};
		matrix(battery, "Observation", "date", scope, pick(values, "Observation", "date", patient), Precision.values());
		matrix(battery, "Encounter", "date", scope, pick(values, "Encounter", "date", patient), Precision.values());
		matrix(battery, "Patient", "birthdate", new String[0], pick(values, "Patient", "birthdate", null),
				Precision.YEAR, Precision.MONTH, Precision.DAY);
		for (String type : values.types()) {
			for (String param : QueryFamily.params(type, RestSearchParameterTypeEnum.DATE)) {
				if (type.equals("Observation") && param.equals("date") || type.equals("Encounter") && param.equals("date")
						|| type.equals("Patient") && param.equals("birthdate")) {
					continue;
				}
				boolean scoped = values.ofType(type).size() > 300 && QueryFamily.hasParam(type, "patient");
				List<Dated> dates = (scoped ? values.within(patient) : values).dates(type, param);
				if (dates.isEmpty()) {
					continue;
				}
				long at = QueryFamily.middle(dates).low();
				String[] s = scoped ? scope : new String[0];
				battery.set("date eq day", type, TokenQueries.join(s, param, "eq" + Precision.DAY.format(at)));
				battery.set("date ge month", type, TokenQueries.join(s, param, "ge" + Precision.MONTH.format(at)));
				if (s.length > 0) {
					battery.set("date lt year", type, TokenQueries.join(s, param, "lt" + Precision.YEAR.format(at)));
				}
			}
		}
	}

	/** Every prefix at every given precision, plus the value with no prefix (which means eq). */
	private static void matrix(BatteryBuilder battery, String type, String param, String[] scope, long at,
			Precision... precisions) {
		for (Precision precision : precisions) {
			String value = precision.format(at);
			if (precision == precisions[0]) {
				battery.set("date (no prefix) " + name(precision), type, TokenQueries.join(scope, param, value));
			}
			for (String prefix : PREFIXES) {
				String[] params = TokenQueries.join(scope, param, prefix + value);
				if (prefix.equals("ap")) {
					battery.atLeast("date ap " + name(precision), type, params);
				} else {
					battery.set("date " + prefix + " " + name(precision), type, params);
				}
			}
		}
	}

	/** A value a third of the way through the (patient's) values, so there are values on both sides. */
	private static long pick(DataSetValues values, String type, String param, String patient) {
		List<Dated> dates = new ArrayList<>(values.dates(type, param));
		if (patient != null) {
			List<String> mine = values.referring(type, "patient", patient);
			dates.removeIf(d -> !mine.contains(d.identity()));
		}
		dates.sort(java.util.Comparator.comparingLong(Dated::low));
		return dates.get(dates.size() / 3).low();
	}

	private static String name(Precision p) {
		return p.name().toLowerCase(java.util.Locale.ROOT);
	}
}

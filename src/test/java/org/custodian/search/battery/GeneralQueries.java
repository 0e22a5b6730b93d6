package org.custodian.search.battery;

import static org.custodian.search.battery.BatteryQuery.id;
import static org.custodian.search.battery.BatteryQuery.ref;

import java.util.List;

import org.custodian.search.battery.DataSetValues.Code;
import org.custodian.search.battery.DataSetValues.Held;

/**
 * The parameters every type shares and the shapes of a search as a whole: every type counted
 * ({@code _summary=count}) and the small ones listed whole, {@code _profile} (uri), {@code _id},
 * {@code _lastUpdated} where both servers agree on it, OR lists and ANDed repetitions.
 */
final class GeneralQueries implements QueryFamily {

	/** Types small enough to list whole; the large ones are counted instead. */
	private static final int LISTED_UP_TO = 100;

	@Override
	public void addTo(BatteryBuilder battery, DataSetValues values) {
		String patient = BatteryGenerator.scopePatient(values);
		for (String type : values.types()) {
			battery.count("_summary=count", type);
			if (values.ofType(type).size() <= LISTED_UP_TO) {
				battery.set("every resource of a type", type);
			}
			boolean scoped = values.ofType(type).size() > 300 && QueryFamily.hasParam(type, "patient");
			List<Held<String>> profiles = (scoped ? values.within(patient) : values).uris(type, "_profile");
			if (!profiles.isEmpty()) {
				String profile = profiles.get(profiles.size() - 1).value();
				if (scoped) {
					battery.set("uri _profile", type, "patient", ref(patient), "_profile", profile);
				} else {
					battery.set("uri _profile", type, "_profile", profile);
				}
			}
		}
		battery.set("uri _profile:below", "Condition", "_profile:below", "http://hl7.org/fhir/us/core/StructureDefinition/");
		battery.set("uri (no match)", "Observation", "_profile", "http://hl7.org/fhir/us/core/StructureDefinition/us-core-");
		counts(battery, values);
		ids(battery, values);
		lastUpdated(battery);
		orAndAnd(battery, values);
	}

	private static void counts(BatteryBuilder battery, DataSetValues values) {
		String p = ref(BatteryGenerator.scopePatient(values));
		battery.count("_summary=count with criteria", "Observation", "category",
				"http://terminology.hl7.org/CodeSystem/observation-category|laboratory");
		battery.count("_summary=count with criteria", "Observation", "patient", p);
		battery.count("_summary=count with criteria", "Encounter", "date", "ge2020");
		battery.count("_summary=count with criteria", "Condition", "clinical-status", "active");
		battery.count("_summary=count with criteria", "Claim", "patient", p, "created", "lt2010");
	}

	private static void ids(BatteryBuilder battery, DataSetValues values) {
		List<String> patients = values.patientsBySize();
		String observation = QueryFamily.middle(values.ofType("Observation"));
		String code = RelationQueries.sample(values.records(), observation, "code");
		battery.set("_id", "Patient", "_id", id(patients.get(0)));
		battery.set("_id OR", "Patient", "_id", id(patients.get(0)) + "," + id(patients.get(2)));
		battery.set("_id with criteria", "Observation", "_id", id(observation), "code", code);
		battery.set("_id with criteria", "Observation", "_id", id(observation), "code", "http://loinc.org|0000-0");
		battery.set("_id of another type", "Observation", "_id", id(patients.get(0)));
		battery.set("_id AND", "Patient", "_id", id(patients.get(0)), "_id", id(patients.get(1)));
	}

	/**
	 * Servers stamp {@code _lastUpdated} when they store a resource, so the two servers' values differ:
	 * only comparisons that hold for any load time after 2020 and before 2100 are comparable.
	 */
	private static void lastUpdated(BatteryBuilder battery) {
		battery.set("_lastUpdated gt", "Patient", "_lastUpdated", "gt2020-01-01");
		battery.set("_lastUpdated lt", "Organization", "_lastUpdated", "lt2020-01-01");
		battery.set("_lastUpdated ge/le", "Practitioner", "_lastUpdated", "ge2020", "_lastUpdated", "le2100");
		battery.set("_lastUpdated sa", "Device", "_lastUpdated", "sa2020-01-01T00:00:00Z");
		battery.set("_lastUpdated eb", "Medication", "_lastUpdated", "eb2020");
	}

	private static void orAndAnd(BatteryBuilder battery, DataSetValues values) {
		String patient = BatteryGenerator.scopePatient(values);
		String p = ref(patient);
		List<Held<Code>> codes = values.codes("Observation", "code");
		battery.set("OR token", "Observation", "patient", p, "code",
				codes.get(0).value().code() + "," + codes.get(3).value().code() + "," + codes.get(7).value().code());
		battery.set("OR token", "Encounter", "class", "AMB,EMER,IMP");
		battery.set("OR token", "Condition", "patient", p, "clinical-status", "active,resolved");
		battery.set("OR date", "Patient", "birthdate", "lt1950,gt2005");
		battery.set("AND date range", "Observation", "patient", p, "date", "ge2015", "date", "lt2018");
		battery.set("AND date range", "Encounter", "date", "ge2019-01-01", "date", "le2019-12-31");
		battery.set("AND token", "Observation", "category", "vital-signs", "category", "laboratory");
		battery.set("AND token", "Observation", "patient", p, "category", "vital-signs", "code", codes.get(0).value().code());
		String given = twoGivenNames(values);
		if (given != null) {
			battery.set("AND string", "Patient", "given", given.split(",")[0], "given", given.split(",")[1]);
		}
		battery.set("AND string", "Patient", "given", "a", "family", "b");
		battery.set("AND and OR", "Encounter", "patient", p, "class", "AMB,EMER", "date", "ge2010");
	}

	/** Two given names of one patient, comma-separated, or null when nobody has two. */
	private static String twoGivenNames(DataSetValues values) {
		for (String patient : values.ofType("Patient")) {
			var given = values.records().entries(patient, "given");
			if (given.size() >= 2) {
				return StringQueries.prefix(((org.custodian.search.IndexEntry.StringValue) given.get(0)).exact()) + ","
						+ StringQueries.prefix(((org.custodian.search.IndexEntry.StringValue) given.get(1)).exact());
			}
		}
		return null;
	}
}

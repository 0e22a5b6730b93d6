package org.custodian.search.battery;

import static org.custodian.search.battery.BatteryQuery.ref;

import java.util.List;

/**
 * {@code _sort} (R4 search.html#sort) on one and several keys, ascending and descending, over
 * dates, strings, tokens and quantities. Compared in order; resources that tie on every key form
 * a group whose inner order is free. Never by {@code _id} or {@code _lastUpdated}: servers assign
 * those, so their order says nothing about the data.
 */
final class SortQueries implements QueryFamily {

	private static final String VITAL_SIGNS = "http://terminology.hl7.org/CodeSystem/observation-category|vital-signs";

	/** What a sort query is scoped to: one patient's code, one patient's vital signs, one patient, or nothing. */
	private enum Scope {
		CODE, VITALS, PATIENT, ALL
	}

	private record Sort(String facet, String type, Scope scope, String keys) {}

	private static final List<Sort> SORTS = List.of(new Sort("_sort date", "Observation", Scope.CODE, "date"),
			new Sort("_sort -date", "Observation", Scope.CODE, "-date"),
			new Sort("_sort token,-date", "Observation", Scope.VITALS, "code,-date"),
			new Sort("_sort -quantity", "Observation", Scope.VITALS, "-value-quantity"),
			new Sort("_sort date,quantity", "Observation", Scope.VITALS, "date,value-quantity"),
			new Sort("_sort date", "Patient", Scope.ALL, "birthdate"), new Sort("_sort -date", "Patient", Scope.ALL, "-birthdate"),
			new Sort("_sort string,string", "Patient", Scope.ALL, "family,given"),
			new Sort("_sort token,-date", "Patient", Scope.ALL, "gender,-birthdate"),
			new Sort("_sort date", "Condition", Scope.PATIENT, "onset-date"),
			new Sort("_sort -date,token", "Condition", Scope.PATIENT, "-recorded-date,code"),
			new Sort("_sort period", "Encounter", Scope.PATIENT, "date"),
			new Sort("_sort -period", "Encounter", Scope.PATIENT, "-date"),
			new Sort("_sort token,-period", "Encounter", Scope.PATIENT, "class,-date"),
			new Sort("_sort -date,token", "MedicationRequest", Scope.PATIENT, "-authoredon,status"),
			new Sort("_sort -instant", "DiagnosticReport", Scope.PATIENT, "-issued"),
			new Sort("_sort period", "Procedure", Scope.PATIENT, "date"), new Sort("_sort date", "Immunization", Scope.ALL, "date"),
			new Sort("_sort string", "Organization", Scope.ALL, "name"),
			new Sort("_sort -string", "Practitioner", Scope.ALL, "-family"),
			new Sort("_sort string,string", "Location", Scope.ALL, "address-city,name"),
			new Sort("_sort date", "Claim", Scope.PATIENT, "created"),
			new Sort("_sort -instant", "DocumentReference", Scope.PATIENT, "-date"),
			new Sort("_sort token", "AllergyIntolerance", Scope.ALL, "code"),
			new Sort("_sort -period,token", "CarePlan", Scope.ALL, "-date,status"));

	@Override
	public void addTo(BatteryBuilder battery, DataSetValues values) {
		String patient = BatteryGenerator.scopePatient(values);
		String p = ref(patient);
		String code = RelationQueries.sample(values.records(),
				QueryFamily.middle(values.referring("Observation", "patient", patient)), "code");
		for (Sort sort : SORTS) {
			String[] scope = switch (sort.scope()) {
				case CODE -> new String[] {"patient", p, "code", code};
				case VITALS -> new String[] {"patient", p, "category", VITAL_SIGNS};
				case PATIENT -> new String[] {"patient", p};
				case ALL -> new String[0];
			};
			battery.ordered(sort.facet(), sort.type(), TokenQueries.join(scope, "_sort", sort.keys()));
		}
	}
}

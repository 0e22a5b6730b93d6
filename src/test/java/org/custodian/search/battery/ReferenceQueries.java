package org.custodian.search.battery;

import java.util.List;

import org.custodian.search.battery.DataSetValues.Held;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * Reference parameters (R4 search.html#reference): every reference parameter that points into the
 * data set gets {@code Type/id}; the patient references also get the bare id, the
 * {@code :Type} modifier, a wrong type, an OR of two patients and {@code :missing}.
 */
final class ReferenceQueries implements QueryFamily {

	private static final java.util.Set<String> SUBJECT_FORMS = java.util.Set.of("Observation", "Encounter", "Condition");

	@Override
	public void addTo(BatteryBuilder battery, DataSetValues values) {
		List<String> patients = values.patientsBySize();
		String patient = BatteryGenerator.scopePatient(values);
		for (String type : values.types()) {
			for (String param : QueryFamily.params(type, RestSearchParameterTypeEnum.REFERENCE)) {
				List<Held<String>> targets = values.targets(type, param);
				// subject finds what patient finds wherever both exist; its other forms are below.
				if (targets.isEmpty() || param.equals("subject") && QueryFamily.hasParam(type, "patient")) {
					continue;
				}
				// The least referred-to target keeps results small.
				battery.set("reference Type/id", type, param, BatteryQuery.ref(targets.get(targets.size() - 1).value()));
			}
			if (SUBJECT_FORMS.contains(type)) {
				battery.set("reference bare id", type, "subject", BatteryQuery.id(patient));
				battery.set("reference :Type", type, "subject:Patient", BatteryQuery.id(patient));
				battery.set("reference wrong :Type", type, "subject:Group", BatteryQuery.id(patient));
				battery.set("reference OR", type, "subject",
						BatteryQuery.ref(patients.get(0)) + "," + BatteryQuery.ref(patients.get(1)));
			}
		}
		battery.set("reference :missing", "MedicationRequest", "patient", BatteryQuery.ref(patient), "medication:missing", "false");
		battery.set("reference :missing", "MedicationRequest", "patient", BatteryQuery.ref(patient), "medication:missing", "true");
		battery.set("reference :missing", "CarePlan", "condition:missing", "true");
		battery.set("reference :missing", "Procedure", "patient", BatteryQuery.ref(patient), "reason-reference:missing", "false");
		battery.set("reference :missing", "Immunization", "location:missing", "true");
		battery.set("reference :missing", "Encounter", "patient", BatteryQuery.ref(patient), "location:missing", "false");
		battery.set("reference to a type it cannot point to", "Observation", "subject", "Practitioner/" + BatteryQuery.id(patient));
	}
}

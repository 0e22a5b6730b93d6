package org.custodian.search.battery;

import static org.custodian.search.battery.BatteryQuery.id;
import static org.custodian.search.battery.BatteryQuery.ref;

import java.util.List;

/**
 * {@code _include} and {@code _revinclude} (R4 search.html#include): forward and reverse, with a
 * target type, several at once, and {@code :iterate} in both directions. The included resources
 * are compared as a set, next to the matches.
 */
final class IncludeQueries implements QueryFamily {

	@Override
	public void addTo(BatteryBuilder battery, DataSetValues values) {
		String patient = BatteryGenerator.scopePatient(values);
		String encounter = QueryFamily.middle(values.referring("Encounter", "patient", patient));
		String report = QueryFamily.middle(values.referring("DiagnosticReport", "patient", patient));
		String claim = QueryFamily.middle(values.referring("Claim", "patient", patient));
		String code = RelationQueries.sample(values.records(), QueryFamily.middle(values.referring("Observation", "patient", patient)),
				"code");
		String p = ref(patient);

		battery.set("_include", "Observation", "patient", p, "code", code, "_include", "Observation:patient");
		battery.set("_include", "Observation", "patient", p, "code", code, "_include", "Observation:encounter");
		battery.set("_include", "Encounter", "patient", p, "_include", "Encounter:participant");
		battery.set("_include typed", "Encounter", "patient", p, "_include", "Encounter:participant:Practitioner");
		battery.set("_include typed", "Encounter", "patient", p, "_include", "Encounter:participant:RelatedPerson");
		battery.set("_include", "Encounter", "patient", p, "_include", "Encounter:service-provider",
				"_include", "Encounter:location");
		battery.set("_include", "MedicationRequest", "patient", p, "_include", "MedicationRequest:medication");
		battery.set("_include", "MedicationRequest", "patient", p, "_include", "MedicationRequest:requester");
		battery.set("_include", "DiagnosticReport", "_id", id(report), "_include", "DiagnosticReport:result");
		battery.set("_include", "Claim", "patient", p, "_include", "Claim:provider", "_include", "Claim:facility");
		battery.set("_include", "Patient", "_id", id(patient), "_include", "Patient:general-practitioner");
		battery.set("_revinclude", "Patient", "_id", id(patient), "_revinclude", "Encounter:patient");
		battery.set("_revinclude", "Patient", "_revinclude", "Provenance:target");
		battery.set("_revinclude", "Encounter", "_id", id(encounter), "_revinclude", "Observation:encounter",
				"_revinclude", "Condition:encounter");
		battery.set("_revinclude", "Claim", "_id", id(claim), "_revinclude", "ExplanationOfBenefit:claim");
		battery.set("_include and _revinclude", "Encounter", "_id", id(encounter), "_include", "Encounter:patient",
				"_revinclude", "Procedure:encounter");
		battery.set("_include:iterate", "Encounter", "_id", id(encounter), "_revinclude", "Observation:encounter",
				"_include:iterate", "Observation:patient");
		battery.set("_include:iterate", "Claim", "_id", id(claim), "_revinclude", "ExplanationOfBenefit:claim",
				"_include:iterate", "ExplanationOfBenefit:provider");
		battery.set("_include:iterate", "MedicationRequest", "patient", p, "_include", "MedicationRequest:encounter",
				"_include:iterate", "Encounter:service-provider");
		battery.set("_revinclude:iterate", "DiagnosticReport", "_id", id(report), "_include", "DiagnosticReport:result",
				"_revinclude:iterate", "Provenance:target");
		battery.set("_revinclude:iterate", "Encounter", "_id", id(encounter), "_revinclude", "Claim:encounter",
				"_revinclude:iterate", "ExplanationOfBenefit:claim");
		List<String> none = values.referring("Observation", "patient", patient);
		battery.set("_include nothing to include", "Observation", "_id", id(none.get(0)), "_include", "Observation:performer");
	}
}

package org.custodian.search.battery;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;

/**
 * Composite parameters (R4 search.html#composite: both parts must match the same element, so a
 * blood pressure's systolic code with the diastolic value finds nothing) and the identifier
 * modifiers: {@code :of-type} (search.html#token) and {@code :identifier} on references to
 * resources known only by identifier (search.html#reference), as Synthea's PractitionerRoles are.
 * Values are read from the resources themselves.
 */
final class CompositeAndIdentifierQueries implements QueryFamily {

	private static final String LOINC = "http://loinc.org|";
	private static final String SYSTOLIC = "8480-6";
	private static final String DIASTOLIC = "8462-4";

	@Override
	public void addTo(BatteryBuilder battery, DataSetValues values) {
		SyntheaRecords records = values.records();
		List<BigDecimal> systolic = componentValues(records, values.ofType("Observation"), SYSTOLIC);
		if (!systolic.isEmpty()) {
			String v = QueryFamily.middle(systolic).toPlainString();
			battery.set("composite component code$quantity", "Observation", "component-code-value-quantity",
					LOINC + SYSTOLIC + "$gt" + v);
			battery.set("composite component code$quantity", "Observation", "component-code-value-quantity",
					LOINC + SYSTOLIC + "$" + v + "|http://unitsofmeasure.org|mm[Hg]");
			// The systolic value under the diastolic code: no single component has both.
			battery.set("composite parts on different elements", "Observation", "component-code-value-quantity",
					LOINC + DIASTOLIC + "$" + v);
			battery.set("composite combo code$quantity", "Observation", "combo-code-value-quantity",
					LOINC + SYSTOLIC + "$ge" + v);
		}
		battery.set("composite code$quantity", "Observation", "code-value-quantity", LOINC + "29463-7$ge80");
		Observation concept = firstWithConceptValue(records, values.ofType("Observation"));
		if (concept != null) {
			Coding value = concept.getValueCodeableConcept().getCodingFirstRep();
			battery.set("composite code$concept", "Observation", "code-value-concept",
					concept.getCode().getCodingFirstRep().getSystem() + "|" + concept.getCode().getCodingFirstRep().getCode()
							+ "$" + value.getSystem() + "|" + value.getCode());
		}
		ofType(battery, records, values.ofType("Patient"));
		logicalReferences(battery, records, values.ofType("PractitionerRole"));
	}

	/** {@code identifier:of-type=typeSystem|typeCode|value}: the medical record number and the SSN. */
	private static void ofType(BatteryBuilder battery, SyntheaRecords records, List<String> patients) {
		Patient patient = (Patient) records.get(QueryFamily.middle(patients));
		for (Identifier id : patient.getIdentifier()) {
			Coding type = id.getType().getCodingFirstRep();
			if (type.hasCode() && (type.getCode().equals("MR") || type.getCode().equals("SS"))) {
				battery.set("token :of-type", "Patient", "identifier:of-type",
						type.getSystem() + "|" + type.getCode() + "|" + id.getValue());
				battery.set("token :of-type wrong type", "Patient", "identifier:of-type",
						type.getSystem() + "|DL|" + id.getValue());
			}
		}
	}

	/** {@code practitioner:identifier=system|value}, where the reference has only an identifier. */
	private static void logicalReferences(BatteryBuilder battery, SyntheaRecords records, List<String> roles) {
		if (roles.isEmpty()) {
			return;
		}
		PractitionerRole role = (PractitionerRole) records.get(QueryFamily.middle(roles));
		Identifier practitioner = role.getPractitioner().getIdentifier();
		Identifier organization = role.getOrganization().getIdentifier();
		battery.set("reference :identifier", "PractitionerRole", "practitioner:identifier",
				practitioner.getSystem() + "|" + practitioner.getValue());
		battery.set("reference :identifier", "PractitionerRole", "organization:identifier",
				organization.getSystem() + "|" + organization.getValue());
	}

	private static List<BigDecimal> componentValues(SyntheaRecords records, List<String> observations, String code) {
		List<BigDecimal> out = new ArrayList<>();
		for (String identity : observations) {
			for (ObservationComponentComponent c : ((Observation) records.get(identity)).getComponent()) {
				if (code.equals(c.getCode().getCodingFirstRep().getCode()) && c.getValue() instanceof Quantity q) {
					out.add(q.getValue());
				}
			}
		}
		out.sort(Comparator.naturalOrder());
		return out;
	}

	private static Observation firstWithConceptValue(SyntheaRecords records, List<String> observations) {
		for (String identity : observations) {
			Resource r = records.get(identity);
			if (r instanceof Observation o && o.hasValueCodeableConcept() && o.getValueCodeableConcept().getCodingFirstRep().hasCode()) {
				return o;
			}
		}
		return null;
	}
}

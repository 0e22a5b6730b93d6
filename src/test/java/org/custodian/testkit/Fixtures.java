package org.custodian.testkit;

import java.util.UUID;

import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/** Small resources built in code, each with a unique medical record number so tests never collide. */
public final class Fixtures {

	public static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.9999.1";

	private Fixtures() {}

	public static String uniqueMrn() {
		return "MRN-" + UUID.randomUUID();
	}

	public static Patient patient(String family, String given) {
		Patient p = new Patient();
		p.addIdentifier().setSystem(MRN_SYSTEM).setValue(uniqueMrn());
		p.addName().setFamily(family).addGiven(given);
		p.setGender(AdministrativeGender.FEMALE);
		return p;
	}

	public static Observation heartRate(String patientReference) {
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4").setDisplay("Heart rate");
		o.setSubject(new Reference(patientReference));
		o.getValueQuantity().setValue(72).setUnit("/min").setSystem("http://unitsofmeasure.org").setCode("/min");
		return o;
	}
}

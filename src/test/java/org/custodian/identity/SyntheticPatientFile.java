package org.custodian.identity;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * Writes the synthetic patient index of {@link SyntheticErrorsTest} (registration errors and twins)
 * as FHIR Patients in NDJSON, for the benchmark of deduplication and $match at scale
 * ({@code bench/identity/at-scale.sh}). Arguments: the file, the number of patients.
 */
public final class SyntheticPatientFile {

	private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMdd");

	public static void main(String[] args) throws IOException {
		Path out = Path.of(args[0]);
		int size = Integer.parseInt(args[1]);
		SyntheticErrorsTest.Truth truth = SyntheticErrorsTest.generate(size, new Random(20261124));
		IParser json = FhirContext.forR4Cached().newJsonParser();
		try (BufferedWriter w = Files.newBufferedWriter(out)) {
			for (Person p : truth.people()) {
				w.write(json.encodeResourceToString(patient(p)));
				w.newLine();
			}
		}
		System.out.println("Wrote " + truth.people().size() + " patients to " + out);
	}

	static Patient patient(Person p) {
		Patient patient = new Patient();
		var name = patient.addName().setFamily(p.family());
		if (p.given() != null) {
			name.addGiven(p.given());
		}
		if (p.birthDate() != null) {
			try {
				patient.setBirthDateElement(new DateType(LocalDate.parse(p.birthDate(), COMPACT).toString()));
			} catch (DateTimeParseException impossible) {
				// A slip made an impossible date; a registrar's form would have refused it too.
			}
		}
		if (p.sex() != null) {
			patient.setGender(AdministrativeGender.fromCode(p.sex()));
		}
		if (p.line() != null || p.city() != null || p.postcode() != null) {
			patient.addAddress().addLine(p.line()).setCity(p.city()).setPostalCode(p.postcode());
		}
		if (p.phone() != null) {
			patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(p.phone());
		}
		if (p.nationalId() != null) {
			patient.addIdentifier().setSystem("http://hl7.org/fhir/sid/us-ssn").setValue(p.nationalId());
		}
		return patient;
	}

	private SyntheticPatientFile() {}
}

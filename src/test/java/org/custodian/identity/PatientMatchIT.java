package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** {@code Patient/$match} (IHE PDQm ITI-119) over the FHIR API: candidates scored, graded and explained. */
class PatientMatchIT extends ServerTest {

	@org.springframework.beans.factory.annotation.Autowired
	PatientMatcher matcher;
	@org.springframework.beans.factory.annotation.Autowired
	org.custodian.access.AccessGate gate;

	private final String family = "Mpi" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");
	private final String ssn = Long.toString(100_000_000L + (System.nanoTime() % 899_999_999L));

	private Patient person(String given, String born, String ssn, String phone) {
		Patient p = new Patient();
		p.addName().setFamily(family).addGiven(given);
		p.setBirthDateElement(new DateType(born));
		p.setGender(AdministrativeGender.MALE);
		p.addIdentifier().setSystem("http://hl7.org/fhir/sid/us-ssn").setValue(ssn);
		p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(phone);
		p.addAddress().addLine("12 Elm Street").setCity("Springfield").setPostalCode("62701");
		return p;
	}

	private String create(Patient p) {
		Response r = fhir.post("Patient", p);
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return new IdType(r.header("Location")).getIdPart();
	}

	private Bundle match(Patient wanted, Integer count, Boolean onlyCertain) {
		Parameters in = new Parameters();
		in.addParameter().setName("resource").setResource(wanted);
		if (count != null) {
			in.addParameter("count", count);
		}
		if (onlyCertain != null) {
			in.addParameter("onlyCertainMatches", onlyCertain);
		}
		Response r = fhir.post("Patient/$match", in);
		assertThat(r.status()).as(r.body()).isEqualTo(200);
		return r.as(Bundle.class);
	}

	private static String grade(Bundle.BundleEntryComponent e) {
		return ((CodeType) e.getSearch().getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/match-grade").getValue())
				.getValue();
	}

	@Test
	void findsThePersonDespiteANicknameAndASwappedBirthDateAndKeepsTheTwinApart() {
		String robert = create(person("Robert", "1970-03-07", ssn, "217-555-0101"));
		// Every digit of the twin's national id differs from Robert's.
		String twinSsn = ssn.chars().mapToObj(c -> String.valueOf((char) ('0' + (c - '0' + 5) % 10)))
				.collect(java.util.stream.Collectors.joining());
		String twin = create(person("Richard", "1970-03-07", twinSsn, "217-555-0101"));

		Bundle found = match(person("Bob", "1970-07-03", ssn, "(217) 555-0101"), null, null);

		assertThat(found.getEntry()).isNotEmpty();
		Bundle.BundleEntryComponent best = found.getEntryFirstRep();
		assertThat(best.getResource().getIdElement().getIdPart()).isEqualTo(robert);
		assertThat(grade(best)).isEqualTo("certain");
		assertThat(best.getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.MATCH);
		assertThat(best.getSearch().getScore().doubleValue()).isGreaterThan(0.99);
		assertThat(found.getEntry()).filteredOn(e -> e.getResource().getIdElement().getIdPart().equals(twin))
				.allSatisfy(e -> assertThat(grade(e)).isNotEqualTo("certain"));
		// The explanation names each field's agreement and weight.
		assertThat(best.getSearch().getExtensionByUrl("https://custodian.dev/fhir/StructureDefinition/match-explanation")
				.getExtensionsByUrl("field")).extracting(f -> f.getExtensionString("name") + " " + f.getExtensionString("level"))
				.contains("given nickname", "family same", "birth-date slip", "national-id same", "phone same");
	}

	@Test
	void onlyCertainMatchesLeavesOutThoseToReview() {
		create(person("Ann", "1980-01-02", ssn, "217-555-0199"));
		Patient vague = new Patient();
		vague.addName().setFamily(family).addGiven("Anne");

		List<String> all = match(vague, 10, null).getEntry().stream().map(PatientMatchIT::grade).toList();
		List<String> certain = match(vague, 10, true).getEntry().stream().map(PatientMatchIT::grade).toList();

		assertThat(all).isNotEmpty().doesNotContain("certain");
		assertThat(certain).isEmpty();
	}

	@Test
	void registeringSomeoneAlreadyRegisteredWarnsByDefault() {
		String robert = create(person("Robert", "1961-02-03", ssn, "217-555-0123"));

		Response again = fhir.post("Patient", person("Bob", "1961-02-03", ssn, "217-555-0123"));

		assertThat(again.status()).isEqualTo(201);
		assertThat(again.header("X-Custodian-Likely-Duplicates")).contains("Patient/" + robert);
		// Naming Robert to the registrar is a read of his record, and recorded as one.
		assertThat(jdbc.queryForList("select array_to_string(patients, ' ') from audit_event where subtype ="
				+ " 'registration-duplicate-check' order by seq desc limit 1", String.class)).singleElement().asString()
				.contains("Patient/" + robert);
	}

	@Test
	void refuseModeRefusesACertainDuplicateAndLinkModeLinksIt() {
		String robert = create(person("Robert", "1962-02-03", ssn, "217-555-0124"));
		var access = gate.forCaller(new org.custodian.access.Caller("registrar-" + family, "test", java.util.List.of("user/*.crus"),
				java.util.Set.of(org.custodian.access.Role.HIM), null, "HOPERAT", null), "127.0.0.1");

		RegistrationCheck refusing = new RegistrationCheck(matcher, new IdentityProperties(14, 6, RegistrationCheck.Mode.REFUSE));
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> refusing.check(access, person("Bob", "1962-02-03", ssn,
				"217-555-0124"))).isInstanceOfSatisfying(org.custodian.support.CustodianException.Conflict.class, e -> {
					assertThat(e.code()).isEqualTo(org.custodian.support.ErrorCode.LIKELY_DUPLICATE_PATIENT);
					assertThat(e.getMessage()).contains("Patient/" + robert);
				});

		Patient linked = person("Bob", "1962-02-03", ssn, "217-555-0124");
		new RegistrationCheck(matcher, new IdentityProperties(14, 6, RegistrationCheck.Mode.LINK)).check(access, linked);
		assertThat(linked.getLink()).extracting(l -> l.getOther().getReference()).containsExactly("Patient/" + robert);

		Patient someoneElse = person("Zebedee", "1999-12-31", "111223333", "999-555-0000");
		someoneElse.getNameFirstRep().setFamily("Quixote");
		assertThat(refusing.check(access, someoneElse)).isEmpty();
	}

	@Test
	void refusesACountOutOfRange() {
		Parameters in = new Parameters();
		in.addParameter().setName("resource").setResource(person("Zed", "1990-01-01", ssn, "217-555-0000"));
		in.addParameter("count", 500);

		Response r = fhir.post("Patient/$match", in);

		assertThat(r.status()).isEqualTo(400);
		assertThat(r.body()).contains("count is 1 to 50");
	}

	@Test
	void theAnswerIsAuditedWithThePatientsItNamed() {
		String robert = create(person("Robert", "1955-05-05", ssn, "217-555-0111"));

		match(person("Robert", "1955-05-05", ssn, "217-555-0111"), null, null);

		assertThat(jdbc.queryForList("select array_to_string(patients, ' ') from audit_event where subtype = '$match'"
				+ " order by seq desc limit 1", String.class)).singleElement().asString().contains("Patient/" + robert);
	}
}

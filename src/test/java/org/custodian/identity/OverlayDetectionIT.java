package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** Overlay detection: the signs that one chart holds two people, queued once, reviewed, and found by a scan. */
class OverlayDetectionIT extends ServerTest {

	private final String tag = Long.toString(System.nanoTime(), 36);

	private String create(Resource r) {
		Response created = fhir.post(r.fhirType(), r);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new IdType(created.header("Location")).getIdPart();
	}

	private Patient patient(AdministrativeGender sex, String born) {
		Patient p = new Patient();
		p.addName().setFamily("Overlay" + tag.replaceAll("[0-9]", "")).addGiven("Sam");
		p.setGender(sex);
		p.setBirthDateElement(new DateType(born));
		p.addIdentifier().setSystem("urn:mrn:" + tag).setValue("1");
		return p;
	}

	private Encounter stay(String patient, String organization, String start, String end) {
		Encounter e = new Encounter();
		e.setStatus(Encounter.EncounterStatus.FINISHED);
		e.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter"));
		e.setSubject(new Reference("Patient/" + patient));
		e.setServiceProvider(new Reference("Organization/" + organization));
		e.setPeriod(new Period().setStartElement(new DateTimeType(start)).setEndElement(new DateTimeType(end)));
		return e;
	}

	private FhirHttp him() {
		return fhir.as(token("him-overlay-" + tag, Set.of(Role.HIM), List.of("user/*.crus"), null));
	}

	private static List<String> kinds(Parameters out) {
		return out.getParameter().stream().filter(p -> p.getName().equals("signal"))
				.map(p -> p.getPart().stream().filter(x -> x.getName().equals("kind")).findFirst().orElseThrow().getValue()
						.primitiveValue()).toList();
	}

	@Test
	void findsTheSignsOfTwoPeopleInOneChartQueuesThemOnceAndClosesThemOnReview() {
		Patient registered = patient(AdministrativeGender.FEMALE, "1980-01-01");
		String id = create(registered);
		Patient second = fhir.get("Patient/" + id).as(Patient.class);
		second.setBirthDateElement(new DateType("1985-07-07"));
		second.addIdentifier().setSystem("urn:mrn:" + tag).setValue("2");
		assertThat(fhir.put("Patient/" + id, second).status()).isEqualTo(200);
		Condition prostate = new Condition();
		prostate.setSubject(new Reference("Patient/" + id));
		prostate.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "C61", "Malignant neoplasm of prostate")));
		create(prostate);
		String north = create(new Organization().setName("North General"));
		String south = create(new Organization().setName("South Memorial"));
		create(stay(id, north, "2020-03-01T08:00:00Z", "2020-03-05T10:00:00Z"));
		create(stay(id, south, "2020-03-03T09:00:00Z", "2020-03-04T09:00:00Z"));
		create(stay(id, north, "1979-05-01T08:00:00Z", "1979-05-02T08:00:00Z"));
		FhirHttp him = him();

		Response checked = him.get("Patient/" + id + "/$overlay-check");
		him.get("Patient/" + id + "/$overlay-check");

		assertThat(checked.status()).as(checked.body()).isEqualTo(200);
		assertThat(kinds(checked.as(Parameters.class))).contains("birth-date-changed", "conflicting-identifiers",
				"sex-specific", "simultaneous-stays", "before-birth");
		assertThat(checked.body()).contains("1980-01-01 (version 1) and 1985-07-07 (version 2)");
		Integer queued = jdbc.queryForObject("select count(*) from identity_overlay where patient = ? and status = 'open'",
				Integer.class, id);
		assertThat(queued).isEqualTo(kinds(checked.as(Parameters.class)).size());
		assertThat(him.get("Patient/$overlays?count=1000").body()).contains("Patient/" + id);

		Parameters review = new Parameters();
		review.addParameter("patient", new Reference("Patient/" + id));
		review.addParameter("status", new StringType("two-people"));
		review.addParameter("note", new StringType("Two patients' stays filed together; split requested"));
		Response reviewed = him.post("Patient/$overlay-review", review);

		assertThat(((IntegerType) reviewed.as(Parameters.class).getParameterValue("closed")).getValue()).isEqualTo(queued);
		assertThat(him.get("Patient/$overlays?count=1000").body()).doesNotContain("Patient/" + id);
		him.get("Patient/" + id + "/$overlay-check");
		assertThat(jdbc.queryForObject("select count(*) from identity_overlay where patient = ? and status = 'open'",
				Integer.class, id)).isZero();
	}

	@Test
	void aConsistentChartRaisesNothingAndTheScanFindsCareAfterDeath() throws InterruptedException {
		String clean = create(patient(AdministrativeGender.MALE, "1950-02-02"));
		Patient deceased = patient(AdministrativeGender.MALE, "1940-01-01");
		deceased.setDeceased(new DateTimeType("2019-01-01"));
		String dead = create(deceased);
		String org = create(new Organization().setName("East"));
		create(stay(dead, org, "2021-06-01T08:00:00Z", "2021-06-02T08:00:00Z"));
		FhirHttp him = him();

		assertThat(kinds(him.get("Patient/" + clean + "/$overlay-check").as(Parameters.class))).isEmpty();
		Response started = him.post("Patient/$overlay-scan", new Parameters());
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		int run = ((IntegerType) started.as(Parameters.class).getParameterValue("run")).getValue();
		Instant until = Instant.now().plus(Duration.ofSeconds(60));
		String state = "running";
		while (state.equals("running") && Instant.now().isBefore(until)) {
			Thread.sleep(200);
			state = him.get("$deduplicate-status?run=" + run).as(Parameters.class).getParameterValue("state").primitiveValue();
		}

		assertThat(state).isEqualTo("finished");
		assertThat(jdbc.queryForList("select kind from identity_overlay where patient = ?", String.class, dead))
				.containsExactly("after-death");
		assertThat(jdbc.queryForList("select kind from identity_overlay where patient = ?", String.class, clean)).isEmpty();
		assertThat(fhir.as(token("clin-overlay-" + tag, Set.of(Role.CLINICIAN), List.of("user/*.rs"), null))
				.get("Patient/" + clean + "/$overlay-check").status()).isEqualTo(403);
	}
}

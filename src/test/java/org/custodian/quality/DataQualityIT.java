package org.custodian.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Data quality found as records arrive: a feed that sends patients without their sex, impossible vital
 * signs and dates in the future scores worse than one that sends clean records, the chart
 * lists what is wrong, and a corrected record no longer counts against it.
 */
class DataQualityIT extends ServerTest {

	private static final String LAB = "http://lab.example.org/feed";
	private static final String CLINIC = "http://clinic.example.org/ehr";

	private final String tag = Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");

	@BeforeEach
	void onlyWhatThisTestWrites() {
		for (String type : DataQuality.CHECKED) {
			jdbc.update("insert into quality_watermark (resource_type, checked_to) values (?, ?) on conflict (resource_type) do"
					+ " update set checked_to = excluded.checked_to", type, Timestamp.from(Instant.now()));
		}
		jdbc.update("delete from quality_issue");
		jdbc.update("delete from quality_result");
	}

	private String create(Resource r, String source) {
		r.getMeta().setSource(source);
		Response created = fhir.post(r.fhirType(), r);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new IdType(created.header("Location")).getIdPart();
	}

	private static Observation heartRate(String patient, double value) {
		Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("Patient/"
				+ patient));
		o.getCode().addCoding(new Coding("http://loinc.org", "8867-4", "Heart rate"));
		o.setValue(new Quantity().setValue(value).setSystem("http://unitsofmeasure.org").setCode("/min").setUnit("/min"));
		return o;
	}

	private static ParametersParameterComponent part(ParametersParameterComponent p, String name) {
		return p.getPart().stream().filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
	}

	@Test
	void aFeedSendingImplausibleRecordsScoresWorseAndACorrectionClearsItsFinding() {
		Patient noSex = new Patient();
		noSex.addName().setFamily("Quality" + tag);
		noSex.addIdentifier().setSystem("urn:lab:mrn").setValue(tag);
		String labPatient = create(noSex, LAB);
		String impossible = create(heartRate(labPatient, 420), LAB);
		// (A stay that ends before it starts never gets this far: the store refuses it, FHIR's invariant per-1.)
		Encounter ahead = new Encounter().setStatus(Encounter.EncounterStatus.PLANNED).setClass_(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null)).setSubject(new Reference("Patient/" + labPatient));
		ahead.getPeriod().setStart(Date.from(Instant.now().plus(java.time.Duration.ofDays(30))));
		create(ahead, LAB);
		String clinicPatient = create(Fixtures.patient("Clean" + tag, "Cara").setBirthDate(new Date(0)), CLINIC);
		create(heartRate(clinicPatient, 72), CLINIC);
		FhirHttp him = fhir.as(token("him-" + tag, Set.of(Role.HIM), List.of("user/*.cruds"), null));

		Response checked = him.post("$data-quality-check", new Parameters());
		Parameters summary = him.get("$data-quality").as(Parameters.class);
		Parameters chart = him.get("Patient/" + labPatient + "/$data-quality").as(Parameters.class);
		Response clinician = fhir.as(token("clin-" + tag, Set.of(Role.CLINICIAN), List.of("user/*.rs"), null)).get(
				"$data-quality");

		assertThat(checked.status()).as(checked.body()).isEqualTo(200);
		assertThat(Integer.parseInt(checked.as(Parameters.class).getParameterValue("checked").primitiveValue())).isEqualTo(5);
		List<ParametersParameterComponent> sources = summary.getParameter().stream().filter(p -> p.getName().equals("source"))
				.toList();
		assertThat(sources).extracting(p -> part(p, "key").getValue().primitiveValue()).containsExactly(LAB, CLINIC);
		assertThat(part(sources.get(0), "score").getValue().primitiveValue()).isEqualTo("0.0");
		assertThat(part(sources.get(1), "score").getValue().primitiveValue()).isEqualTo("1.0");
		assertThat(chart.getParameter().stream().filter(p -> p.getName().equals("finding")).map(p -> part(p, "check").getValue()
				.primitiveValue())).containsExactlyInAnyOrder("patient-sex", "patient-birth-date", "vital-sign-range",
						"future-date");
		assertThat(clinician.status()).isEqualTo(403);

		Observation corrected = fhir.get("Observation/" + impossible).as(Observation.class);
		corrected.getValueQuantity().setValue(42);
		assertThat(fhir.put("Observation/" + impossible, corrected).status()).isEqualTo(200);
		him.post("$data-quality-check", new Parameters());

		assertThat(him.get("Patient/" + labPatient + "/$data-quality").as(Parameters.class).getParameter().stream().filter(p -> p
				.getName().equals("finding")).map(p -> part(p, "check").getValue().primitiveValue())).containsExactlyInAnyOrder(
						"patient-sex", "patient-birth-date", "future-date");
		assertThat(jdbc.queryForObject("select count(*) from audit_event where actor = 'system:data-quality' and patients @>"
				+ " array[?]::text[]", Integer.class, "Patient/" + labPatient)).as("the checks' reads are recorded").isPositive();
	}

	@org.springframework.beans.factory.annotation.Autowired
	org.custodian.search.SearchService search;

	@org.springframework.beans.factory.annotation.Autowired
	ca.uhn.fhir.context.FhirContext ctx;

	@org.springframework.beans.factory.annotation.Autowired
	org.custodian.access.AccessGate gate;

	@Test
	void aTransactionsRecordsStampedAtOneMomentAreAllReadPageByPage() {
		Instant before = Instant.now().minusMillis(1);
		String patient = create(Fixtures.patient("Bundle" + tag, "Bea"), CLINIC);
		org.hl7.fhir.r4.model.Bundle tx = new org.hl7.fhir.r4.model.Bundle().setType(org.hl7.fhir.r4.model.Bundle.BundleType
				.TRANSACTION);
		for (int i = 0; i < 5; i++) {
			tx.addEntry().setResource(heartRate(patient, 60 + i)).getRequest().setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST)
					.setUrl("Observation");
		}
		assertThat(fhir.post("", tx).status()).isEqualTo(200);
		List<String> read = new java.util.ArrayList<>();

		new org.custodian.search.ChangedRecords(search, ctx, 2).within(gate.forSystemTask("test"), "Observation", before,
				Instant.now(), page -> page.forEach(v -> read.add(v.id())));

		assertThat(read).hasSize(5).doesNotHaveDuplicates();
	}
}

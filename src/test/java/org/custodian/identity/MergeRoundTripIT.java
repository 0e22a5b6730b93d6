package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;

/**
 * The property of issue 7: a merge followed by its unmerge leaves the record as it was. Random pairs
 * of charts (records of several kinds, some referring to both patients, versioned references,
 * shared and distinct identifiers), merged and unmerged, sometimes with writes in between (a moved
 * record edited, a new record on the target): every record is then exactly as before, except the
 * later edit, which is kept, and the new record, which stays with the target.
 */
class MergeRoundTripIT extends ServerTest {

	private static final int TRIALS = 24;
	private static final FhirContext R4 = FhirContext.forR4Cached();
	private final String tag = Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");

	@Test
	void mergeThenUnmergeLeavesEveryRecordAsItWas() {
		FhirHttp him = fhir.as(token("him-roundtrip-" + tag, Set.of(Role.HIM), List.of("user/*.crus"), null));
		long base = System.nanoTime();
		for (int trial = 0; trial < TRIALS; trial++) {
			long seed = base + trial;
			try {
				roundTrip(him, new Random(seed), trial % 2 == 1);
			} catch (AssertionError e) {
				throw new AssertionError("Trial " + trial + " (seed " + seed + ") failed: " + e.getMessage(), e);
			}
		}
	}

	private void roundTrip(FhirHttp him, Random random, boolean writesInBetween) {
		String source = patient(random, "S");
		String target = patient(random, "T");
		List<String> records = new ArrayList<>();
		for (int i = random.nextInt(7); i > 0; i--) {
			records.add(record(random, source, target));
		}
		for (int i = random.nextInt(4); i > 0; i--) {
			records.add(record(random, target, source));
		}
		List<String> all = new ArrayList<>(records);
		all.add("Patient/" + source);
		all.add("Patient/" + target);
		Map<String, String> before = snapshot(all);

		Parameters merge = new Parameters();
		merge.addParameter("source-patient", new Reference("Patient/" + source));
		merge.addParameter("target-patient", new Reference("Patient/" + target));
		merge.addParameter("reason", new StringType("round trip"));
		Response merged = him.post("Patient/$merge", merge);
		assertThat(merged.status()).as(merged.body()).isEqualTo(200);
		for (String r : records) {
			assertThat(fhir.get(r).body()).as(r + " after the merge").doesNotContain("Patient/" + source);
		}
		String edited = null;
		String later = null;
		if (writesInBetween) {
			List<String> moved = records.stream().filter(r -> before.get(r).contains("Patient/" + source)).toList();
			if (!moved.isEmpty()) {
				edited = moved.get(random.nextInt(moved.size()));
				DomainResource d = (DomainResource) fhir.get(edited).as(R4.getResourceDefinition(edited.split("/")[0])
						.getImplementingClass());
				Narrative text = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
				text.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">corrected after the merge</div>");
				d.setText(text);
				assertThat(fhir.put(edited, d).status()).isEqualTo(200);
			}
			later = "Observation/" + created(fhir.post("Observation", observation(target, "later", null)));
		}

		Parameters undo = new Parameters();
		undo.addParameter("merge", merged.as(Parameters.class).getParameterValue("merge"));
		undo.addParameter("reason", new StringType("round trip"));
		Response undone = him.post("Patient/$unmerge", undo);
		assertThat(undone.status()).as(undone.body()).isEqualTo(200);

		Map<String, String> after = snapshot(all);
		for (String r : all) {
			String actual = after.get(r);
			if (r.equals(edited)) {
				assertThat(actual).as(r).contains("corrected after the merge");
				actual = withoutText(actual);
			}
			assertThat(actual).as(r + " after merge and unmerge").isEqualTo(before.get(r));
		}
		if (later != null) {
			assertThat(fhir.get(later).body()).contains("Patient/" + target);
		}
	}

	private String patient(Random random, String side) {
		Patient p = new Patient();
		p.addName().setFamily("Roundtrip" + tag).addGiven(random.nextBoolean() ? "Lee" : "Leigh");
		p.setBirthDateElement(new DateType("19" + (50 + random.nextInt(40)) + "-0" + (1 + random.nextInt(9)) + "-1"
				+ random.nextInt(10)));
		p.addIdentifier().setSystem("urn:mrn").setValue(side + tag + random.nextInt(1_000_000));
		if (random.nextBoolean()) {
			p.addIdentifier().setSystem("urn:ssn").setValue("shared-" + tag); // the same on both: not copied twice
		}
		if (random.nextBoolean()) {
			p.setActive(true);
		}
		if (random.nextBoolean()) {
			p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("555-01" + random.nextInt(100));
		}
		return created(fhir.post("Patient", p));
	}

	/** One record of {@code owner}'s chart, of a random kind; some refer to {@code other} too, or by version. */
	private String record(Random random, String owner, String other) {
		Reference subject = new Reference("Patient/" + owner + (random.nextInt(5) == 0 ? "/_history/1" : ""));
		Resource r = switch (random.nextInt(7)) {
			case 0 -> observation(owner, "glucose", random.nextBoolean() ? other : null).setSubject(subject);
			case 1 -> new Condition().setSubject(subject).setCode(new CodeableConcept().setText("asthma"));
			case 2 -> new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
					.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null)).setSubject(subject);
			case 3 -> new AllergyIntolerance().setPatient(subject).setCode(new CodeableConcept().setText("penicillin"));
			case 4 -> new Procedure().setStatus(Procedure.ProcedureStatus.COMPLETED).setSubject(subject)
					.setCode(new CodeableConcept().setText("appendectomy"));
			case 5 -> new MedicationRequest().setStatus(MedicationRequest.MedicationRequestStatus.COMPLETED)
					.setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
					.setMedication(new CodeableConcept().setText("amoxicillin")).setSubject(subject);
			default -> new RelatedPerson().setPatient(subject).addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Kin"));
		};
		String type = r.fhirType();
		return type + "/" + created(fhir.post(type, r));
	}

	private static Observation observation(String patient, String text, String performer) {
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.getCode().setText(text);
		o.setSubject(new Reference("Patient/" + patient));
		if (performer != null) {
			o.addPerformer(new Reference("Patient/" + performer));
		}
		return o;
	}

	/** Each record as JSON without its meta (versions and times change; the content must not). */
	private Map<String, String> snapshot(List<String> references) {
		Map<String, String> out = new LinkedHashMap<>();
		for (String r : references) {
			Response read = fhir.get(r);
			assertThat(read.status()).as(read.body()).isEqualTo(200);
			Resource resource = (Resource) R4.newJsonParser().parseResource(read.body());
			resource.setMeta(new Meta());
			resource.setId((IdType) null);
			out.put(r, R4.newJsonParser().setStripVersionsFromReferences(false).encodeResourceToString(resource));
		}
		return out;
	}

	private static String withoutText(String json) {
		DomainResource d = (DomainResource) R4.newJsonParser().parseResource(json);
		d.setText(null);
		return R4.newJsonParser().setStripVersionsFromReferences(false).encodeResourceToString(d);
	}

	private static String created(Response r) {
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return new IdType(r.header("Location")).getIdPart();
	}

}

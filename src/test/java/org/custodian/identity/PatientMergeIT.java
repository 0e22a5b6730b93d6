package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** Patient/$merge and Patient/$unmerge over FHIR: what moves, what is refused, what the undo gives back. */
class PatientMergeIT extends ServerTest {

	private final String tag = Long.toString(System.nanoTime(), 36);

	private String patient(String given, String mrn) {
		Patient p = new Patient();
		p.addName().setFamily("Merge" + tag.replaceAll("[0-9]", "")).addGiven(given);
		p.setBirthDateElement(new DateType("1970-03-04"));
		p.addIdentifier().setSystem("urn:mrn").setValue(mrn + tag);
		return created(fhir.post("Patient", p));
	}

	private String observation(String patient, String text) {
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.getCode().setText(text);
		o.setSubject(new Reference("Patient/" + patient));
		return created(fhir.post("Observation", o));
	}

	private String order(String patient, String rxnorm) {
		MedicationRequest m = new MedicationRequest();
		m.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
		m.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		m.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", rxnorm, null)));
		m.setSubject(new Reference("Patient/" + patient));
		return created(fhir.post("MedicationRequest", m));
	}

	private static String created(Response r) {
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return new IdType(r.header("Location")).getIdPart();
	}

	private FhirHttp him() {
		return fhir.as(token("him-merge-" + tag, Set.of(Role.HIM), List.of("user/*.crus"), null));
	}

	private static Parameters mergeOf(String source, String target, String reason) {
		Parameters p = new Parameters();
		p.addParameter("source-patient", new Reference(source));
		p.addParameter("target-patient", new Reference(target));
		if (reason != null) {
			p.addParameter("reason", new StringType(reason));
		}
		return p;
	}

	private String subjectOf(String type, String id) {
		return fhir.get(type + "/" + id).body().replaceAll("(?s).*\"subject\":\\{\"reference\":\"([^\"]+)\".*", "$1");
	}

	@Test
	void movesEveryRecordToTheTargetKeepsTheSourceAsReplacedAndSaysWhoAndWhy() {
		String source = patient("Katherine", "S");
		String target = patient("Kathy", "T");
		String glucose = observation(source, "glucose");
		Condition c = new Condition();
		c.setSubject(new Reference("Patient/" + source + "/_history/1"));
		c.getCode().setText("asthma");
		String asthma = created(fhir.post("Condition", c));
		String own = observation(target, "weight");

		Response merged = him().post("Patient/$merge", mergeOf("Patient/" + source, "Patient/" + target, "Same MRN typed twice"));

		assertThat(merged.status()).as(merged.body()).isEqualTo(200);
		Parameters out = merged.as(Parameters.class);
		assertThat(out.getParameter("outcome").getResource()).isNotNull();
		assertThat(subjectOf("Observation", glucose)).isEqualTo("Patient/" + target);
		assertThat(subjectOf("Condition", asthma)).isEqualTo("Patient/" + target);
		assertThat(subjectOf("Observation", own)).isEqualTo("Patient/" + target);
		Patient s = fhir.get("Patient/" + source).as(Patient.class);
		assertThat(s.getActive()).isFalse();
		assertThat(s.getLink()).anySatisfy(l -> {
			assertThat(l.getType()).isEqualTo(Patient.LinkType.REPLACEDBY);
			assertThat(l.getOther().getReference()).isEqualTo("Patient/" + target);
		});
		assertThat(s.getIdentifierFirstRep().getValue()).isEqualTo("S" + tag);
		Patient t = (Patient) out.getParameter("result").getResource();
		assertThat(t.getLink()).anySatisfy(l -> assertThat(l.getType()).isEqualTo(Patient.LinkType.REPLACES));
		assertThat(t.getIdentifier()).anySatisfy(i -> {
			assertThat(i.getValue()).isEqualTo("S" + tag);
			assertThat(i.getUse()).isEqualTo(Identifier.IdentifierUse.OLD);
		});
		Bundle provenances = fhir.get("Provenance?target=Patient/" + source).as(Bundle.class);
		assertThat(provenances.getEntry()).hasSize(1);
		Provenance p = (Provenance) provenances.getEntryFirstRep().getResource();
		assertThat(p.getActivity().getCodingFirstRep().getCode()).isEqualTo("merge");
		assertThat(p.getReasonFirstRep().getText()).contains("Same MRN typed twice");
		assertThat(p.getAgentFirstRep().getWho().getDisplay()).contains("him-merge-" + tag);
		assertThat(p.getTarget()).extracting(Reference::getReference).contains("Observation/" + glucose, "Condition/" + asthma);
		assertThat(jdbc.queryForList("select array_to_string(patients, ' ') from audit_event where subtype = 'merge'"
				+ " and client = ?", String.class, "him-merge-" + tag)).singleElement().satisfies(patients -> assertThat(patients)
						.contains("Patient/" + source, "Patient/" + target));
		// The merged-away chart is no longer offered as a duplicate of anyone.
		Parameters match = new Parameters();
		match.addParameter().setName("resource").setResource(s.copy().setActive(true).setLink(List.of()));
		Bundle candidates = him().post("Patient/$match", match).as(Bundle.class);
		assertThat(candidates.getEntry()).extracting(e -> e.getResource().getIdPart()).doesNotContain(source);
	}

	@Test
	void refusesWhenAPatientChangedSinceTheReviewAndChangesNothing() {
		String source = patient("Ann", "S");
		String target = patient("Anne", "T");
		Patient s = fhir.get("Patient/" + source).as(Patient.class);
		s.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE).setValue("555-0100");
		assertThat(fhir.put("Patient/" + source, s).status()).isEqualTo(200);
		int before = countVersions("Patient");

		Response r = him().post("Patient/$merge", mergeOf("Patient/" + source + "/_history/1", "Patient/" + target, "dup"));

		assertThat(r.status()).as(r.body()).isEqualTo(412);
		assertThat(r.body()).contains("changed since it was reviewed");
		assertThat(countVersions("Patient")).isEqualTo(before);
	}

	@Test
	void refusesWhenBothChartsHoldAnActiveOrderForTheSameMedicine() {
		String source = patient("Bob", "S");
		String target = patient("Robert", "T");
		String a = order(source, "860975");
		String b = order(target, "860975");

		Response r = him().post("Patient/$merge", mergeOf("Patient/" + source, "Patient/" + target, "dup"));

		assertThat(r.status()).as(r.body()).isEqualTo(409);
		assertThat(r.errorCode()).isEqualTo("CUS-2011");
		assertThat(r.body()).contains("MedicationRequest/" + a).contains("MedicationRequest/" + b);
		assertThat(subjectOf("MedicationRequest", a)).isEqualTo("Patient/" + source);
		assertThat(fhir.get("Patient/" + source).as(Patient.class).hasLink()).isFalse();
	}

	@Test
	void refusesWhenRecordsTheMergerMayNotSeeWouldBeLeftBehind() {
		String source = patient("Carl", "S");
		String target = patient("Karl", "T");
		Observation secret = new Observation();
		secret.setStatus(Observation.ObservationStatus.FINAL);
		secret.getCode().setText("very restricted");
		secret.setSubject(new Reference("Patient/" + source));
		secret.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "V", null);
		String hidden = created(fhir.post("Observation", secret));

		Response r = him().post("Patient/$merge", mergeOf("Patient/" + source, "Patient/" + target, "dup"));

		assertThat(r.status()).as(r.body()).isEqualTo(409);
		assertThat(r.errorCode()).isEqualTo("CUS-2011");
		assertThat(r.body()).contains("1 record on Patient/" + source).doesNotContain(hidden);
		assertThat(subjectOf("Observation", hidden)).isEqualTo("Patient/" + source);
	}

	@Test
	void refusesAChainAndTheSamePatientAndAnyoneButHim() {
		String a = patient("Dan", "A");
		String b = patient("Daniel", "B");
		String c = patient("Danny", "C");
		assertThat(him().post("Patient/$merge", mergeOf("Patient/" + a, "Patient/" + b, "dup")).status()).isEqualTo(200);

		Response again = him().post("Patient/$merge", mergeOf("Patient/" + a, "Patient/" + c, "dup"));
		Response into = him().post("Patient/$merge", mergeOf("Patient/" + c, "Patient/" + a, "dup"));
		Response same = him().post("Patient/$merge", mergeOf("Patient/" + c, "Patient/" + c, "dup"));
		Response noReason = him().post("Patient/$merge", mergeOf("Patient/" + c, "Patient/" + b, null));
		Response clinician = fhir.as(token("clin-merge-" + tag, Set.of(Role.CLINICIAN), List.of("user/*.crus"), null))
				.post("Patient/$merge", mergeOf("Patient/" + c, "Patient/" + b, "dup"));

		assertThat(again.status()).as(again.body()).isEqualTo(409);
		assertThat(again.body()).contains("already merged into Patient/" + b);
		assertThat(into.status()).isEqualTo(409);
		assertThat(into.body()).contains("merge into that chart instead");
		assertThat(same.errorCode()).isEqualTo("CUS-2010");
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(clinician.status()).isEqualTo(403);
	}

	@Test
	void previewSaysWhatWouldMoveAndChangesNothing() {
		String source = patient("Eve", "S");
		String target = patient("Eva", "T");
		observation(source, "a");
		observation(source, "b");
		int before = countVersions("Observation");
		Parameters p = mergeOf("Patient/" + source, "Patient/" + target, "dup");
		p.addParameter("preview", new BooleanType(true));

		Response r = him().post("Patient/$merge", p);

		assertThat(r.status()).as(r.body()).isEqualTo(200);
		assertThat(r.body()).contains("Preview only").contains("2 moved");
		assertThat(countVersions("Observation")).isEqualTo(before);
	}

	@Test
	void unmergeGivesEachRecordBackAfterLaterWritesAndListsWhatWasWrittenSince() {
		String source = patient("Frank", "S");
		String target = patient("Francis", "T");
		String untouched = observation(source, "untouched");
		String edited = observation(source, "edited");
		String targets = observation(target, "target's own");
		FhirHttp him = him();
		Parameters done = him.post("Patient/$merge", mergeOf("Patient/" + source, "Patient/" + target, "dup")).as(Parameters.class);
		int merge = ((IntegerType) done.getParameterValue("merge")).getValue();
		Observation lateResult = new Observation();
		lateResult.setStatus(Observation.ObservationStatus.FINAL);
		lateResult.getCode().setText("sent under the old number");
		lateResult.setSubject(new Reference("Patient/" + source));
		Response refused = fhir.post("Observation", lateResult);
		assertThat(refused.status()).as("nothing new lands on a chart merged away").isEqualTo(409);
		assertThat(refused.errorCode()).isEqualTo("CUS-2013");
		assertThat(refused.body()).contains("merged into Patient/" + target);
		Observation e = fhir.get("Observation/" + edited).as(Observation.class);
		e.getCode().setText("edited after the merge");
		assertThat(fhir.put("Observation/" + edited, e).status()).isEqualTo(200);
		String later = observation(target, "written after the merge");

		Parameters undo = new Parameters();
		undo.addParameter("merge", new IntegerType(merge));
		undo.addParameter("reason", new StringType("Two different people: different mothers' names"));
		Response r = him.post("Patient/$unmerge", undo);

		assertThat(r.status()).as(r.body()).isEqualTo(200);
		assertThat(subjectOf("Observation", untouched)).isEqualTo("Patient/" + source);
		assertThat(subjectOf("Observation", edited)).isEqualTo("Patient/" + source);
		assertThat(fhir.get("Observation/" + edited).as(Observation.class).getCode().getText()).isEqualTo("edited after the merge");
		assertThat(subjectOf("Observation", targets)).isEqualTo("Patient/" + target);
		assertThat(subjectOf("Observation", later)).isEqualTo("Patient/" + target);
		assertThat(r.as(Parameters.class).getParameter().stream().filter(x -> x.getName().equals("review"))
				.map(x -> ((Reference) x.getValue()).getReference())).containsExactly("Observation/" + later);
		Patient s = fhir.get("Patient/" + source).as(Patient.class);
		assertThat(s.hasActive()).isFalse();
		assertThat(s.hasLink()).isFalse();
		Patient t = fhir.get("Patient/" + target).as(Patient.class);
		assertThat(t.hasLink()).isFalse();
		assertThat(t.getIdentifier()).extracting(Identifier::getValue).containsExactly("T" + tag);
		assertThat(jdbc.queryForObject("select status from identity_pair where a_patient = least(?, ?) and b_patient = greatest(?, ?)",
				String.class, source, target, source, target)).isEqualTo("not-same");
		assertThat(fhir.post("Observation", lateResult).status()).as("the chart takes records again").isEqualTo(201);
		Response twice = him.post("Patient/$unmerge", undo);
		assertThat(twice.errorCode()).isEqualTo("CUS-2012");
		assertThat(fhir.get("Provenance?target=Patient/" + source).as(Bundle.class).getEntry()).hasSize(2);
	}
}

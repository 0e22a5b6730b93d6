package org.custodian.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.custodian.testkit.Fixtures;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * A clinician authenticates their note: the signature is bound to the note's content, the signed
 * note is locked (corrected only by an addendum or a replacing note), a trainee's note waits for its
 * supervisor's co-signature, and a signature can be verified later.
 */
class EntrySignaturesIT extends CompletionTest {

	private static DocumentReference note(String patient, String author, String text) {
		DocumentReference note = new DocumentReference().setStatus(DocumentReferenceStatus.CURRENT).setSubject(new Reference(
				"Patient/" + patient)).setDescription("Progress note");
		note.addAuthor(new Reference("Practitioner/" + author));
		note.getType().addCoding(new Coding("http://loinc.org", "11506-3", "Progress note"));
		note.addContent().setAttachment(new Attachment().setContentType("text/plain").setData(text.getBytes()));
		return note;
	}

	private static Parameters supervisedBy(String practitioner) {
		Parameters p = new Parameters();
		p.addParameter("supervisor", new Reference("Practitioner/" + practitioner));
		return p;
	}

	private static List<ParametersParameterComponent> named(Parameters p, String name) {
		return p.getParameter().stream().filter(x -> x.getName().equals(name)).toList();
	}

	@Test
	void theAuthorsSignatureLocksTheNoteWhichIsCorrectedOnlyByAnAddendumAndVerifiesLater() {
		String patient = create(Fixtures.patient("Signed" + tag, "Sam"));
		String dr = practitioner("Author");
		FhirHttp author = clinician(dr, patient);
		String note = create(note(patient, dr, "Assessment: community-acquired pneumonia, improving."));

		Response unseen = author.post("DocumentReference/" + note + "/$sign", new Parameters(), "If-Match", "W/\"7\"");
		Response signed = author.post("DocumentReference/" + note + "/$sign", new Parameters(), "If-Match", "W/\"1\"");

		assertThat(unseen.status()).as("a version the signer never read is not signed").isEqualTo(412);

		assertThat(signed.status()).as(signed.body()).isEqualTo(200);
		Parameters answer = signed.as(Parameters.class);
		assertThat(answer.getParameterValue("awaiting-cosignature").primitiveValue()).isEqualTo("false");
		DocumentReference stored = fhir.get("DocumentReference/" + note).as(DocumentReference.class);
		assertThat(stored.getDocStatus()).isEqualTo(DocumentReference.ReferredDocumentStatus.FINAL);
		assertThat(stored.getAuthenticator().getReference()).isEqualTo("Practitioner/" + dr);
		String provenanceId = ((Reference) part(named(answer, "signature").get(0), "provenance").getValue()).getReference();
		Provenance provenance = fhir.get(provenanceId).as(Provenance.class);
		assertThat(provenance.getTargetFirstRep().getReference()).isEqualTo("DocumentReference/" + note + "/_history/"
				+ stored.getMeta().getVersionId());
		assertThat(provenance.getSignatureFirstRep().getTypeFirstRep().getCode()).isEqualTo("1.2.840.10065.1.12.1.1");
		assertThat(provenance.getSignatureFirstRep().getWho().getReference()).isEqualTo("Practitioner/" + dr);

		// Locked: the text cannot change, nor who authenticated it, and the note is never deleted.
		DocumentReference changed = stored.copy();
		changed.getContentFirstRep().getAttachment().setData("Assessment: viral pneumonia.".getBytes());
		Response edit = author.put("DocumentReference/" + note, changed);
		DocumentReference reassigned = stored.copy().setAuthenticator(new Reference("Practitioner/" + practitioner("Other")));
		Response forged = fhir.put("DocumentReference/" + note, reassigned);
		Response deleted = fhir.delete("DocumentReference/" + note);
		assertThat(edit.status()).as(edit.body()).isEqualTo(409);
		assertThat(edit.body()).contains("CUS-8001").contains("addendum");
		assertThat(forged.status()).isEqualTo(409);
		assertThat(deleted.status()).isEqualTo(409);
		assertThat(fhir.get("DocumentReference/" + note).as(DocumentReference.class).getMeta().getVersionId()).isEqualTo(
				stored.getMeta().getVersionId());

		// Filed in the wrong chart: moving it to the right one (as a merge of charts does) changes nothing the author said.
		String other = create(Fixtures.patient("Other" + tag, "Ozzy"));
		DocumentReference refiled = fhir.get("DocumentReference/" + note).as(DocumentReference.class);
		refiled.setSubject(new Reference("Patient/" + other));
		assertThat(fhir.put("DocumentReference/" + note, refiled).status()).isEqualTo(200);
		refiled.setSubject(new Reference("Patient/" + patient));
		assertThat(fhir.put("DocumentReference/" + note, refiled).status()).isEqualTo(200);

		DocumentReference addendum = note(patient, dr, "Addendum: sputum culture grew Streptococcus pneumoniae.");
		addendum.addRelatesTo().setCode(DocumentReference.DocumentRelationshipType.APPENDS).setTarget(new Reference(
				"DocumentReference/" + note));
		String added = new IdType(author.post("DocumentReference", addendum).header("Location")).getIdPart();

		Parameters verified = author.get("DocumentReference/" + note + "/$verify-signature").as(Parameters.class);
		assertThat(verified.getParameterValue("intact").primitiveValue()).isEqualTo("true");
		assertThat(named(verified, "related")).singleElement().satisfies(r -> {
			assertThat(((Reference) part(r, "entry").getValue()).getReference()).isEqualTo("DocumentReference/" + added);
			assertThat(part(r, "relation").getValue().primitiveValue()).isEqualTo("appends");
		});
		// What the signature was bound to no longer matches (as if the stored note had been altered): verification says so.
		jdbc.update("update entry_signature set digest = sha256(digest) where entry = ?", "DocumentReference/" + note);
		assertThat(author.get("DocumentReference/" + note + "/$verify-signature").as(Parameters.class).getParameterValue(
				"intact").primitiveValue()).isEqualTo("false");
		assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = '$sign' and outcome = 0 and patients @>"
				+ " array[?]::text[]", Integer.class, "Patient/" + patient)).as("the signing is recorded against the patient")
				.isEqualTo(1);
		assertThat(jdbc.queryForObject("select detail from audit_event where subtype = 'entry-signature' and patients @>"
				+ " array[?]::text[]", String.class, "Patient/" + patient)).as("and its digest sealed in the trail")
				.startsWith("author sha256=");
	}

	@Test
	void aResidentsNoteWaitsForTheSupervisorsCosignature() {
		String patient = create(Fixtures.patient("Cosigned" + tag, "Cy"));
		String resident = practitioner("Resident");
		String attending = practitioner("Attending");
		String other = practitioner("Other");
		PractitionerRole trainee = new PractitionerRole().setActive(true).setPractitioner(new Reference("Practitioner/"
				+ resident));
		trainee.addCode(new CodeableConcept(new Coding("http://snomed.info/sct", "405277009", "Resident physician")));
		create(trainee);
		FhirHttp residentApp = clinician(resident, patient);
		FhirHttp attendingApp = clinician(attending, patient);
		FhirHttp otherApp = clinician(other, patient);
		String note = create(note(patient, resident, "Admission H&P: chest pain, troponin negative."));

		Response self = residentApp.post("DocumentReference/" + note + "/$sign", supervisedBy(resident));
		assertThat(self.status()).as("a trainee does not supervise themselves").isEqualTo(409);
		Response unsupervised = residentApp.post("DocumentReference/" + note + "/$sign", new Parameters());
		Response signed = residentApp.post("DocumentReference/" + note + "/$sign", supervisedBy(attending));
		Response notTheSupervisor = otherApp.post("DocumentReference/" + note + "/$sign", new Parameters());
		DocumentReference waiting = fhir.get("DocumentReference/" + note).as(DocumentReference.class);
		Response cosigned = attendingApp.post("DocumentReference/" + note + "/$sign", new Parameters());
		Response again = attendingApp.post("DocumentReference/" + note + "/$sign", new Parameters());

		assertThat(unsupervised.status()).isEqualTo(409);
		assertThat(unsupervised.body()).contains("CUS-8002").contains("supervisor");
		assertThat(signed.status()).as(signed.body()).isEqualTo(200);
		assertThat(signed.as(Parameters.class).getParameterValue("awaiting-cosignature").primitiveValue()).isEqualTo("true");
		assertThat(notTheSupervisor.status()).isEqualTo(409);
		assertThat(waiting.getDocStatus()).isEqualTo(DocumentReference.ReferredDocumentStatus.PRELIMINARY);
		assertThat(waiting.hasAuthenticator()).isFalse();
		assertThat(cosigned.status()).as(cosigned.body()).isEqualTo(200);
		assertThat(again.status()).isEqualTo(409);
		DocumentReference done = fhir.get("DocumentReference/" + note).as(DocumentReference.class);
		assertThat(done.getDocStatus()).isEqualTo(DocumentReference.ReferredDocumentStatus.FINAL);
		assertThat(done.getAuthenticator().getReference()).isEqualTo("Practitioner/" + attending);
		Parameters verified = fhir.get("DocumentReference/" + note + "/$verify-signature").as(Parameters.class);
		assertThat(named(verified, "signature")).extracting(s -> part(s, "kind").getValue().primitiveValue() + " "
				+ part(s, "role").getValue().primitiveValue()).containsExactly("author Resident physician", "cosign practitioner");
		assertThat(verified.getParameterValue("intact").primitiveValue()).isEqualTo("true");
	}

	@Test
	void refusesASignatureFromWhoeverIsNotTheAuthor() {
		String patient = create(Fixtures.patient("Unsigned" + tag, "Una"));
		String dr = practitioner("Writer");
		String colleague = practitioner("Colleague");
		clinician(dr, patient);
		FhirHttp colleagueApp = clinician(colleague, patient);
		String note = create(note(patient, dr, "Discharge summary: home on oral antibiotics."));

		Response r = colleagueApp.post("DocumentReference/" + note + "/$sign", new Parameters());

		assertThat(r.status()).isEqualTo(409);
		assertThat(r.body()).contains("CUS-8002").contains("signed by its author");
		assertThat(jdbc.queryForObject("select count(*) from entry_signature where entry = ?", Integer.class,
				"DocumentReference/" + note)).isZero();
		assertThat(fhir.get("DocumentReference/" + note).as(DocumentReference.class).hasDocStatus()).isFalse();
	}
}

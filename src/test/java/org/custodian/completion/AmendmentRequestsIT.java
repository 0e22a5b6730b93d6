package org.custodian.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.disclosure.TravellingStatements;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/**
 * A patient asks to amend their record (45 CFR 164.526): HIM has 60 days, extended once; an accepted
 * amendment is appended to the records and the people the patient named are told; a denial is
 * written with the patient's rights, and their statement of disagreement is linked to the records.
 */
class AmendmentRequestsIT extends CompletionTest {

	private FhirHttp him() {
		return fhir.as(token("him-" + tag, Set.of(Role.HIM), List.of("user/*.cruds"), null));
	}

	private String[] chart(String family) {
		String patient = create(Fixtures.patient(family + tag, "Amy"));
		DocumentReference note = new DocumentReference().setStatus(DocumentReferenceStatus.CURRENT).setSubject(new Reference(
				"Patient/" + patient)).setDescription("Clinic note");
		note.addContent().setAttachment(new Attachment().setContentType("text/plain").setData(
				"Smoker, 20 pack-years.".getBytes()));
		String noteId = create(note);
		Condition smoker = new Condition().setSubject(new Reference("Patient/" + patient));
		smoker.getCode().setText("Tobacco use");
		return new String[] {patient, noteId, create(smoker)};
	}

	private static Parameters request(String[] chart, String... notify) {
		Parameters in = new Parameters();
		in.addParameter("patient", new Reference("Patient/" + chart[0]));
		in.addParameter("requester", new StringType("Amy Patient"));
		in.addParameter("record", new Reference("DocumentReference/" + chart[1]));
		in.addParameter("record", new Reference("Condition/" + chart[2]));
		in.addParameter("description", new StringType("I have never smoked; the note confuses me with my sister."));
		in.addParameter("amendment", new StringType("The patient has never smoked."));
		for (String n : notify) {
			in.addParameter("notify", new StringType(n));
		}
		return in;
	}

	private static Parameters about(String id, String name, String value) {
		Parameters in = new Parameters();
		in.addParameter("request", new StringType(id));
		if (name != null) {
			in.addParameter(name, name.equals("basis") ? new CodeType(value) : new StringType(value));
		}
		return in;
	}

	@Test
	void acceptingAppendsTheAmendmentToTheRecordsAndTellsThePeopleThePatientNamed() {
		String[] chart = chart("Amended");
		FhirHttp him = him();

		Response received = him.post("$amendment-request", request(chart, "Dr. Lee, Lakeside Clinic"));
		assertThat(received.status()).as(received.body()).isEqualTo(200);
		Parameters r = received.as(Parameters.class);
		String id = r.getParameterValue("id").primitiveValue();
		assertThat(r.getParameterValue("due").primitiveValue()).isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(60).toString());
		Response accepted = him.post("$amendment-accept", about(id, null, null));
		Response again = him.post("$amendment-accept", about(id, null, null));

		assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
		Parameters a = accepted.as(Parameters.class);
		assertThat(a.getParameterValue("status").primitiveValue()).isEqualTo("accepted");
		assertThat(a.getParameterValue("letter").primitiveValue()).contains("We have accepted").contains("Dr. Lee");
		String entry = ((Reference) a.getParameterValue("linked-entry")).getReference();
		DocumentReference amendment = fhir.get(entry).as(DocumentReference.class);
		assertThat(amendment.getType().getCodingFirstRep().getCode()).isEqualTo(TravellingStatements.AMENDMENT);
		assertThat(amendment.getRelatesToFirstRep().getTarget().getReference()).isEqualTo("DocumentReference/" + chart[1]);
		assertThat(amendment.getContext().getRelated()).extracting(Reference::getReference).contains("Condition/" + chart[2]);
		assertThat(fhir.get("DocumentReference/" + chart[1]).as(DocumentReference.class).getMeta().getVersionId())
				.as("the original stays as it was").isEqualTo("1");
		assertThat(jdbc.queryForList("select recipient from amendment_notice where request_id = ?", String.class, Long.parseLong(
				id))).containsExactly("Dr. Lee, Lakeside Clinic");
		assertThat(again.status()).isEqualTo(409);
		assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = '$amendment-accept' and patients @>"
				+ " array[?]::text[]", Integer.class, "Patient/" + chart[0])).isEqualTo(1);
	}

	@Test
	void aDenialIsWrittenWithThePatientsRightsAndTheirDisagreementIsLinkedToTheRecords() {
		String[] chart = chart("Denied");
		FhirHttp him = him();
		String id = him.post("$amendment-request", request(chart)).as(Parameters.class).getParameterValue("id").primitiveValue();

		Response extended = him.post("$amendment-extend", about(id, "reason", "The record is being retrieved from archive."));
		Response twice = him.post("$amendment-extend", about(id, "reason", "Still looking."));
		Response badBasis = him.post("$amendment-deny", about(id, "basis", "we-disagree"));
		Response denied = him.post("$amendment-deny", about(id, "basis", "accurate-and-complete"));
		Response statement = him.post("$amendment-disagreement", about(id, "statement",
				"I have never smoked; ask my physician."));

		assertThat(extended.as(Parameters.class).getParameterValue("due").primitiveValue()).isEqualTo(LocalDate.now(
				ZoneOffset.UTC).plusDays(90).toString());
		assertThat(extended.as(Parameters.class).getParameterValue("extension-letter").primitiveValue()).contains(
				"retrieved from archive").contains(LocalDate.now(ZoneOffset.UTC).plusDays(90).toString());
		assertThat(twice.status()).isEqualTo(409);
		assertThat(badBasis.status()).isEqualTo(400);
		assertThat(badBasis.body()).contains("CUS-8003");
		assertThat(denied.status()).as(denied.body()).isEqualTo(200);
		assertThat(denied.as(Parameters.class).getParameterValue("letter").primitiveValue()).contains("accurate and complete")
				.contains("statement disagreeing").contains("Office for Civil Rights");
		String denialEntry = ((Reference) denied.as(Parameters.class).getParameterValue("denial-entry")).getReference();
		DocumentReference linked = fhir.get(denialEntry).as(DocumentReference.class);
		assertThat(linked.getType().getCodingFirstRep().getCode()).as("linked at once, travelling only when the patient asks")
				.isEqualTo(TravellingStatements.DENIAL);
		assertThat(TravellingStatements.concerns(linked)).contains("Condition/" + chart[2]);
		assertThat(statement.status()).as(statement.body()).isEqualTo(200);
		String entry = ((Reference) statement.as(Parameters.class).getParameterValue("linked-entry")).getReference();
		DocumentReference filed = fhir.get(entry).as(DocumentReference.class);
		assertThat(filed.getType().getCodingFirstRep().getCode()).isEqualTo(TravellingStatements.DISAGREEMENT);
		assertThat(new String(filed.getContentFirstRep().getAttachment().getData())).contains("I have never smoked; ask my"
				+ " physician.").contains("accurate and complete");
		assertThat(TravellingStatements.concerns(filed)).containsExactly("DocumentReference/" + chart[1], "Condition/"
				+ chart[2]);
	}

	@Test
	void onlyHimReceivesARequestAndOnlyForThePatientsOwnRecords() {
		String[] chart = chart("Refused");
		String[] other = chart("Other");
		Parameters wrongRecord = request(chart);
		wrongRecord.addParameter("record", new Reference("Condition/" + other[2]));
		String practitioner = practitioner("Clinician");

		Response clinician = clinician(practitioner, chart[0]).post("$amendment-request", request(chart));
		Response mixed = him().post("$amendment-request", wrongRecord);

		assertThat(clinician.status()).isEqualTo(403);
		assertThat(mixed.status()).isEqualTo(400);
		assertThat(mixed.body()).contains("is not in the record of");
		assertThat(jdbc.queryForObject("select count(*) from amendment_request where patient = ?", Integer.class, "Patient/"
				+ chart[0])).isZero();
	}

	@Test
	void aRequestReceivedByLetterRunsItsSixtyDaysFromTheDayItCame() {
		String[] chart = chart("Letter");
		Parameters in = request(chart);
		in.addParameter("received", new StringType(LocalDate.now(ZoneOffset.UTC).minusDays(10).toString()));
		Parameters future = request(chart);
		future.addParameter("received", new StringType(LocalDate.now(ZoneOffset.UTC).plusDays(1).toString()));

		Response received = him().post("$amendment-request", in);
		Response tomorrow = him().post("$amendment-request", future);

		assertThat(received.as(Parameters.class).getParameterValue("due").primitiveValue()).isEqualTo(LocalDate.now(
				ZoneOffset.UTC).plusDays(50).toString());
		assertThat(tomorrow.status()).isEqualTo(400);
	}
}

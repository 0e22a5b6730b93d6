package org.custodian.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An admission walked from deficiency to completion: what the chart lacks is found and assigned to
 * the clinician responsible, and each piece of work done (the report dictated, the note signed and
 * co-signed, the diagnosis stated) closes its deficiency without anyone closing it by hand.
 */
class ChartCompletionIT extends CompletionTest {

	private static final String LOINC = "http://loinc.org";

	@Autowired
	DeficiencyReviewer reviewer;

	@Autowired
	Delinquency delinquency;

	@BeforeEach
	void onlyWhatThisTestWrites() {
		// The reviewer picks up from here: the charts other tests wrote are not this test's to review.
		for (String type : List.of("Encounter", "DocumentReference", "Procedure", "ServiceRequest", "MedicationRequest")) {
			jdbc.update("insert into deficiency_watermark (resource_type, reviewed_to) values (?, ?) on conflict (resource_type) do"
					+ " update set reviewed_to = excluded.reviewed_to", type, Timestamp.from(Instant.now()));
		}
	}

	private static DocumentReference note(String patient, String encounter, String author, String loinc, String title) {
		DocumentReference d = new DocumentReference().setStatus(DocumentReferenceStatus.CURRENT).setSubject(new Reference(
				"Patient/" + patient)).setDescription(title).setDate(new Date());
		d.getType().addCoding(new Coding(LOINC, loinc, title));
		d.addAuthor(new Reference("Practitioner/" + author));
		d.getContext().addEncounter(new Reference("Encounter/" + encounter));
		d.addContent().setAttachment(new Attachment().setContentType("text/plain").setData((title + ": text.").getBytes()));
		return d;
	}

	/** The encounter's deficiencies as "rule status assignee", from the kept rows. */
	private List<String> deficiencies(String encounter) {
		return jdbc.query("select rule_id, coalesce(closed_how, 'open'), assignee from deficiency where encounter = ? order by"
				+ " deficiency_id", (rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3), "Encounter/"
						+ encounter);
	}

	private static Date daysAgo(int days) {
		return Date.from(Instant.now().minus(Duration.ofDays(days)));
	}

	@Test
	void anAdmissionIsWalkedFromItsDeficienciesToACompleteChart() {
		String patient = create(Fixtures.patient("Chart" + tag, "Cal"));
		String attending = practitioner("Attending");
		String resident = practitioner("Resident");
		PractitionerRole trainee = new PractitionerRole().setActive(true).setPractitioner(new Reference("Practitioner/"
				+ resident));
		trainee.addCode(new CodeableConcept(new Coding("http://snomed.info/sct", "405277009", "Resident physician")));
		create(trainee);
		FhirHttp attendingApp = clinician(attending, patient);
		FhirHttp residentApp = clinician(resident, patient);
		Encounter stay = new Encounter().setStatus(Encounter.EncounterStatus.INPROGRESS).setClass_(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter")).setSubject(new Reference(
						"Patient/" + patient));
		stay.getPeriod().setStart(daysAgo(45));
		stay.addParticipant().setIndividual(new Reference("Practitioner/" + attending)).addType().addCoding(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "ATND", "attender"));
		String encounter = create(stay);

		assertThat(reviewer.reviewChanges()).isEqualTo(1);
		assertThat(deficiencies(encounter)).containsExactly("history-and-physical open Practitioner/" + attending);

		// The resident writes the history and physical, late; signs it, naming the attending, who co-signs.
		String hp = create(note(patient, encounter, resident, "34117-2", "History and physical"));
		reviewer.reviewChanges();
		assertThat(deficiencies(encounter)).containsExactly("history-and-physical completed-late Practitioner/" + attending,
				"unsigned-note open Practitioner/" + resident);
		Parameters supervised = new Parameters();
		supervised.addParameter("supervisor", new Reference("Practitioner/" + attending));
		assertThat(residentApp.post("DocumentReference/" + hp + "/$sign", supervised).status()).isEqualTo(200);
		assertThat(deficiencies(encounter)).as("the signature closes its deficiency at once").containsExactly(
				"history-and-physical completed-late Practitioner/" + attending, "unsigned-note completed Practitioner/" + resident,
				"uncosigned-note open Practitioner/" + attending);
		assertThat(attendingApp.post("DocumentReference/" + hp + "/$sign", new Parameters()).status()).isEqualTo(200);
		assertThat(deficiencies(encounter)).contains("uncosigned-note completed Practitioner/" + attending);

		// Discharged 40 days ago without a discharge summary or diagnosis: the chart is delinquent.
		Encounter discharged = fhir.get("Encounter/" + encounter).as(Encounter.class);
		discharged.setStatus(Encounter.EncounterStatus.FINISHED).getPeriod().setEnd(daysAgo(40));
		assertThat(fhir.put("Encounter/" + encounter, discharged).status()).isEqualTo(200);
		reviewer.reviewChanges();
		assertThat(deficiencies(encounter)).contains("discharge-summary open Practitioner/" + attending,
				"discharge-diagnosis open Practitioner/" + attending);
		FhirHttp him = fhir.as(token("him-" + tag, Set.of(Role.HIM), List.of("user/*.rs"), null));
		Parameters figures = him.get("$delinquency").as(Parameters.class);
		assertThat(Integer.parseInt(figures.getParameterValue("delinquent-charts").primitiveValue())).isPositive();
		assertThat(figures.getParameter().stream().filter(p -> p.getName().equals("clinician")).filter(p -> part(p, "assignee")
				.getValue() instanceof Reference r && r.getReference().equals("Practitioner/" + attending))).singleElement()
				.satisfies(p -> assertThat(part(p, "delinquent-charts").getValue().primitiveValue()).isEqualTo("1"));
		delinquency.dailyIfDue();
		assertThat(jdbc.queryForList("select level from completion_notice where assignee = ?", String.class, "Practitioner/"
				+ attending)).containsExactly("delinquent");
		Parameters mine = attendingApp.get("$deficiencies").as(Parameters.class);
		assertThat(mine.getParameter()).extracting(p -> part(p, "rule").getValue().primitiveValue()).containsExactlyInAnyOrder(
				"discharge-summary", "discharge-diagnosis");
		assertThat(attendingApp.get("$deficiencies?assignee=Practitioner/" + resident).status()).isEqualTo(403);

		// The attending dictates the summary, states the discharge diagnosis and signs: the chart is complete.
		String summary = create(note(patient, encounter, attending, "18842-5", "Discharge summary"));
		discharged = fhir.get("Encounter/" + encounter).as(Encounter.class);
		discharged.addDiagnosis().setCondition(new Reference("Condition/" + create(condition(patient)))).getUse().addCoding(
				new Coding("http://terminology.hl7.org/CodeSystem/diagnosis-role", "DD", "Discharge diagnosis"));
		assertThat(fhir.put("Encounter/" + encounter, discharged).status()).isEqualTo(200);
		reviewer.reviewChanges();
		assertThat(attendingApp.post("DocumentReference/" + summary + "/$sign", new Parameters()).status()).isEqualTo(200);

		assertThat(deficiencies(encounter)).allSatisfy(d -> assertThat(d).doesNotContain(" open "));
		assertThat(deficiencies(encounter)).contains("discharge-summary completed-late Practitioner/" + attending,
				"discharge-diagnosis completed-late Practitioner/" + attending, "unsigned-note completed Practitioner/" + attending);
		assertThat(attendingApp.get("$deficiencies").as(Parameters.class).getParameter()).isEmpty();
		assertThat(jdbc.queryForObject("select count(*) from audit_event where actor = 'system:chart-completion' and patients @>"
				+ " array[?]::text[]", Integer.class, "Patient/" + patient)).as("the reviewer's reads are recorded").isPositive();
	}

	@Test
	void anOperationWantsItsReportAndAVerbalOrderTheOrderingClinicianSignature() {
		String patient = create(Fixtures.patient("Surgical" + tag, "Sue"));
		String surgeon = practitioner("Surgeon");
		String nurse = practitioner("Nurse");
		FhirHttp surgeonApp = clinician(surgeon, patient);
		Encounter stay = new Encounter().setStatus(Encounter.EncounterStatus.INPROGRESS).setClass_(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory")).setSubject(new Reference("Patient/"
						+ patient));
		stay.getPeriod().setStart(daysAgo(2));
		String encounter = create(stay);
		Procedure operation = new Procedure().setStatus(Procedure.ProcedureStatus.COMPLETED).setSubject(new Reference("Patient/"
				+ patient)).setEncounter(new Reference("Encounter/" + encounter));
		operation.getCategory().addCoding(new Coding("http://snomed.info/sct", "387713003", "Surgical procedure"));
		operation.getCode().addCoding(new Coding("http://snomed.info/sct", "80146002", "Appendectomy"));
		operation.setPerformed(new org.hl7.fhir.r4.model.DateTimeType(daysAgo(2)));
		operation.addPerformer().setActor(new Reference("Practitioner/" + surgeon));
		String procedure = create(operation);
		MedicationRequest verbal = new MedicationRequest().setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
				.setIntent(MedicationRequest.MedicationRequestIntent.ORDER).setSubject(new Reference("Patient/" + patient))
				.setEncounter(new Reference("Encounter/" + encounter)).setRequester(new Reference("Practitioner/" + surgeon))
				.setRecorder(new Reference("Practitioner/" + nurse)).setAuthoredOn(daysAgo(1));
		verbal.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1049621",
				"oxycodone hydrochloride 5 MG Oral Tablet")));
		String order = create(verbal);

		reviewer.reviewChanges();
		assertThat(deficiencies(encounter)).containsExactlyInAnyOrder("operative-report open Practitioner/" + surgeon,
				"verbal-order open Practitioner/" + surgeon);

		// The surgeon is away: HIM gives the report to the assistant, and the next review keeps that.
		String assistant = practitioner("Assistant");
		long reportDeficiency = jdbc.queryForObject("select deficiency_id from deficiency where encounter = ? and rule_id ="
				+ " 'operative-report'", Long.class, "Encounter/" + encounter);
		Parameters give = new Parameters();
		give.addParameter("deficiency", new org.hl7.fhir.r4.model.StringType(String.valueOf(reportDeficiency)));
		give.addParameter("practitioner", new Reference("Practitioner/" + assistant));
		FhirHttp him = fhir.as(token("him-" + tag, Set.of(Role.HIM), List.of("user/*.rs"), null));
		assertThat(him.post("$deficiency-assign", give).status()).isEqualTo(200);
		assertThat(surgeonApp.post("$deficiency-assign", give).status()).as("only HIM reassigns").isEqualTo(403);
		reviewer.reviewChanges();
		ChartDeficiencies deficiencies = reviewer.deficiencies();
		deficiencies.review(encounter);
		assertThat(deficiencies(encounter)).contains("operative-report open Practitioner/" + assistant);

		DocumentReference report = note(patient, encounter, surgeon, "11504-8", "Operative report");
		report.getContext().addRelated(new Reference("Procedure/" + procedure));
		String reportId = create(report);
		reviewer.reviewChanges();
		Response orderSigned = surgeonApp.post("MedicationRequest/" + order + "/$sign", new Parameters());
		assertThat(orderSigned.status()).as(orderSigned.body()).isEqualTo(200);
		assertThat(surgeonApp.post("DocumentReference/" + reportId + "/$sign", new Parameters()).status()).isEqualTo(200);

		assertThat(deficiencies(encounter)).containsExactlyInAnyOrder("operative-report completed-late Practitioner/" + assistant,
				"verbal-order completed Practitioner/" + surgeon, "unsigned-note completed Practitioner/" + surgeon);
		// The signed order is carried out (its status moves) but what was ordered cannot change.
		MedicationRequest given = fhir.get("MedicationRequest/" + order).as(MedicationRequest.class);
		assertThat(fhir.put("MedicationRequest/" + order, given.copy().setStatus(MedicationRequest.MedicationRequestStatus
				.COMPLETED)).status()).isEqualTo(200);
		given.getDosageInstructionFirstRep().setText("two tablets");
		assertThat(fhir.put("MedicationRequest/" + order, given).status()).isEqualTo(409);

		// A verbal order cancelled before it was signed: its deficiency is no longer wanted, not done.
		MedicationRequest second = verbal.copy().setAuthoredOn(daysAgo(1));
		second.setId((String) null);
		String withdrawn = create(second);
		reviewer.reviewChanges();
		MedicationRequest cancelled = fhir.get("MedicationRequest/" + withdrawn).as(MedicationRequest.class).setStatus(
				MedicationRequest.MedicationRequestStatus.CANCELLED);
		assertThat(fhir.put("MedicationRequest/" + withdrawn, cancelled).status()).isEqualTo(200);
		reviewer.reviewChanges();
		assertThat(jdbc.queryForObject("select closed_how from deficiency where subject = ?", String.class, "MedicationRequest/"
				+ withdrawn)).isEqualTo("no-longer-required");
	}

	private static org.hl7.fhir.r4.model.Condition condition(String patient) {
		org.hl7.fhir.r4.model.Condition c = new org.hl7.fhir.r4.model.Condition().setSubject(new Reference("Patient/" + patient));
		c.getCode().addCoding(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "J18.9", "Pneumonia, unspecified organism"));
		return c;
	}


	@Test
	void himSeesTheWorkOnlyInChartsItMaySee() {
		org.hl7.fhir.r4.model.Patient celebrity = Fixtures.patient("Famous" + tag, "Fay");
		celebrity.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "V", "very restricted");
		String patient = create(celebrity);
		Encounter stay = new Encounter().setStatus(Encounter.EncounterStatus.INPROGRESS).setClass_(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter")).setSubject(new Reference(
						"Patient/" + patient));
		stay.getPeriod().setStart(daysAgo(3));
		String encounter = create(stay);
		reviewer.reviewChanges();
		FhirHttp him = fhir.as(token("him-" + tag, Set.of(Role.HIM), List.of("user/*.rs"), null));

		Parameters listed = him.get("$deficiencies").as(Parameters.class);

		assertThat(deficiencies(encounter)).containsExactly("history-and-physical open null");
		assertThat(listed.getParameter()).noneMatch(p -> part(p, "encounter").getValue() instanceof Reference r && r
				.getReference().equals("Encounter/" + encounter));
	}

	@Test
	void aClinicianKeepsTheChartTheyMustCompleteUntilTheWorkIsDone() {
		String patient = create(Fixtures.patient("Former" + tag, "Flo"));
		String former = practitioner("Former");
		Encounter stay = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setClass_(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory")).setSubject(new Reference("Patient/"
						+ patient));
		stay.getPeriod().setStart(daysAgo(41)).setEnd(daysAgo(40));
		stay.addParticipant().setIndividual(new Reference("Practitioner/" + former));
		String encounter = create(stay);
		String note = create(note(patient, encounter, former, "11506-3", "Progress note"));
		String client = "former-" + tag;
		tokens.registerClient(client, "test", Set.of(Role.CLINICIAN), List.of("user/*.cruds"), "Practitioner/" + former);
		FhirHttp formerApp = fhir.as(tokens.issue(client, List.of("user/*.cruds"), null, null));
		int before = formerApp.get("DocumentReference/" + note).status();

		reviewer.reviewChanges();
		// A clinician's patients are read once per 5 s (AccessGate): the assignment counts within that.
		int assigned = statusWithin(formerApp, "DocumentReference/" + note, 200);
		Response signed = formerApp.post("DocumentReference/" + note + "/$sign", new Parameters());
		int after = statusWithin(formerApp, "DocumentReference/" + note, 404);

		assertThat(before).as("the stay ended 40 days ago: no treatment relationship").isIn(403, 404);
		assertThat(assigned).as("their open deficiency gives them the chart").isEqualTo(200);
		assertThat(signed.status()).as(signed.body()).isEqualTo(200);
		assertThat(after).as("the work done, the chart closes to them again").isIn(403, 404);
		assertThat(jdbc.queryForObject("select count(*) from audit_event where actor = 'system:chart-completion' and subtype ="
				+ " 'create' and patients @> array[?]::text[]", Integer.class, "Patient/" + patient)).as("the assignment is recorded")
				.isPositive();
	}

	/** The answer to a read once it is {@code wanted}, or the last answer after 8 seconds. */
	private static int statusWithin(FhirHttp app, String path, int wanted) {
		long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(8);
		int status;
		do {
			status = app.get(path).status();
			if (status == wanted) {
				return status;
			}
			try {
				Thread.sleep(250);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return status;
			}
		} while (System.nanoTime() < until);
		return status;
	}
}

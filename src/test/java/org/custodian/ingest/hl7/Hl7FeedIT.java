package org.custodian.ingest.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.custodian.testkit.SharedCorpora;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A registration system and a laboratory send HL7 v2: each message is kept before it is applied and
 * acknowledged, the patient is found again by their identifier, the stay follows its events, a message
 * sent twice is applied once, a corrected result replaces the first, and what cannot be applied waits
 * in the error queue until staff correct and replay it.
 */
class Hl7FeedIT extends ServerTest {

	private final String tag = Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "").toUpperCase();

	@Autowired
	Hl7Feed feed;

	private FhirHttp interfaceClient() {
		return fhir.as(token("adt-" + tag, Set.of(Role.INTEGRATION), List.of("system/*.cruds"), null));
	}

	/** One message from the fields of each segment (index 0 is the segment's name). */
	private static String message(String[]... segments) {
		StringBuilder b = new StringBuilder();
		for (String[] s : segments) {
			b.append(String.join("|", s)).append('\r');
		}
		return b.toString();
	}

	private static String[] msh(String type, String control) {
		return new String[] {"MSH", "^~\\&", "REG", "GOODHEALTH", "CUSTODIAN", "HOSP", "20261124080000", "", type, control, "P",
				"2.5.1"};
	}

	private String[] pid(String mrn, String family, String given) {
		String[] pid = new String[14];
		java.util.Arrays.fill(pid, "");
		pid[0] = "PID";
		pid[1] = "1";
		pid[3] = mrn + "^^^GOODHEALTH^MR";
		pid[5] = family + "^" + given;
		pid[7] = "19800102";
		pid[8] = "F";
		pid[11] = "1 Main St^^Springfield^IL^62701";
		pid[13] = "555-1234";
		return pid;
	}

	private static String[] pv1(String patientClass, String visit, String admitted, String discharged) {
		String[] pv1 = new String[46];
		java.util.Arrays.fill(pv1, "");
		pv1[0] = "PV1";
		pv1[1] = "1";
		pv1[2] = patientClass;
		pv1[3] = "W1^101^A";
		pv1[7] = "1234^Welby^Marcus";
		pv1[19] = visit + "^^^GOODHEALTH^VN";
		pv1[44] = admitted;
		pv1[45] = discharged;
		return pv1;
	}

	private Parameters send(FhirHttp client, String message) {
		Parameters in = new Parameters();
		in.addParameter("message", new StringType(message));
		Response r = client.post("$hl7v2", in);
		assertThat(r.status()).as(r.body()).isEqualTo(200);
		return r.as(Parameters.class);
	}

	private static String value(Parameters p, String name) {
		return p.getParameterValue(name).primitiveValue();
	}

	@Test
	void aStayIsAdmittedUpdatedAndDischargedAndAMessageSentTwiceIsAppliedOnce() {
		FhirHttp adt = interfaceClient();
		String mrn = "M" + tag;
		String visit = "V" + tag;
		String admit = message(msh("ADT^A01^ADT_A01", "A1" + tag), new String[] {"EVN", "A01", "20261120073000"}, pid(mrn, "Doe"
				+ tag, "Jane"), pv1("I", visit, "20261120073000", ""));

		Parameters admitted = send(adt, admit);
		Parameters again = send(adt, admit);
		Parameters renamed = send(adt, message(msh("ADT^A08^ADT_A01", "A8" + tag), new String[] {"EVN", "A08", "20261121090000"},
				pid(mrn, "Roe" + tag, "Jane"), pv1("I", visit, "", "")));
		Parameters discharged = send(adt, message(msh("ADT^A03^ADT_A03", "A3" + tag), new String[] {"EVN", "A03",
				"20261123110000"}, pid(mrn, "Roe" + tag, "Jane"), pv1("I", visit, "", "20261123110000")));

		Parameters reused = send(adt, admit.replace("Doe" + tag, "Poe" + tag));
		Parameters updatedAfterDischarge = send(adt, message(msh("ADT^A08^ADT_A01", "A9" + tag), new String[] {"EVN", "A08",
				"20261123120000"}, pid(mrn, "Roe" + tag, "Jane"), pv1("I", visit, "", "")));

		assertThat(value(reused, "status")).as("a new message with an old control id").isEqualTo("error");
		assertThat(value(reused, "ack")).contains("MSA|AE|A1" + tag);
		assertThat(value(updatedAfterDischarge, "status")).isEqualTo("processed");
		Parameters whichVisit = send(adt, message(msh("ADT^A03^ADT_A03", "AX" + tag), new String[] {"EVN", "A03"}, pid(mrn, "Roe"
				+ tag, "Jane"), pv1("I", "", "", "20261123110000")));
		assertThat(value(whichVisit, "status")).as("a discharge that names no visit").isEqualTo("error");
		assertThat(value(whichVisit, "error")).contains("PV1-19");
		assertThat(value(admitted, "status")).isEqualTo("processed");
		assertThat(value(admitted, "ack")).contains("MSA|AA|A1" + tag);
		assertThat(value(again, "status")).isEqualTo("duplicate");
		assertThat(value(again, "ack")).contains("MSA|AA|A1" + tag);
		assertThat(value(renamed, "status")).isEqualTo("processed");
		assertThat(value(discharged, "status")).isEqualTo("processed");
		Bundle patients = fhir.get("Patient?identifier=urn:custodian:hl7:authority:GOODHEALTH|" + mrn).as(Bundle.class);
		assertThat(patients.getEntry()).hasSize(1);
		Patient p = (Patient) patients.getEntryFirstRep().getResource();
		assertThat(p.getNameFirstRep().getFamily()).isEqualTo("Roe" + tag);
		assertThat(p.getBirthDateElement().getValueAsString()).isEqualTo("1980-01-02");
		Encounter stay = (Encounter) fhir.get("Encounter?identifier=urn:custodian:hl7:visit:GOODHEALTH|" + visit).as(Bundle.class)
				.getEntryFirstRep().getResource();
		assertThat(stay.getStatus()).as("an update after the discharge does not reopen the stay").isEqualTo(Encounter
				.EncounterStatus.FINISHED);
		assertThat(stay.getClass_().getCode()).isEqualTo("IMP");
		assertThat(stay.getPeriod().getStartElement().getValueAsString()).startsWith("2026-11-20T07:30");
		assertThat(stay.getPeriod().getEndElement().getValueAsString()).startsWith("2026-11-23T11:00");
		assertThat(stay.getParticipantFirstRep().getTypeFirstRep().getCodingFirstRep().getCode()).isEqualTo("ATND");
		assertThat(jdbc.queryForList("select status from hl7_message where control_id like ? order by message_id", String.class,
				"%" + tag)).containsExactly("processed", "duplicate", "processed", "processed", "error", "processed", "error");
		assertThat(jdbc.queryForObject("select count(*) from audit_event where actor = 'system:hl7-feed' and patients @>"
				+ " array[?]::text[]", Integer.class, "Patient/" + p.getIdElement().getIdPart())).as("the writes are recorded")
				.isPositive();
	}

	@Test
	void aMessageKeptButNotAppliedWhenTheServerStoppedIsAppliedOnceAtStart() {
		String mrn = "K" + tag;
		String admit = message(msh("ADT^A04^ADT_A01", "K1" + tag), new String[] {"EVN", "A04", "20261120073000"}, pid(mrn, "Kept"
				+ tag, "Kim"), pv1("O", "KV" + tag, "20261120073000", ""));
		// As a crash leaves it: kept (committed) but neither applied nor acknowledged.
		long kept = jdbc.queryForObject("insert into hl7_message (feed, received_at, raw, status) values ('mllp:test', now(), ?,"
				+ " 'received') returning message_id", Long.class, Hl7Feed.segments(admit));

		assertThat(feed.recover()).isPositive();
		Hl7Feed.Received resent = feed.receive(admit, "mllp:test"); // the sender, never acknowledged, sends it again

		assertThat(jdbc.queryForObject("select status from hl7_message where message_id = ?", String.class, kept)).isEqualTo(
				"processed");
		assertThat(resent.status()).isEqualTo("duplicate");
		assertThat(resent.ack()).contains("MSA|AA|K1" + tag);
		assertThat(feed.recover()).as("nothing waits any more").isZero();
		assertThat(fhir.get("Patient?identifier=urn:custodian:hl7:authority:GOODHEALTH|" + mrn).as(Bundle.class).getEntry())
				.hasSize(1);
		assertThat(fhir.get("Encounter?identifier=urn:custodian:hl7:visit:GOODHEALTH|KV" + tag).as(Bundle.class).getEntry())
				.hasSize(1);
	}

	@Test
	void theLinesOfATextReportAreEachAnObservationAndACorrectionReplacesThemLineForLine() {
		FhirHttp lab = interfaceClient();
		String mrn = "T" + tag;
		String[] obr = {"OBR", "1", "", "TX" + tag, "11529-5^Surgical pathology study^LN"};
		java.util.function.Function<String, String[]> line = text -> new String[] {"OBX", "1", "TX", "22637-3^Pathology report"
				+ " final diagnosis^LN", "", text, "", "", "", "", "", "F"};
		send(lab, message(msh("ORU^R01^ORU_R01", "T1" + tag), pid(mrn, "Text" + tag, "Tia"), obr, line.apply("Benign"), line.apply(
				"No malignancy"), line.apply("Margins clear")));
		String[] corrected = line.apply("Margins involved");
		corrected[11] = "C";
		send(lab, message(msh("ORU^R01^ORU_R01", "T2" + tag), pid(mrn, "Text" + tag, "Tia"), obr, line.apply("Benign"), line.apply(
				"No malignancy"), corrected));

		DiagnosticReport report = (DiagnosticReport) fhir.get("DiagnosticReport?identifier=TX" + tag).as(Bundle.class)
				.getEntryFirstRep().getResource();
		assertThat(report.getResult()).hasSize(3);
		List<String> values = report.getResult().stream().map(r -> fhir.get(r.getReference()).as(Observation.class)
				.getValueStringType().getValue()).toList();
		assertThat(values).containsExactly("Benign", "No malignancy", "Margins involved");
		assertThat(fhir.get("Observation?_count=50&subject=" + report.getSubject().getReference()).as(Bundle.class).getEntry())
				.as("no stale line left beside the corrected ones").hasSize(3);
	}

	@Test
	void aResultNamingAKnownPatientAsTheyAreMakesNoNewVersionOfThem() {
		FhirHttp feeds = interfaceClient();
		String mrn = "N" + tag;
		send(feeds, message(msh("ADT^A04^ADT_A01", "N1" + tag), new String[] {"EVN", "A04", "20261120073000"}, pid(mrn, "Same"
				+ tag, "Sam"), pv1("O", "NV" + tag, "20261120073000", "")));
		String[] obr = {"OBR", "1", "", "NO" + tag, "2093-3^Cholesterol^LN"};
		String[] obx = {"OBX", "1", "NM", "2093-3^Cholesterol^LN", "", "180", "mg/dL", "", "", "", "", "F"};
		Parameters result = send(feeds, message(msh("ORU^R01^ORU_R01", "N2" + tag), pid(mrn, "Same" + tag, "Sam"), obr, obx));
		Parameters repeated = send(feeds, message(msh("ADT^A08^ADT_A01", "N3" + tag), new String[] {"EVN", "A08",
				"20261120073000"}, pid(mrn, "Same" + tag, "Sam"), pv1("O", "NV" + tag, "20261120073000", "")));

		assertThat(value(result, "status")).as(value(result, "ack")).isEqualTo("processed");
		assertThat(value(repeated, "status")).isEqualTo("processed");
		Patient p = (Patient) fhir.get("Patient?identifier=urn:custodian:hl7:authority:GOODHEALTH|" + mrn).as(Bundle.class)
				.getEntryFirstRep().getResource();
		assertThat(p.getMeta().getVersionId()).isEqualTo("1");
		Encounter visit = (Encounter) fhir.get("Encounter?identifier=urn:custodian:hl7:visit:GOODHEALTH|NV" + tag).as(Bundle.class)
				.getEntryFirstRep().getResource();
		assertThat(visit.getMeta().getVersionId()).isEqualTo("1");
	}

	@Test
	void laboratoryResultsBecomeAReportAndItsObservationsAndACorrectionReplacesThem() {
		FhirHttp lab = interfaceClient();
		String mrn = "L" + tag;
		String order = "ORD" + tag;
		String[] obr = new String[26];
		java.util.Arrays.fill(obr, "");
		obr[0] = "OBR";
		obr[1] = "1";
		obr[3] = order + "^LAB";
		obr[4] = "24323-8^Comprehensive metabolic panel^LN";
		obr[7] = "20261124061500";
		obr[25] = "F";
		String[] potassium = {"OBX", "1", "NM", "2823-3^Potassium^LN", "", "6.1", "mmol/L^^UCUM", "3.5-5.1", "H", "", "", "F"};
		String[] sodium = {"OBX", "2", "NM", "2951-2^Sodium^LN", "", "139", "mmol/L^^UCUM", "135-145", "N", "", "", "F"};
		String[] crp = {"OBX", "3", "SN", "1988-5^C reactive protein^LN", "", "<^0.5", "mg/dL^^UCUM", "", "N", "", "", "F"};

		Parameters first = send(lab, message(msh("ORU^R01^ORU_R01", "R1" + tag), pid(mrn, "Lab" + tag, "Lou"), obr, potassium,
				sodium, crp));
		String[] corrected = potassium.clone();
		corrected[5] = "5.1";
		corrected[8] = "N";
		corrected[11] = "C";
		Parameters second = send(lab, message(msh("ORU^R01^ORU_R01", "R2" + tag), pid(mrn, "Lab" + tag, "Lou"), obr, corrected,
				sodium, crp));

		assertThat(value(first, "status")).as(value(first, "ack")).isEqualTo("processed");
		assertThat(value(second, "status")).isEqualTo("processed");
		Bundle reports = fhir.get("DiagnosticReport?identifier=urn:custodian:hl7:order:GOODHEALTH:LAB|" + order).as(Bundle.class);
		assertThat(reports.getEntry()).hasSize(1);
		DiagnosticReport report = (DiagnosticReport) reports.getEntryFirstRep().getResource();
		assertThat(report.getResult()).hasSize(3);
		Observation below = fhir.get(report.getResult().get(2).getReference()).as(Observation.class);
		assertThat(below.getValueQuantity().getComparator()).as("a structured numeric: below 0.5").isEqualTo(
				org.hl7.fhir.r4.model.Quantity.QuantityComparator.LESS_THAN);
		assertThat(below.getValueQuantity().getValue()).isEqualByComparingTo("0.5");
		Observation k = fhir.get(report.getResultFirstRep().getReference()).as(Observation.class);
		assertThat(k.getValueQuantity().getValue()).isEqualByComparingTo("5.1");
		assertThat(k.getValueQuantity().getCode()).isEqualTo("mmol/L");
		assertThat(k.getStatus()).isEqualTo(Observation.ObservationStatus.CORRECTED);
		assertThat(k.getMeta().getVersionId()).as("the correction replaced the first result").isEqualTo("2");
	}

	private static String[] txa(String type, String number, @org.jspecify.annotations.Nullable String parent, String status) {
		String[] txa = new String[18];
		java.util.Arrays.fill(txa, "");
		txa[0] = "TXA";
		txa[1] = "1";
		txa[2] = type;
		txa[3] = "TX";
		txa[4] = "20261124090000";
		txa[9] = "77^Osler^William";
		txa[12] = number;
		txa[13] = parent == null ? "" : parent;
		txa[17] = status;
		return txa;
	}

	@Test
	void aDictatedDischargeSummaryBecomesTheVisitsDocumentAndItsAddendumAppendsToIt() {
		FhirHttp mdm = interfaceClient();
		String mrn = "D" + tag;
		String visit = "VD" + tag;
		send(mdm, message(msh("ADT^A01^ADT_A01", "D1" + tag), new String[] {"EVN", "A01"}, pid(mrn, "Dict" + tag, "Dora"), pv1(
				"I", visit, "20261120073000", "")));
		String[] line1 = {"OBX", "1", "TX", "DS^Discharge summary", "", "Admitted with community-acquired pneumonia."};
		String[] line2 = {"OBX", "2", "TX", "DS^Discharge summary", "", "Discharged home on oral amoxicillin."};

		Parameters summary = send(mdm, message(msh("MDM^T02^MDM_T02", "D2" + tag), new String[] {"EVN", "T02"}, pid(mrn, "Dict"
				+ tag, "Dora"), pv1("I", visit, "", ""), txa("DS", "DOC" + tag, null, "DO"), line1, line2));
		Parameters addendum = send(mdm, message(msh("MDM^T06^MDM_T02", "D3" + tag), new String[] {"EVN", "T06"}, pid(mrn, "Dict"
				+ tag, "Dora"), pv1("I", visit, "", ""), txa("DS", "ADD" + tag, "DOC" + tag, "DO"), new String[] {"OBX", "1", "TX",
						"DS", "", "Addendum: culture grew S. pneumoniae."}));

		assertThat(value(summary, "status")).as(value(summary, "ack")).isEqualTo("processed");
		assertThat(value(addendum, "status")).as(value(addendum, "ack")).isEqualTo("processed");
		Bundle found = fhir.get("DocumentReference?identifier=urn:custodian:hl7:document:GOODHEALTH|DOC" + tag).as(Bundle.class);
		org.hl7.fhir.r4.model.DocumentReference doc = (org.hl7.fhir.r4.model.DocumentReference) found.getEntryFirstRep()
				.getResource();
		assertThat(doc.getType().getCoding()).extracting(c -> c.getCode()).contains("18842-5", "DS");
		assertThat(new String(doc.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8)).contains(
				"community-acquired pneumonia").contains("oral amoxicillin");
		assertThat(doc.getContext().getEncounterFirstRep().getReference()).startsWith("Encounter/");
		assertThat(doc.getAuthorFirstRep().getReference()).startsWith("Practitioner/");
		org.hl7.fhir.r4.model.DocumentReference appended = (org.hl7.fhir.r4.model.DocumentReference) fhir.get(
				"DocumentReference?identifier=urn:custodian:hl7:document:GOODHEALTH|ADD" + tag).as(Bundle.class)
				.getEntryFirstRep().getResource();
		assertThat(appended.getRelatesToFirstRep().getTarget().getReference()).isEqualTo("DocumentReference/" + doc
				.getIdElement().getIdPart());
	}

	@Test
	void aMergeFromTheRegistrationSystemMergesTheTwoChartsAsHimWould() {
		FhirHttp adt = interfaceClient();
		String kept = "K" + tag;
		String prior = "P" + tag;
		send(adt, message(msh("ADT^A04^ADT_A01", "K1" + tag), new String[] {"EVN", "A04"}, pid(kept, "Merge" + tag, "Mia"), pv1(
				"O", "VK" + tag, "20261101090000", "")));
		// Registered again at another desk, with a typo in the birth date and no address: a second chart.
		String[] again = pid(prior, "Merge" + tag, "Mya");
		again[7] = "19810201";
		again[11] = "";
		again[13] = "";
		send(adt, message(msh("ADT^A04^ADT_A01", "P1" + tag), new String[] {"EVN", "A04"}, again, pv1("O", "VP" + tag,
				"20261102090000", "")));
		String source = ((Patient) fhir.get("Patient?identifier=urn:custodian:hl7:authority:GOODHEALTH|" + prior).as(Bundle.class)
				.getEntryFirstRep().getResource()).getIdElement().getIdPart();

		// The older form of the message (A34, patient identifier only), PID and MRG at the root.
		Parameters merged = send(adt, message(msh("ADT^A34^ADT_A30", "M34" + tag), new String[] {"EVN", "A34"}, pid(kept, "Merge"
				+ tag, "Mia"), new String[] {"MRG", prior + "^^^GOODHEALTH^MR"}));

		assertThat(value(merged, "status")).as(value(merged, "ack")).isEqualTo("processed");
		String target = ((Patient) fhir.get("Patient?identifier=urn:custodian:hl7:authority:GOODHEALTH|" + kept).as(Bundle.class)
				.getEntryFirstRep().getResource()).getIdElement().getIdPart();
		Encounter moved = (Encounter) fhir.get("Encounter?identifier=urn:custodian:hl7:visit:GOODHEALTH|VP" + tag).as(Bundle.class)
				.getEntryFirstRep().getResource();
		assertThat(moved.getSubject().getReference()).isEqualTo("Patient/" + target);
		Patient gone = fhir.get("Patient/" + source).as(Patient.class);
		assertThat(gone.getLink()).anySatisfy(l -> assertThat(l.getOther().getReference()).isEqualTo("Patient/" + target));
	}

	@Test
	void anAssigningAuthorityIsNamedAsTheHospitalConfiguredIt() {
		String[] mapped = pid("Q" + tag, "Mapped" + tag, "Max");
		mapped[3] = "Q" + tag + "^^^MAPPEDHOSP^MR";

		send(interfaceClient(), message(msh("ADT^A28^ADT_A05", "Q1" + tag), new String[] {"EVN", "A28"}, mapped));

		assertThat(fhir.get("Patient?identifier=urn:oid:2.16.840.1.113883.3.999|Q" + tag).as(Bundle.class).getEntry())
				.hasSize(1);
	}

	@Test
	void anAppointmentIsBookedAndThenCancelled() {
		FhirHttp scheduling = interfaceClient();
		String[] sch = new String[12];
		java.util.Arrays.fill(sch, "");
		sch[0] = "SCH";
		sch[1] = "P" + tag;
		sch[2] = "APT" + tag;
		sch[7] = "^Follow-up visit";
		sch[11] = "^^^20261201093000^20261201100000";
		String[] aip = {"AIP", "1", "", "55^Jones^Ann"};

		Parameters booked = send(scheduling, message(msh("SIU^S12^SIU_S12", "S12" + tag), sch, pid("S" + tag, "Sched" + tag,
				"Sam"), new String[] {"RGS", "1"}, aip));
		Parameters cancelled = send(scheduling, message(msh("SIU^S15^SIU_S12", "S15" + tag), sch, pid("S" + tag, "Sched" + tag,
				"Sam"), new String[] {"RGS", "1"}, aip));

		assertThat(value(booked, "status")).as(value(booked, "ack")).isEqualTo("processed");
		assertThat(value(cancelled, "status")).isEqualTo("processed");
		org.hl7.fhir.r4.model.Appointment a = (org.hl7.fhir.r4.model.Appointment) fhir.get(
				"Appointment?identifier=urn:custodian:hl7:appointment:GOODHEALTH|APT" + tag).as(Bundle.class).getEntryFirstRep()
				.getResource();
		assertThat(a.getStatus()).isEqualTo(org.hl7.fhir.r4.model.Appointment.AppointmentStatus.CANCELLED);
		assertThat(a.getStartElement().getValueAsString()).startsWith("2026-12-01T09:30");
		assertThat(a.getParticipant()).hasSize(2);
		assertThat(a.getReasonCodeFirstRep().getText()).isEqualTo("Follow-up visit");
	}

	@Test
	void whatCannotBeAppliedWaitsInTheErrorQueueUntilCorrectedAndReplayed() {
		FhirHttp adt = interfaceClient();
		String[] noIdentifier = pid("", "Nobody" + tag, "Ned");
		noIdentifier[3] = "";
		String broken = message(msh("ADT^A04^ADT_A01", "E1" + tag), new String[] {"EVN", "A04"}, noIdentifier, pv1("O", "", "",
				""));

		Parameters failed = send(adt, broken);
		Parameters unsupported = send(adt, message(msh("DFT^P03^DFT_P03", "S1" + tag)));
		Parameters garbage = send(adt, "this is not HL7");
		Parameters queue = adt.get("$hl7-errors").as(Parameters.class);
		Parameters fix = new Parameters();
		fix.addParameter("id", new StringType(value(failed, "id")));
		fix.addParameter("message", new StringType(broken.replace("PID|1||||", "PID|1||X" + tag + "^^^GOODHEALTH^MR||")));
		Response replayed = adt.post("$hl7-replay", fix);

		assertThat(value(failed, "status")).isEqualTo("error");
		assertThat(value(failed, "ack")).contains("MSA|AE|E1" + tag);
		assertThat(value(failed, "error")).contains("PID-3");
		assertThat(value(unsupported, "status")).isEqualTo("rejected");
		assertThat(value(unsupported, "ack")).contains("MSA|AR|S1" + tag);
		assertThat(value(garbage, "status")).isEqualTo("rejected");
		assertThat(value(garbage, "ack")).contains("MSA|AR");
		assertThat(queue.getParameter()).anySatisfy(p -> assertThat(p.getPart().get(0).getValue().primitiveValue()).isEqualTo(
				value(failed, "id")));
		assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
		assertThat(value(replayed.as(Parameters.class), "status")).as(replayed.body()).isEqualTo("processed");
		assertThat(jdbc.queryForObject("select replays from hl7_message where message_id = ?", Integer.class, Long.parseLong(value(
				failed, "id")))).isEqualTo(1);
		assertThat(fhir.as(token("clin-" + tag, Set.of(Role.CLINICIAN), List.of("user/*.rs"), null)).get("$hl7-errors").status())
				.isEqualTo(403);
	}

	@Test
	void aMessageAboutARestrictedChartShowsHimNothingOfIt() {
		Patient vip = org.custodian.testkit.Fixtures.patient("Vip" + tag, "Val");
		vip.addIdentifier().setSystem("urn:custodian:hl7:authority:GOODHEALTH").setValue("R" + tag);
		vip.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "V", "very restricted");
		assertThat(fhir.post("Patient", vip).status()).isEqualTo(201);
		Parameters failed = send(interfaceClient(), message(msh("MDM^T02^MDM_T02", "R1" + tag), new String[] {"EVN", "T02"}, pid("R"
				+ tag, "Vip" + tag, "Val"), pv1("I", "", "", ""), txa("DS", "RDOC" + tag, null, "DO")));
		FhirHttp him = fhir.as(token("him-" + tag, Set.of(Role.HIM), List.of("user/*.rs"), null));

		Parameters queue = him.get("$hl7-errors").as(Parameters.class);
		Parameters replay = new Parameters();
		replay.addParameter("id", new StringType(value(failed, "id")));
		Response refused = him.post("$hl7-replay", replay);

		assertThat(value(failed, "status")).isEqualTo("error");
		assertThat(queue.getParameter()).filteredOn(p -> p.getPart().get(0).getValue().primitiveValue().equals(value(failed,
				"id"))).singleElement().satisfies(p -> assertThat(p.getPart().stream().filter(x -> x.getName().equals("error"))
						.findFirst().orElseThrow().getValue().primitiveValue()).isEqualTo(Hl7Feed.RESTRICTED));
		assertThat(refused.status()).isEqualTo(403);
	}

	@Test
	void aMessageOverMllpIsAcknowledgedOnlyOnceKept() throws IOException {
		MllpListener listener = new MllpListener(feed, 0);
		listener.start();
		try (Socket socket = new Socket("127.0.0.1", listener.port()); OutputStream out = socket.getOutputStream(); InputStream in
				= socket.getInputStream()) {
			String admit = message(msh("ADT^A04^ADT_A01", "M1" + tag), new String[] {"EVN", "A04"}, pid("W" + tag, "Wire" + tag,
					"Walt"), pv1("O", "VW" + tag, "20261124100000", ""));
			out.write(MllpListener.START);
			out.write(admit.getBytes(StandardCharsets.UTF_8));
			out.write(MllpListener.END);
			out.write(MllpListener.CR);
			out.flush();

			String ack = MllpListener.read(in);

			assertThat(ack).contains("MSA|AA|M1" + tag);
			assertThat(jdbc.queryForObject("select status || ' ' || feed from hl7_message where control_id = ?", String.class, "M1"
					+ tag)).isEqualTo("processed mllp:" + listener.port());
		} finally {
			listener.stop();
		}
	}

	@Test
	void theListenerSpeaksTlsWhenGivenAKeystore(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
		Path keystore = dir.resolve("mllp.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
				"-alias", "mllp", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-validity", "2", "-storetype",
				"PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
		assertThat(keytool.waitFor()).isZero();
		MllpListener listener = new MllpListener(feed, 0, keystore.toString(), "changeit", "");
		listener.start();
		try {
			javax.net.ssl.SSLContext trusting = javax.net.ssl.SSLContext.getInstance("TLS");
			trusting.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
				public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

				public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

				public java.security.cert.X509Certificate[] getAcceptedIssuers() {
					return new java.security.cert.X509Certificate[0];
				}
			}}, null);
			try (Socket socket = trusting.getSocketFactory().createSocket("127.0.0.1", listener.port()); OutputStream out = socket
					.getOutputStream(); InputStream in = socket.getInputStream()) {
				out.write(MllpListener.START);
				out.write(message(msh("ADT^A28^ADT_A05", "T1" + tag), new String[] {"EVN", "A28"}, pid("T" + tag, "Tls" + tag,
						"Tia")).getBytes(StandardCharsets.UTF_8));
				out.write(MllpListener.END);
				out.write(MllpListener.CR);
				out.flush();
				assertThat(MllpListener.read(in)).contains("MSA|AA|T1" + tag);
			}
			try (Socket plain = new Socket("127.0.0.1", listener.port()); OutputStream out = plain.getOutputStream(); InputStream in
					= plain.getInputStream()) {
				plain.setSoTimeout(5000);
				String answer;
				try {
					out.write(MllpListener.START);
					out.write("MSH|^~\\&|X|Y|||20261124||ADT^A28|P9|P|2.5.1\r".getBytes(StandardCharsets.UTF_8));
					out.write(MllpListener.END);
					out.write(MllpListener.CR);
					out.flush();
					answer = MllpListener.read(in);
				} catch (IOException refused) {
					answer = null; // the listener may hang up while the plain bytes are still being written (a broken pipe)
				}
				assertThat(answer).as("a sender without TLS gets nothing").isNull();
			}
			assertThat(jdbc.queryForObject("select count(*) from hl7_message where control_id = 'P9'", Integer.class)).isZero();
		} finally {
			listener.stop();
		}
	}

	@Test
	void theConverterProjectsAdtAndOruSamplesAreReadAndAppliedOrKeptWithAReason() throws IOException {
		Path dir = SharedCorpora.path("hl7v2/microsoft-fhir-converter");
		List<String> outcomes = new ArrayList<>();
		try (Stream<Path> files = Files.list(dir)) {
			for (Path f : files.filter(p -> p.getFileName().toString().matches("(ADT-A0[1-8]|ADT-A1[13]|ADT-A28|ADT-A31|ORU-R01|MDM-T0[2468]|MDM-T10|SIU-S1[2-7]|SIU-S26|ADT-A40)"
					+ ".*\\.hl7")).sorted().toList()) {
				// The samples share their control ids (MSG00001…): each is made a message of its own.
				String sample = Files.readString(f, StandardCharsets.ISO_8859_1);
				String[] msh = sample.split("[\r\n]", 2)[0].split("\\|", -1);
				String unique = sample.replaceFirst(java.util.regex.Pattern.quote("|" + msh[9] + "|"), "|" + tag + f.getFileName()
						.toString().replaceAll("\\W", "") + "|");
				Hl7Feed.Received r = feed.receive(unique, "file:" + f.getFileName());
				outcomes.add(f.getFileName() + " " + r.status() + (r.error() == null ? "" : ": " + r.error()));
			}
		}
		assertThat(outcomes).isNotEmpty();
		org.slf4j.LoggerFactory.getLogger(Hl7FeedIT.class).info("Converter samples:\n{}", String.join("\n", outcomes));
		assertThat(outcomes).as("every sample is read, and whatever is not applied says why").noneMatch(o -> o.contains(
				"Could not be applied") || o.contains("cannot be read"));
		assertThat(outcomes.stream().filter(o -> o.contains(" processed")).count()).as(String.join("\n", outcomes))
				.isGreaterThanOrEqualTo(outcomes.size() * 3 / 4);
	}
}

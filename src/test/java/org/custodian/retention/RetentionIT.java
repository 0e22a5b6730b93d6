package org.custodian.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.access.Caller;
import org.custodian.access.Role;
import org.custodian.support.CustodianException;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Lawful destruction against the real store: a chart past retention is destroyed whole (every
 * version, index row and feature row, nothing of it left anywhere in the database) with a
 * certificate; a legal hold, a date still to come, or records outside the chart that refer into it
 * stop it; new care moves the date; and nothing on hold is ever offered for destruction.
 */
class RetentionIT extends ServerTest {

	/** Letters only, so that it is findable as text wherever a name or number is kept. */
	private final String tag = Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "") + "q";
	/** Digits only: the records manager's name is kept (in decisions and the audit trail) and must not hold the tag. */
	private final String manager = "records-" + System.nanoTime();

	@Autowired
	AccessGate gate;
	@Autowired
	RetentionReview review;
	@Autowired
	LegalHolds holds;
	@Autowired
	Disposition disposition;
	@Autowired
	DestructionCertificates certificates;

	private AccessContext recordsManager() {
		return gate.forCaller(new Caller(manager, "custodian-workspace", List.of("user/*.crus"), Set.of(Role.HIM), null,
				"HOPERAT", null), "127.0.0.1");
	}

	private String create(Resource r) {
		Response created = fhir.post(r.fhirType(), r);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new IdType(created.header("Location")).getIdPart();
	}

	/** A patient seen once, on {@code day}, with an observation corrected once and a condition entered in error. */
	private String chart(String family, LocalDate day) {
		Patient p = Fixtures.patient(family + tag, "Ada");
		p.addIdentifier().setSystem("urn:oid:1.2.3.4").setValue("MRN" + family.toUpperCase() + tag).getType()
				.addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", null));
		String patient = create(p);
		Encounter e = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setClass_(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null)).setSubject(new Reference("Patient/" + patient));
		e.setPeriod(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(day + "T09:00:00Z"))
				.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(day + "T10:00:00Z")));
		String encounter = create(e);
		Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("Patient/"
				+ patient)).setEncounter(new Reference("Encounter/" + encounter));
		o.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate"))).setValue(
				new org.hl7.fhir.r4.model.Quantity(72));
		String observation = create(o);
		o.setId(observation);
		o.setValue(new org.hl7.fhir.r4.model.Quantity(74));
		assertThat(fhir.put("Observation/" + observation, o).status()).isEqualTo(200);
		Condition c = new Condition().setSubject(new Reference("Patient/" + patient));
		c.getCode().setText("Entered in error " + tag);
		String condition = create(c);
		assertThat(fhir.delete("Condition/" + condition).status()).isIn(200, 204);
		return patient;
	}

	@Test
	void destroysAChartPastRetentionWholeAndCertifiesIt() {
		String patient = chart("Gone", LocalDate.of(2005, 3, 1));
		jdbc.update("insert into identity_overlay (patient, kind, detail, found_at) values (?, 'test', ?, now())", patient,
				"signal " + tag);
		Eligibility.Decision date = review.dateNow(patient);
		assertThat(date.eligibleOn()).isEqualTo(LocalDate.of(2015, 3, 2));
		assertThat(disposition.queue(recordsManager(), 10_000)).extracting(Disposition.Due::patient).contains(patient);

		DestructionCertificates.Certificate certificate = disposition.destroy(recordsManager(), patient);

		assertThat(fhir.get("Patient/" + patient).status()).isEqualTo(404);
		assertThat(certificate.recordNumber()).isEqualTo("MRNGONE" + tag);
		assertThat(certificate.scheduleName()).startsWith("Adult record");
		assertThat(certificate.approvedBy()).isEqualTo(manager);
		assertThat(certificate.careTo()).isEqualTo(LocalDate.of(2005, 3, 1));
		assertThat(certificate.contents()).contains("\"resources\":4", "\"versions\":6", "\"dataKeysShredded\":1", "\"Observation\":2",
				"\"patient-index pairs, merges and overlay signals\":1");
		assertThat(certificate.intact()).isTrue();
		assertThat(jdbc.queryForObject("select count(*) from patient_key k where not exists (select 1 from resource r where"
				+ " r.res_id = k.owner_res_id) and k.owner_res_id <> 0", Integer.class)).isZero();
		assertThat(certificates.byNumber(certificate.number()).intact()).isTrue();
		// Nothing of the chart anywhere in the database but the certificate (which names its record number only).
		assertThat(tablesHolding(tag)).containsExactly("destruction_certificate");
		assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = 'destruction' and outcome = 0 and"
				+ " patients = array[?]::text[] and detail like ?", Integer.class, "Patient/" + patient, "certificate "
						+ certificate.number() + "%")).isEqualTo(1);
		assertThatThrownBy(() -> jdbc.update("delete from destruction_certificate where number = ?", certificate.number()))
				.rootCause().hasMessageMatching("(?s).*(kept permanently|permission denied for table destruction_certificate).*");
	}

	@Test
	void destroysTheHl7MessagesThatFedTheChartAsTheyCame() {
		String mrn = "FEED" + tag.toUpperCase();
		String message = String.join("\r", "MSH|^~\\&|REG|GOODHEALTH|CUSTODIAN|HOSP|20050304120000||ADT^A03|" + tag + "|P|2.5.1",
				"EVN|A03|20050304120000", "PID|1||" + mrn + "^^^GOODHEALTH^MR||Feed" + tag + "^Ann||19600102|F",
				"PV1|1|I|W1^101^A||||1234^Welby^Marcus||||||||||||" + tag + "V^^^GOODHEALTH^VN|||||||||||||||||||||||||20050301080000|20050304110000");
		org.hl7.fhir.r4.model.Parameters in = new org.hl7.fhir.r4.model.Parameters();
		in.addParameter("message", new org.hl7.fhir.r4.model.StringType(message));
		Response sent = fhir.post("$hl7v2", in);
		assertThat(sent.status()).as(sent.body()).isEqualTo(200);
		assertThat(sent.body()).contains("AA");
		String patient = jdbc.queryForObject("select r.fhir_id from resource r join idx_token t on t.res_id = r.res_id where"
				+ " r.res_type = 'Patient' and t.code = ?", String.class, mrn);
		// The same control id with other content: kept in error, and tied to the chart by its PID alone.
		org.hl7.fhir.r4.model.Parameters again = new org.hl7.fhir.r4.model.Parameters();
		again.addParameter("message", new org.hl7.fhir.r4.model.StringType(message.replace("ADT^A03", "ADT^A08")
				.replace("EVN|A03", "EVN|A08")));
		assertThat(fhir.post("$hl7v2", again).body()).contains("AE");
		assertThat(jdbc.queryForObject("select count(*) from hl7_message where control_id = ?", Integer.class, tag)).isEqualTo(2);

		Eligibility.Decision date = review.dateNow(patient);
		assertThat(date.eligibleOn()).isEqualTo(LocalDate.of(2015, 3, 5));
		DestructionCertificates.Certificate certificate = disposition.destroy(recordsManager(), patient);

		assertThat(certificate.contents()).contains("\"HL7 v2 messages, C-CDA imports and scanned documents as received\":2");
		assertThat(jdbc.queryForObject("select count(*) from hl7_message where control_id = ?", Integer.class, tag)).isZero();
		assertThat(certificate.careFrom()).isEqualTo(LocalDate.of(2005, 3, 1));
		assertThat(tablesHolding(tag)).containsExactly("destruction_certificate");
	}

	@Test
	void refusesWhileOnLegalHoldAndDestroysOnceReleased() {
		String patient = chart("Held", LocalDate.of(2004, 6, 1));
		String encounter = jdbc.queryForObject("select distinct r.fhir_id from resource r join idx_reference x on x.res_id = r.res_id"
				+ " join resource p on p.res_id = x.target_res_id where r.res_type = 'Encounter' and p.fhir_id = ?", String.class,
				patient);
		review.dateNow(patient);
		LegalHolds.Hold hold = holds.place(recordsManager(), "Doe v. Hospital " + tag, LegalHolds.Scope.ENCOUNTER,
				List.of("Encounter/" + encounter), "Counsel's preservation letter");
		assertThat(hold.patients()).containsExactly(patient);
		assertThat(disposition.queue(recordsManager(), 10_000)).extracting(Disposition.Due::patient).doesNotContain(patient);

		assertThatThrownBy(() -> disposition.destroy(recordsManager(), patient)).isInstanceOf(CustodianException.Conflict.class)
				.hasMessageContaining("legal hold");
		assertThat(fhir.get("Patient/" + patient).status()).isEqualTo(200);
		assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = 'destruction' and outcome = 4 and"
				+ " patients = array[?]::text[]", Integer.class, "Patient/" + patient)).isEqualTo(1);

		holds.release(recordsManager(), hold.id(), "Settled");
		assertThat(disposition.destroy(recordsManager(), patient).number()).startsWith("DC-");
		assertThat(fhir.get("Patient/" + patient).status()).isEqualTo(404);
	}

	@Test
	void refusesAChartStillWithinRetentionAndNewCareMovesTheDate() {
		String patient = chart("Recent", LocalDate.of(2006, 1, 10));
		assertThat(review.dateNow(patient).eligibleOn()).isEqualTo(LocalDate.of(2016, 1, 11));
		Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setClass_(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null)).setSubject(new Reference("Patient/" + patient));
		LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
		visit.setPeriod(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(today + "T09:00:00Z")));
		create(visit);

		assertThat(review.reviewChanges()).isPositive();
		LocalDate moved = jdbc.queryForObject("select eligible_on from retention_eligibility where patient = ?", LocalDate.class,
				patient);
		assertThat(moved).isAfter(today.plusYears(9));
		assertThatThrownBy(() -> disposition.destroy(recordsManager(), patient)).hasMessageContaining("kept until");
		assertThat(fhir.get("Patient/" + patient).status()).isEqualTo(200);
	}

	@Test
	void refusesWhileRecordsSharedWithAnotherPatientReferToIt() {
		String patient = chart("Grouped", LocalDate.of(2003, 2, 2));
		Group cohort = new Group().setType(Group.GroupType.PERSON).setActual(true);
		cohort.addMember().setEntity(new Reference("Patient/" + patient));
		cohort.addMember().setEntity(new Reference("Patient/" + create(Fixtures.patient("Other" + tag, "Bo"))));
		String group = create(cohort);
		assertThatThrownBy(() -> disposition.destroy(recordsManager(), patient)).hasMessageContaining("Group/" + group);
		assertThat(fhir.get("Patient/" + patient).status()).isEqualTo(200);
		assertThat(jdbc.queryForObject("select count(*) from resource_version v join resource r on r.res_id = v.res_id where"
				+ " r.fhir_id = ? and r.res_type = 'Patient'", Integer.class, patient)).isEqualTo(1);
	}

	@Test
	void aRecordThatIsNowAnotherPatientsStaysReadableWhenTheFirstChartIsDestroyed() {
		String first = chart("Misfiled", LocalDate.of(2003, 5, 5));
		String second = create(Fixtures.patient("Rightful" + tag, "Ann"));
		Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("Patient/"
				+ first));
		o.getCode().setText("Filed to the wrong chart");
		String moved = create(o);
		o.setId(moved);
		o.setSubject(new Reference("Patient/" + second));
		assertThat(fhir.put("Observation/" + moved, o).status()).isEqualTo(200);
		review.dateNow(first);

		disposition.destroy(recordsManager(), first);

		assertThat(fhir.get("Patient/" + first).status()).isEqualTo(404);
		Response written = fhir.get("Observation/" + moved + "/_history/1");
		assertThat(written.status()).as(written.body()).isEqualTo(200);
		assertThat(written.body()).contains("Filed to the wrong chart");
	}

	@Test
	void aMergedPatientGoesWithItsChartAndAHoldOnItStopsItButAnotherPersonLinkedDoesNotGo() {
		String survivor = chart("Survivor", LocalDate.of(2002, 3, 3));
		Patient old = Fixtures.patient("Mergedaway" + tag, "Ann");
		old.setActive(false).addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/" + survivor));
		String merged = create(old);
		review.dateNow(survivor);
		LegalHolds.Hold hold = holds.place(recordsManager(), "Matter " + tag, LegalHolds.Scope.PATIENT, List.of("Patient/"
				+ merged), null);

		assertThatThrownBy(() -> disposition.destroy(recordsManager(), survivor)).hasMessageContaining("legal hold");
		holds.release(recordsManager(), hold.id(), "Done");
		disposition.destroy(recordsManager(), survivor);
		assertThat(fhir.get("Patient/" + merged).status()).isEqualTo(404);

		String another = chart("Linked", LocalDate.of(2002, 4, 4));
		Patient relative = Fixtures.patient("Relative" + tag, "Bo");
		relative.addLink().setType(Patient.LinkType.SEEALSO).setOther(new Reference("Patient/" + another));
		String seeAlso = create(relative);
		review.dateNow(another);
		assertThatThrownBy(() -> disposition.destroy(recordsManager(), another)).hasMessageContaining("Patient/" + seeAlso);
		assertThat(fhir.get("Patient/" + seeAlso).status()).isEqualTo(200);
	}

	@Test
	void onlyTheRecordsManagerDecidesOnDestruction() {
		String patient = chart("Clinician", LocalDate.of(2002, 2, 2));
		AccessContext clinician = gate.forCaller(new Caller("doc-" + tag, "custodian-workspace", List.of("user/*.crus"),
				Set.of(Role.CLINICIAN), null, "TREAT", null), "127.0.0.1");
		assertThatThrownBy(() -> disposition.destroy(clinician, patient)).isInstanceOf(CustodianException.Forbidden.class);
		assertThatThrownBy(() -> holds.place(clinician, "Matter", LegalHolds.Scope.PATIENT, List.of("Patient/" + patient), null))
				.isInstanceOf(CustodianException.Forbidden.class);
		assertThat(fhir.get("Patient/" + patient).status()).isEqualTo(200);
	}

	/**
	 * The property: whatever holds are placed and released, on patients, encounters or records, the
	 * queue never offers a chart that is on hold, and destroying one is refused.
	 */
	@Test
	void nothingOnHoldIsEverOfferedForDestruction() {
		Random random = new Random(tag.hashCode());
		List<String> patients = new ArrayList<>();
		Map<String, String> encounters = new java.util.HashMap<>();
		for (int i = 0; i < 8; i++) {
			String patient = chart("Prop" + (char) ('a' + i), LocalDate.of(2000 + i, 1, 1));
			patients.add(patient);
			encounters.put(patient, jdbc.queryForObject("select distinct r.fhir_id from resource r join idx_reference x on"
					+ " x.res_id = r.res_id join resource p on p.res_id = x.target_res_id where r.res_type = 'Encounter' and"
					+ " p.fhir_id = ?", String.class, patient));
			review.dateNow(patient);
		}
		List<Long> placed = new ArrayList<>();
		for (int round = 0; round < 40; round++) {
			String patient = patients.get(random.nextInt(patients.size()));
			int move = random.nextInt(4);
			if (move == 0) {
				placed.add(holds.place(recordsManager(), "Matter " + round, LegalHolds.Scope.PATIENT, List.of("Patient/" + patient),
						null).id());
			} else if (move == 1) {
				placed.add(holds.place(recordsManager(), "Matter " + round, LegalHolds.Scope.ENCOUNTER, List.of("Encounter/"
						+ encounters.get(patient)), null).id());
			} else if (move == 2) {
				String other = patients.get(random.nextInt(patients.size()));
				placed.add(holds.place(recordsManager(), "Matter " + round, LegalHolds.Scope.RECORDS, List.of("Encounter/"
						+ encounters.get(patient), "Patient/" + other), null).id());
			} else if (!placed.isEmpty()) {
				long id = placed.remove(random.nextInt(placed.size()));
				holds.release(recordsManager(), id, "Released in round " + round);
			}
			List<String> held = patients.stream().filter(p -> !holds.onPatient(p).isEmpty()).toList();
			List<String> offered = disposition.queue(recordsManager(), 100_000).stream().map(Disposition.Due::patient).toList();
			assertThat(offered).as("round %d", round).noneMatch(held::contains);
			assertThat(offered).as("round %d", round).containsAll(patients.stream().filter(p -> !held.contains(p)).toList());
			if (!held.isEmpty()) {
				String victim = held.get(random.nextInt(held.size()));
				assertThatThrownBy(() -> disposition.destroy(recordsManager(), victim)).hasMessageContaining("legal hold");
			}
		}
	}

	/** Every table with a row whose text (or bytes) holds {@code text}. */
	private List<String> tablesHolding(String text) {
		List<String> tables = jdbc.queryForList("select table_name from information_schema.tables where table_schema = 'public'"
				+ " and table_type = 'BASE TABLE' order by 1", String.class);
		List<String> holding = new ArrayList<>();
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		for (String table : tables) {
			List<String> byteColumns = jdbc.queryForList("select column_name from information_schema.columns where table_schema ="
					+ " 'public' and table_name = ? and data_type = 'bytea'", String.class, table);
			StringBuilder where = new StringBuilder("t::text ilike ?");
			List<Object> args = new ArrayList<>(List.of("%" + text + "%"));
			for (String c : byteColumns) {
				where.append(" or position(?::bytea in coalesce(t.\"").append(c).append("\", ''::bytea)) > 0");
				args.add(bytes);
			}
			Integer n = jdbc.queryForObject("select count(*) from \"" + table + "\" t where " + where, Integer.class,
					args.toArray());
			if (n != null && n > 0) {
				holding.add(table);
			}
		}
		return holding;
	}
}

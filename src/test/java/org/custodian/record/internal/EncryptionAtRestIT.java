package org.custodian.record.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.custodian.record.Encryption;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Record bodies at rest: sealed with the chart's own data key, unreadable in the database, bound to
 * their row, readable through the API as ever; the master key rotated without touching a body; and a
 * shredded key leaves every copy of its bodies unopenable.
 */
class EncryptionAtRestIT extends ServerTest {

	private final String tag = Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "") + "z";

	@Autowired
	DataKeys keys;
	@Autowired
	org.custodian.ingest.hl7.Hl7Feed hl7;
	@Autowired
	org.custodian.ingest.scan.ScannedDocuments scans;
	@Autowired
	org.custodian.access.AccessGate gate;
	@Autowired
	Encryption encryption;
	@Autowired
	ca.uhn.fhir.context.FhirContext ctx;
	@Value("${custodian.database.data-dir}")
	Path dataDir;

	private String create(Resource r) {
		Response created = fhir.post(r.fhirType(), r);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new IdType(created.header("Location")).getIdPart();
	}

	private Map<String, Object> version(String type, String id) {
		return jdbc.queryForMap("select v.codec, v.body, v.version from resource_version v join resource r on r.res_id = v.res_id"
				+ " where r.res_type = ? and r.fhir_id = ? order by v.version desc limit 1", type, id);
	}

	private long keyOf(String type, String id) {
		return BodyCipher.keyId((byte[]) version(type, id).get("body"));
	}

	private long resId(String type, String id) {
		return jdbc.queryForObject("select res_id from resource where res_type = ? and fhir_id = ?", Long.class, type, id);
	}

	@Test
	void bodiesAreSealedWithTheirChartsKeyAndReadAsEver() {
		String patient = create(Fixtures.patient("Sealed" + tag, "Ann"));
		Observation o = new Observation().setStatus(Observation.ObservationStatus.FINAL).setSubject(new Reference("Patient/"
				+ patient));
		o.getCode().setText("Secret finding " + tag);
		String observation = create(o);
		Practitioner doctor = new Practitioner();
		doctor.addName().setFamily("Doctor" + tag);
		String practitioner = create(doctor);

		for (String[] r : List.of(new String[] {"Patient", patient}, new String[] {"Observation", observation},
				new String[] {"Practitioner", practitioner})) {
			Map<String, Object> v = version(r[0], r[1]);
			assertThat(((Number) v.get("codec")).intValue()).isEqualTo(ResourceCodec.SEALED);
			assertThat(new String((byte[]) v.get("body"), StandardCharsets.ISO_8859_1)).doesNotContain(tag);
		}
		long chartKey = keyOf("Patient", patient);
		assertThat(keyOf("Observation", observation)).isEqualTo(chartKey);
		assertThat(jdbc.queryForObject("select owner_res_id from patient_key where key_id = ?", Long.class, chartKey))
				.isEqualTo(resId("Patient", patient));
		assertThat(jdbc.queryForObject("select owner_res_id from patient_key where key_id = ?", Long.class,
				keyOf("Practitioner", practitioner))).isEqualTo(DataKeys.SHARED);

		assertThat(fhir.get("Observation/" + observation).body()).contains("Secret finding " + tag);
		assertThat(fhir.get("Patient?family=Sealed" + tag).body()).contains("\"total\":1");
		// An update with the same content is still recognized as unchanged.
		Patient same = fhir.get("Patient/" + patient).as(Patient.class);
		assertThat(fhir.put("Patient/" + patient, same).header("ETag")).isEqualTo("W/\"1\"");
	}

	@Test
	void whatArrivesFromOutsideIsKeptSealedAndReadAsItCame() {
		String message = "MSH|^~\\&|REG|SEALHOSP|CUSTODIAN|HOSP|20261124080000||ADT^A04|" + tag + "|P|2.5.1\r"
				+ "EVN|A04|20261124080000\rPID|1||" + tag + "^^^SEALHOSP^MR||Sealedfeed" + tag + "^Ann||19700101|F\r";
		org.custodian.ingest.hl7.Hl7Feed feed = hl7;
		org.custodian.ingest.hl7.Hl7Feed.Received received = feed.receive(message, "test");
		String stored = jdbc.queryForObject("select raw from hl7_message where control_id = ?", String.class, tag);
		assertThat(stored).startsWith("sealed:");
		assertThat(stored).doesNotContain("Sealedfeed");
		org.custodian.access.AccessContext system = gate.forSystemTask("test");
		long id = jdbc.queryForObject("select message_id from hl7_message where control_id = ?", Long.class, tag);
		assertThat(feed.get(system, id).raw()).contains("Sealedfeed" + tag);
		assertThat(received.status()).isNotNull();

		byte[] page = ("%PDF-1.4 scanned " + tag).getBytes(StandardCharsets.US_ASCII);
		long scan = scans.upload(system, List.of(new org.custodian.ingest.scan.ScannedDocuments.Upload("scan.pdf",
				"application/pdf", page))).get(0);
		Map<String, Object> kept = jdbc.queryForMap("select content, sealed from scan_document where scan_id = ?", scan);
		assertThat(kept.get("sealed")).isEqualTo(true);
		assertThat(new String((byte[]) kept.get("content"), StandardCharsets.ISO_8859_1)).doesNotContain(tag);
	}

	/** A store upgraded to encryption at rest: bodies written before stay plain and readable, and the next version is sealed. */
	@Test
	void bodiesWrittenBeforeEncryptionStayReadableAndTheNextVersionIsSealed() {
		String patient = create(Fixtures.patient("Upgraded" + tag, "Ann"));
		byte[] sealed = (byte[]) version("Patient", patient).get("body");
		byte[] plain = new ResourceCodec(ctx, keys).plain(ResourceCodec.SEALED, sealed, "Patient", patient, 1);
		jdbc.update("update resource_version set codec = 1, body = ? where res_id = ? and version = 1", plain,
				resId("Patient", patient));

		Response read = fhir.get("Patient/" + patient);
		assertThat(read.body()).contains("Upgraded" + tag);
		Patient same = read.as(Patient.class);
		assertThat(fhir.put("Patient/" + patient, same).header("ETag")).as("unchanged against a plain body").isEqualTo("W/\"1\"");
		same.addName().setFamily("Also" + tag);
		assertThat(fhir.put("Patient/" + patient, same).header("ETag")).isEqualTo("W/\"2\"");
		assertThat(((Number) version("Patient", patient).get("codec")).intValue()).isEqualTo(ResourceCodec.SEALED);
		assertThat(fhir.get("Patient/" + patient + "/_history/1").body()).contains("Upgraded" + tag);
	}

	@Test
	void aSealedBodyMovedToAnotherRowDoesNotOpen() {
		String a = create(Fixtures.patient("Moved" + tag, "Ann"));
		String b = create(Fixtures.patient("Other" + tag, "Bo"));
		byte[] body = (byte[]) version("Patient", a).get("body");
		ResourceCodec codec = new ResourceCodec(ctx, keys);
		assertThat(new String(codec.plain(ResourceCodec.SEALED, body, "Patient", a, 1), StandardCharsets.UTF_8))
				.contains("Moved" + tag);
		assertThatThrownBy(() -> codec.plain(ResourceCodec.SEALED, body, "Patient", b, 1))
				.hasMessageContaining("altered or moved");
	}

	@Test
	void rotatingTheMasterKeyRewrapsEveryDataKeyAndTouchesNoBody() throws Exception {
		String patient = create(Fixtures.patient("Rotated" + tag, "Ann"));
		byte[] before = (byte[]) version("Patient", patient).get("body");
		String oldMaster = encryption.status().currentMasterKey();

		Encryption.Rotation rotation = encryption.rotateMasterKey();

		assertThat(rotation.masterKey()).isNotEqualTo(oldMaster);
		assertThat(rotation.rewrapped()).isPositive();
		assertThat(jdbc.queryForObject("select count(*) from patient_key where master_id <> ?", Integer.class,
				rotation.masterKey())).isZero();
		assertThat((byte[]) version("Patient", patient).get("body")).isEqualTo(before);
		List<String> lines = Files.readAllLines(dataDir.resolve("keys").resolve("master.keys"));
		assertThat(lines.get(0)).startsWith(rotation.masterKey() + " ");
		assertThat(lines).anyMatch(l -> l.startsWith(oldMaster + " "));
		// Keys held in memory are forgotten: what is read now is unwrapped with the new master key.
		DataKeys fresh = new DataKeys(jdbc, MasterKeys.of(null, List.of(), dataDir.resolve("keys").resolve("master.keys")));
		assertThat(new String(BodyCipher.open(fresh.key(BodyCipher.keyId(before)), before, "Patient", patient, 1),
				StandardCharsets.UTF_8)).contains("Rotated" + tag);
		assertThat(fhir.get("Patient/" + patient).body()).contains("Rotated" + tag);
	}

	@Test
	void aShreddedKeyLeavesEveryCopyOfItsBodiesUnopenable() {
		String patient = create(Fixtures.patient("Shredded" + tag, "Ann"));
		byte[] copy = (byte[]) version("Patient", patient).get("body"); // as a backup holds it
		long owner = resId("Patient", patient);

		assertThat(keys.shred(new long[] {owner})).isEqualTo(1);

		DataKeys restored = new DataKeys(jdbc, MasterKeys.of(null, List.of(), dataDir.resolve("keys").resolve("master.keys")));
		assertThatThrownBy(() -> restored.key(BodyCipher.keyId(copy))).hasMessageContaining("no longer exists");
		assertThatThrownBy(() -> keys.key(BodyCipher.keyId(copy))).hasMessageContaining("no longer exists");
	}
}

package org.custodian.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/**
 * Privacy monitoring over the audit stream: the snooping patterns it raises on the privacy officer's
 * queue, and the scripted insider who reaches too many records too fast and is suspended at once.
 */
class PrivacyMonitoringIT extends ServerTest {

	@Test
	void anInsiderWhoSweepsThroughRecordsIsSuspendedAtOnceAndTheOfficerRestoresThem() throws Exception {
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 60; i++) {
			tx.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
					.setResource(Fixtures.patient("Swept" + i, "Sam")).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		}
		Bundle created = fhir.post("", tx).as(Bundle.class);
		List<String> ids = new ArrayList<>();
		created.getEntry().forEach(e -> ids.add(new IdType(e.getResponse().getLocation()).getIdPart()));
		String clerk = "sweeping-clerk-" + unique();
		FhirHttp insider = fhir.as(token(clerk, Set.of(Role.ROI), List.of("user/*.rs"), null));
		for (String id : ids) {
			insider.get("Patient/" + id);
		}
		Response refused = null;
		for (int i = 0; i < 50; i++) {
			refused = insider.get("Patient/" + ids.get(0));
			if (refused.status() == 403) {
				break;
			}
			Thread.sleep(100);
		}
		assertThat(refused.status()).as("suspended within seconds").isEqualTo(403);
		assertThat(refused.errorCode()).isEqualTo("CUS-5007");
		assertThat(refused.body()).doesNotContain("Swept");

		Parameters queue = fhir.get("$privacy-alerts").as(Parameters.class);
		Parameters.ParametersParameterComponent alert = alertOf(queue, clerk, "containment");
		assertThat(part(alert, "urgent")).isEqualTo("true");
		assertThat(fhir.get("$access-suspensions").body()).contains(clerk);
		assertThat(insider.get("$privacy-alerts").status()).as("only the privacy officer works the queue").isEqualTo(403);

		Parameters lift = new Parameters();
		lift.addParameter().setName("user").setValue(new StringType(clerk));
		lift.addParameter().setName("note").setValue(new StringType("Batch chart audit for the records committee, confirmed"));
		assertThat(fhir.post("$lift-suspension", lift).status()).isEqualTo(200);
		assertThat(insider.get("Patient/" + ids.get(0)).status()).isEqualTo(200);

		Parameters review = new Parameters();
		review.addParameter().setName("alert").setValue(new StringType(part(alert, "id")));
		review.addParameter().setName("status").setValue(new CodeType("closed"));
		review.addParameter().setName("outcome").setValue(new CodeType("appropriate"));
		review.addParameter().setName("note").setValue(new StringType("Committee audit, approved in advance"));
		assertThat(fhir.post("$privacy-alert-review", review).status()).isEqualTo(200);
		assertThat(fhir.get("$privacy-alerts").body()).doesNotContain("\"" + part(alert, "id") + "\"");
	}

	@Test
	void anHimClerkWorkingAQueueAcrossSixtyChartsIsNotSuspended() throws Exception {
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 60; i++) {
			tx.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
					.setResource(Fixtures.patient("Queued" + i, "Quin")).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		}
		Bundle created = fhir.post("", tx).as(Bundle.class);
		String clerk = "queue-clerk-" + unique();
		FhirHttp him = fhir.as(token(clerk, Set.of(Role.HIM), List.of("user/*.rs"), null));
		for (Bundle.BundleEntryComponent e : created.getEntry()) {
			assertThat(him.get(e.getResponse().getLocation().replaceAll("/_history/.*", "")).status()).isEqualTo(200);
		}

		awaitJudged();

		assertThat(fhir.get("$access-suspensions").body()).doesNotContain(clerk);
		assertThat(jdbc.queryForObject("select count(*) from privacy_alert where actor = ? and rule = 'containment'",
				Integer.class, clerk)).as("HIM's work crosses many charts: its threshold is higher").isZero();
	}

	@Test
	void raisesSharedSurnamesDeceasedPatientsAndGlassBrokenOnAVip() throws Exception {
		String family = "Neighbour" + unique();
		Practitioner p = new Practitioner();
		p.addName().setFamily(family).addGiven("Nia");
		String dr = new IdType(fhir.post("Practitioner", p).header("Location")).getIdPart();
		String neighbour = create(Fixtures.patient(family, "Ned"));
		CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE).setSubject(new Reference("Patient/" + neighbour));
		team.addParticipant().setMember(new Reference("Practitioner/" + dr));
		create(team);
		String clinicianClient = "nosy-" + unique();
		tokens.registerClient(clinicianClient, "test", Set.of(Role.CLINICIAN), List.of("user/*.rs"), "Practitioner/" + dr);
		FhirHttp clinician = fhir.as(tokens.issue(clinicianClient, List.of("user/*.rs"), null, null));
		assertThat(clinician.get("Patient/" + neighbour).status()).isEqualTo(200);

		Patient vip = Fixtures.patient("Famous" + unique(), "Val");
		vip.getMeta().addSecurity().setSystem("http://terminology.hl7.org/CodeSystem/v3-Confidentiality").setCode("V");
		String celebrity = create(vip);
		Parameters reason = new Parameters();
		reason.addParameter().setName("reason").setValue(new StringType("Chest pain in the emergency department now"));
		assertThat(clinician.post("Patient/" + celebrity + "/$break-the-glass", reason).status()).isEqualTo(200);
		assertThat(clinician.get("Patient/" + celebrity).status()).isEqualTo(200);

		Patient dead = Fixtures.patient("Late" + unique(), "Dee");
		dead.setDeceased(new org.hl7.fhir.r4.model.BooleanType(true));
		String deceased = create(dead);
		String clerk = "curious-clerk-" + unique();
		FhirHttp him = fhir.as(token(clerk, Set.of(Role.HIM), List.of("user/*.rs"), null));
		assertThat(him.get("Patient/" + deceased).status()).isEqualTo(200);

		awaitAlert(clinicianClient, "shared-surname", "Patient/" + neighbour);
		awaitAlert(clinicianClient, "break-the-glass", "Patient/" + celebrity);
		awaitAlert(clinicianClient, "vip", "Patient/" + celebrity);
		awaitAlert(clerk, "deceased", "Patient/" + deceased);
		assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = 'privacy-monitor' and actor ="
				+ " 'system:privacy-monitor' and patients @> array[?]::text[]", Integer.class, "Patient/" + deceased))
				.as("the monitor reads through the gate, and its reads are recorded").isPositive();
		assertThat(jdbc.queryForObject("select count(*) from privacy_alert where actor = ? and rule = 'shared-surname'",
				Integer.class, clerk)).as("no surname in common, nothing raised").isZero();
	}

	@Test
	void raisesANeighboursAddressAndStaffLookingUpTheirOwnChartThroughTheirWorkRole() throws Exception {
		String family = "Clerk" + unique();
		Practitioner me = new Practitioner();
		me.addName().setFamily(family).addGiven("Cora");
		me.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-04-02"));
		me.addAddress().addLine("12 Elm Street, Apt. 3").setCity("Springfield").setPostalCode("01103-2201");
		String practitioner = new IdType(fhir.post("Practitioner", me).header("Location")).getIdPart();

		Patient nextDoor = Fixtures.patient("Other" + unique(), "Otto");
		nextDoor.addAddress().addLine("12 ELM STREET  APT 3").setCity("Springfield").setPostalCode("01103");
		String neighbour = create(nextDoor);
		Patient ownChart = Fixtures.patient(family, "Cora");
		ownChart.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-04-02"));
		String own = create(ownChart);
		Patient stranger = Fixtures.patient("Stranger" + unique(), "Stan");
		stranger.addAddress().addLine("14 Elm Street").setPostalCode("01103");
		String elsewhere = create(stranger);

		String clerk = "own-chart-clerk-" + unique();
		tokens.registerClient(clerk, "test", Set.of(Role.HIM), List.of("user/*.rs"), "Practitioner/" + practitioner);
		FhirHttp him = fhir.as(tokens.issue(clerk, List.of("user/*.rs"), null, null));
		for (String id : List.of(neighbour, own, elsewhere)) {
			assertThat(him.get("Patient/" + id).status()).isEqualTo(200);
		}

		awaitAlert(clerk, "shared-address", "Patient/" + neighbour);
		awaitAlert(clerk, "own-record", "Patient/" + own);
		awaitJudged();
		assertThat(jdbc.queryForList("select rule from privacy_alert where actor = ? and patient = ?", String.class, clerk,
				"Patient/" + elsewhere)).as("another house in the same street is not the same address").isEmpty();
		assertThat(jdbc.queryForList("select rule from privacy_alert where actor = ? and patient = ?", String.class, clerk,
				"Patient/" + neighbour)).as("a neighbour is not one's own record").doesNotContain("own-record");
	}

	@Test
	void flagsAClinicianRefusedAgainAndAgainForRecordsOutsideTheirCare() throws Exception {
		Practitioner p = new Practitioner();
		p.addName().setFamily("Prober" + unique());
		String dr = new IdType(fhir.post("Practitioner", p).header("Location")).getIdPart();
		String client = "probing-" + unique();
		tokens.registerClient(client, "test", Set.of(Role.CLINICIAN), List.of("user/*.rs"), "Practitioner/" + dr);
		FhirHttp clinician = fhir.as(tokens.issue(client, List.of("user/*.rs"), null, null));
		for (int i = 0; i < 4; i++) {
			assertThat(clinician.get("Patient/" + create(Fixtures.patient("Unrelated" + unique(), "Una")) + "/$everything").status())
					.as("outside their care").isEqualTo(403);
		}
		awaitJudged();
		assertThat(jdbc.queryForList("select rule from privacy_alert where actor = ?", String.class, client))
				.as("four refusals are not yet a pattern").doesNotContain("refused-repeatedly");
		assertThat(clinician.get("Patient/" + create(Fixtures.patient("Unrelated" + unique(), "Una")) + "/$everything").status())
				.isEqualTo(403);
		awaitAlert(client, "refused-repeatedly", null);
	}

	@org.springframework.beans.factory.annotation.Autowired
	PrivacyMonitor monitor;

	/** Waits until the monitor has judged everything recorded so far. */
	private void awaitJudged() throws InterruptedException {
		for (int i = 0; i < 100 && !monitor.caughtUp(); i++) {
			Thread.sleep(50);
		}
		assertThat(monitor.caughtUp()).as("the monitor kept up").isTrue();
	}

	private void awaitAlert(String actor, String rule, String patient) throws InterruptedException {
		for (int i = 0; i < 50; i++) {
			List<Map<String, Object>> found = jdbc.queryForList("select * from privacy_alert where actor = ? and rule = ?"
					+ " and patient is not distinct from ?", actor, rule, patient);
			if (!found.isEmpty()) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("no " + rule + " alert for " + actor + " on " + patient);
	}

	private static Parameters.ParametersParameterComponent alertOf(Parameters queue, String user, String rule) {
		return queue.getParameter().stream().filter(p -> part(p, "user").equals(user) && part(p, "rule").equals(rule))
				.findFirst().orElseThrow(() -> new AssertionError("no " + rule + " alert for " + user));
	}

	private static String part(Parameters.ParametersParameterComponent p, String name) {
		return p.getPart().stream().filter(x -> x.getName().equals(name)).findFirst().map(x -> x.getValue().primitiveValue())
				.orElse("");
	}

	private String create(org.hl7.fhir.r4.model.Resource resource) {
		Response r = fhir.post(resource.fhirType(), resource);
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return new IdType(r.header("Location")).getIdPart();
	}

	private static String unique() {
		return Long.toString(System.nanoTime(), 36);
	}
}

package org.custodian.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The attack suite of the access gate, over HTTP against the real server: who may reach which
 * records, and the ways a refused caller could still learn something (totals, includes, chains,
 * {@code _has}, history, {@code $everything}, conditional writes, next links, error messages).
 * Every refused case checks the status and that the response carries none of the other patient's
 * data (its id, its name).
 */
class AccessGateIT extends AccessTest {

	private static final String HIV = "http://terminology.hl7.org/CodeSystem/v3-ActCode|HIV";

	private String mine;
	private String minesFamily;
	private String theirs;
	private String theirsFamily;
	private String theirObservation;
	private String myObservation;
	private String myHivCondition;
	private String myVeryRestricted;

	@BeforeEach
	void twoPatients() {
		minesFamily = "Mine" + unique();
		theirsFamily = "Theirs" + unique();
		mine = create(Fixtures.patient(minesFamily, "Ann"));
		theirs = create(Fixtures.patient(theirsFamily, "Bob"));
		myObservation = create(Fixtures.heartRate("Patient/" + mine));
		theirObservation = create(Fixtures.heartRate("Patient/" + theirs));
		Condition hiv = new Condition();
		hiv.setSubject(new Reference("Patient/" + mine));
		hiv.getCode().addCoding().setSystem("http://snomed.info/sct").setCode("86406008");
		hiv.getMeta().addSecurity().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("HIV");
		myHivCondition = create(hiv);
		Observation vip = Fixtures.heartRate("Patient/" + mine);
		vip.getMeta().addSecurity().setSystem("http://terminology.hl7.org/CodeSystem/v3-Confidentiality").setCode("V");
		myVeryRestricted = create(vip);
	}

	// --- sign-in -------------------------------------------------------------------------------

	@Test
	void refusesRequestsWithoutAValidToken() throws Exception {
		FhirHttp anonymous = new FhirHttp(fhir.base());
		assertUnauthenticated(anonymous.get("Patient/" + theirs));
		assertUnauthenticated(anonymous.get("Observation?subject=Patient/" + theirs));
		assertUnauthenticated(anonymous.post("Patient", Fixtures.patient("Intruder", "X")));
		assertUnauthenticated(fhir.as("not-a-token").get("Patient/" + theirs));
		assertThat(anonymous.get("metadata").status()).isEqualTo(200);

		Instant now = Instant.now();
		JWTClaimsSet.Builder valid = claims(now);
		assertUnauthenticated(fhir.as(tokens.sign(claims(now.minusSeconds(7200)).expirationTime(Date.from(now.minusSeconds(3600)))
				.build())).get("Patient/" + theirs));
		assertUnauthenticated(fhir.as(tokens.sign(claims(now).audience("https://other.example/fhir").build()))
				.get("Patient/" + theirs));
		assertUnauthenticated(fhir.as(tokens.sign(claims(now).issuer("https://evil.example").build()))
				.get("Patient/" + theirs));
		RSAKey otherKey = new RSAKeyGenerator(2048).keyID(tokens.publicKey().hashCode() + "").generate();
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(otherKey.getKeyID()).build(),
				valid.build());
		forged.sign(new RSASSASigner(otherKey));
		assertUnauthenticated(fhir.as(forged.serialize()).get("Patient/" + theirs));
		// The same claims, signed by this server, are accepted: the refusals above are about the token.
		assertThat(fhir.as(tokens.sign(valid.build())).get("Patient/" + theirs).status()).isEqualTo(200);
	}

	@Test
	void refusesScopesAClientWasNotRegisteredFor() {
		tokens.registerClient("narrow-" + unique(), "test", Set.of(Role.INTEGRATION), List.of("system/Patient.rs"));
		String id = "narrow2-" + unique();
		tokens.registerClient(id, "test", Set.of(Role.INTEGRATION), List.of("system/Patient.rs"));
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> tokens.issue(id, List.of("system/*.rs"), null, null))
				.hasMessageContaining("may not be granted");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> tokens.issue(id, List.of("system/Patient.cruds"), null, null))
				.hasMessageContaining("may not be granted");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> tokens.issue("nobody-" + unique(), List.of("system/Patient.rs"),
				null, null)).hasMessageContaining("No enabled client");
	}

	// --- scopes --------------------------------------------------------------------------------

	@Test
	void refusesTypesAndInteractionsOutsideTheScopes() {
		FhirHttp patientsOnly = fhir.as(token("patients-only-" + unique(), Set.of(Role.INTEGRATION),
				List.of("system/Patient.rs"), null));
		assertThat(patientsOnly.get("Patient/" + theirs).status()).isEqualTo(200);
		assertForbidden(patientsOnly.get("Observation/" + theirObservation));
		assertForbidden(patientsOnly.get("Observation?subject=Patient/" + theirs));
		assertForbidden(patientsOnly.post("Patient", Fixtures.patient("New", "Patient")));
		assertForbidden(patientsOnly.delete("Patient/" + theirs));
		assertThat(fhir.get("Patient/" + theirs).status()).isEqualTo(200);
		// Included resources of a type it may not read are left out, not leaked.
		Bundle withIncludes = patientsOnly.get("Patient?_id=" + theirs + "&_revinclude=Observation:subject").as(Bundle.class);
		assertThat(ids(withIncludes)).containsExactly(theirs);
	}

	// --- the patient in context ---------------------------------------------------------------

	@Test
	void aPatientAppSeesOnlyItsPatientsRecord() {
		FhirHttp app = patientApp();
		assertThat(app.get("Patient/" + mine).status()).isEqualTo(200);
		assertHidden(app.get("Patient/" + theirs));
		assertHidden(app.get("Observation/" + theirObservation));
		assertHidden(app.get("Observation/" + theirObservation + "/_history/1"));
		assertHidden(app.get("Observation/" + theirObservation + "/_history"));
		assertHidden(app.get("Patient/" + theirs + "/$everything"));

		// A patient sees all of their own record, very restricted entries included.
		Bundle all = app.get("Observation?_total=accurate&_count=1").as(Bundle.class);
		assertThat(all.getTotal()).as("only the patient's own").isEqualTo(2);
		assertThat(ids(app.get("Observation?code=8867-4").as(Bundle.class))).containsExactlyInAnyOrder(myObservation,
				myVeryRestricted);
		assertThat(ids(app.get("Patient?family=" + theirsFamily).as(Bundle.class))).isEmpty();
		Response history = app.get("Observation/_history");
		assertThat(history.status()).isEqualTo(200);
		assertThat(history.body()).doesNotContain(theirObservation).doesNotContain(theirs);
	}

	@Test
	void aPatientAppCannotLearnAboutOthersThroughChainsHasIncludesOrEverything() {
		FhirHttp app = patientApp();
		assertThat(ids(app.get("Observation?subject:Patient.family=" + theirsFamily).as(Bundle.class))).isEmpty();
		assertThat(ids(app.get("Patient?_has:Observation:subject:code=8867-4").as(Bundle.class))).containsExactly(mine);
		Response included = app.get("Observation?_id=" + myObservation + "," + theirObservation + "&_include=Observation:subject");
		assertThat(ids(included.as(Bundle.class))).containsExactlyInAnyOrder(myObservation, mine);
		assertThat(included.body()).doesNotContain(theirsFamily);
		Response everything = app.get("Patient/" + mine + "/$everything");
		assertThat(everything.status()).isEqualTo(200);
		assertThat(everything.body()).doesNotContain(theirs);
		assertThat(everything.as(Bundle.class).getTotal()).isEqualTo(4); // patient, two heart rates, HIV condition
	}

	@Test
	void aPatientAppCannotWriteIntoAnotherRecord() {
		FhirHttp app = patientAppThatWrites();
		int before = countVersions("Observation");
		assertThat(app.post("Observation", Fixtures.heartRate("Patient/" + theirs)).status()).isEqualTo(403);
		Observation changed = Fixtures.heartRate("Patient/" + mine);
		changed.setId(theirObservation);
		assertThat(app.put("Observation/" + theirObservation, changed).status()).isEqualTo(403);
		assertForbidden(app.delete("Observation/" + theirObservation)); // a patient's role deletes nothing
		FhirHttp deletingApp = fhir.as(token("deleting-" + unique(), Set.of(Role.INTEGRATION), List.of("patient/*.cruds"), mine));
		assertHidden(deletingApp.delete("Observation/" + theirObservation));
		assertThat(fhir.get("Observation/" + theirObservation).status()).isEqualTo(200);
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		tx.addEntry().setResource(Fixtures.heartRate("Patient/" + mine)).getRequest().setMethod(Bundle.HTTPVerb.POST)
				.setUrl("Observation");
		tx.addEntry().setResource(Fixtures.heartRate("Patient/" + theirs)).getRequest().setMethod(Bundle.HTTPVerb.POST)
				.setUrl("Observation");
		assertThat(app.post("", tx).status()).isEqualTo(403);
		assertThat(countVersions("Observation")).as("nothing written").isEqualTo(before);
		assertThat(app.post("Observation", Fixtures.heartRate("Patient/" + mine)).status()).isEqualTo(201);
	}

	@Test
	void aConditionalWriteDoesNotMatchWhatTheCallerCannotSee() {
		FhirHttp app = patientAppThatWrites();
		Response r = app.post("Observation", Fixtures.heartRate("Patient/" + mine), "If-None-Exist", "_id=" + theirObservation);
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		assertThat(r.body()).doesNotContain(theirs);
	}

	@Test
	void nextLinksServeOnlyTheCallerWhoSearched() {
		for (int i = 0; i < 3; i++) {
			create(Fixtures.heartRate("Patient/" + theirs));
		}
		Bundle first = fhir.get("Observation?subject=Patient/" + theirs + "&_count=2").as(Bundle.class);
		String next = first.getLink("next").getUrl();
		Response followed = patientApp().get(next.substring(fhir.base().length()));
		assertThat(followed.status()).isEqualTo(410);
		assertThat(followed.body()).doesNotContain(theirs);

		// History pages by offset, each page read afresh with the access of whoever asks for it.
		Bundle history = fhir.get("Observation/_history?_count=1").as(Bundle.class);
		String historyNext = history.getLink("next").getUrl();
		Response historyFollowed = patientApp().get(historyNext.substring(fhir.base().length()));
		assertThat(historyFollowed.status()).as(historyNext).isIn(200, 410);
		assertThat(historyFollowed.body()).doesNotContain(theirs).doesNotContain(theirObservation);
	}

	// --- sensitive data ------------------------------------------------------------------------

	@Test
	void labelledDataIsSeenOnlyWithClearance() {
		String dr = create(practitioner("L"));
		create(careTeam(mine, dr, CareTeam.CareTeamStatus.ACTIVE));
		FhirHttp clinician = clinician(dr);
		FhirHttp researcher = fhir.as(token("researcher-" + unique(), Set.of(Role.RESEARCHER), List.of("user/*.rs"), null));
		assertThat(clinician.get("Condition/" + myHivCondition).status()).isEqualTo(200);
		// A researcher's policy permits no identified data at all (de-identified views only).
		assertForbidden(researcher.get("Condition/" + myHivCondition));
		assertForbidden(researcher.get("Condition?_security=" + HIV));
		assertForbidden(researcher.get("Patient?_has:Condition:subject:_security=" + HIV));
		assertHidden(clinician.get("Observation/" + myVeryRestricted));
		assertThat(ids(clinician.get("Observation?subject=Patient/" + mine).as(Bundle.class))).containsExactly(myObservation);
		assertHidden(clinician(dr, "HRESCH").get("Condition/" + myHivCondition)); // cleared, but not for research
		assertThat(fhir.get("Observation/" + myVeryRestricted).status()).as("the privacy officer sees it").isEqualTo(200);
	}

	// --- treatment relationships ---------------------------------------------------------------

	@Test
	void aClinicianSeesTheRecordsOfTheirPatientsOnly() {
		String drA = create(practitioner("A"));
		String drB = create(practitioner("B"));
		create(careTeam(mine, drA, CareTeam.CareTeamStatus.ACTIVE));
		create(encounter(theirs, drB, 10));
		create(encounter(theirs, drA, 90)); // ended long before the 30-day window

		FhirHttp a = clinician(drA);
		assertThat(a.get("Observation/" + myObservation).status()).isEqualTo(200);
		assertThat(a.get("Condition/" + myHivCondition).status()).as("cleared for HIV").isEqualTo(200);
		assertHidden(a.get("Observation/" + theirObservation));
		assertThat(ids(a.get("Observation?code=8867-4&subject=Patient/" + theirs).as(Bundle.class))).isEmpty();
		assertThat(ids(a.get("Observation?subject=Patient/" + mine).as(Bundle.class))).containsExactly(myObservation);
		assertThat(ids(a.get("Patient?family=" + theirsFamily).as(Bundle.class))).as("demographics, to find a patient")
				.containsExactly(theirs);
		Response refused = a.get("Patient/" + theirs + "/$everything");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.errorCode()).isEqualTo("CUS-5006");
		assertNoOtherPatientData(refused);
		assertThat(a.get("Patient/" + mine + "/$everything").status()).isEqualTo(200);

		FhirHttp b = clinician(drB);
		assertThat(b.get("Observation/" + theirObservation).status()).isEqualTo(200);
		assertHidden(b.get("Observation/" + myObservation));

		FhirHttp him = fhir.as(token("him-" + unique(), Set.of(Role.HIM), List.of("user/*.rs"), null));
		assertThat(him.get("Observation/" + theirObservation).status()).as("HIM works on every record").isEqualTo(200);
		assertThat(him.get("Observation/" + myObservation).status()).isEqualTo(200);
	}

	@Test
	void anInactiveCareTeamIsNoRelationship() {
		String dr = create(practitioner("C"));
		create(careTeam(mine, dr, CareTeam.CareTeamStatus.INACTIVE));
		assertHidden(clinician(dr).get("Observation/" + myObservation));
	}

	// --- break-the-glass -------------------------------------------------------------------------

	@Test
	void breakingTheGlassOpensOneRecordWithAReasonAndGoesOnTheReviewList() {
		String dr = create(practitioner("E"));
		FhirHttp emergencyDoctor = clinician(dr);
		Response refused = emergencyDoctor.get("Patient/" + mine + "/$everything");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.outcome().getIssueFirstRep().getDiagnostics()).contains("$break-the-glass");
		assertHidden(emergencyDoctor.get("Observation/" + myVeryRestricted));

		Response noReason = emergencyDoctor.post("Patient/" + mine + "/$break-the-glass", reason("help"));
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(noReason.errorCode()).isEqualTo("CUS-5005");
		Response opened = emergencyDoctor.post("Patient/" + mine + "/$break-the-glass",
				reason("Unconscious in the emergency department, no history available"));
		assertThat(opened.status()).as(opened.body()).isEqualTo(200);
		String caseId = opened.as(Parameters.class).getParameter("case").getPart().get(0).getValue().primitiveValue();

		assertThat(emergencyDoctor.get("Patient/" + mine + "/$everything").status()).isEqualTo(200);
		assertThat(emergencyDoctor.get("Observation/" + myVeryRestricted).status()).as("labels yield in an emergency")
				.isEqualTo(200);
		assertHidden(emergencyDoctor.get("Observation/" + theirObservation));
		assertHidden(clinician(create(practitioner("F"))).get("Observation/" + myObservation));

		FhirHttp him = fhir.as(token("him-btg-" + unique(), Set.of(Role.HIM), List.of("user/*.rs"), null));
		assertThat(him.post("Patient/" + mine + "/$break-the-glass", reason("Not needed for HIM work")).status())
				.isEqualTo(403);
		assertThat(emergencyDoctor.get("$break-the-glass-cases").status()).as("only a privacy officer reviews")
				.isEqualTo(403);
		assertThat(fhir.get("$break-the-glass-cases").body()).contains(caseId).contains("Unconscious");
		assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = '$break-the-glass-cases'"
				+ " and patients @> array[?]::text[]", Integer.class, "Patient/" + mine)).as("the review list's patients are"
				+ " in its audit record").isPositive();
		Parameters review = new Parameters();
		review.addParameter().setName("case").setValue(new StringType(caseId));
		review.addParameter().setName("note").setValue(new StringType("Appropriate: ED admission confirmed"));
		assertThat(fhir.post("$break-the-glass-review", review).status()).isEqualTo(200);
		assertThat(fhir.get("$break-the-glass-cases").body()).doesNotContain(caseId);
		assertThat(fhir.post("$break-the-glass-review", review).status()).as("reviewed once").isEqualTo(404);
	}

	@Test
	void anExpiredBreakTheGlassNoLongerOpensTheRecord() throws InterruptedException {
		String dr = create(practitioner("X"));
		FhirHttp doctor = clinician(dr);
		assertThat(doctor.post("Patient/" + mine + "/$break-the-glass", reason("Seizure in the waiting room, no history"))
				.status()).isEqualTo(200);
		// The case ends in a moment (its expiry brought forward rather than the clock): until then open…
		jdbc.update("update emergency_access set expires = now() + interval '1500 milliseconds' where actor like"
				+ " 'clinician-%' and reason like 'Seizure%'");
		assertThat(doctor.get("Observation/" + myObservation).status()).isEqualTo(200);
		Thread.sleep(2_000);
		// …then closed, though the gate still holds the case it read a moment ago.
		assertHidden(doctor.get("Observation/" + myObservation));
		assertThat(doctor.get("Patient/" + mine + "/$everything").status()).isEqualTo(403);
	}

	private static Parameters reason(String text) {
		Parameters p = new Parameters();
		p.addParameter().setName("reason").setValue(new StringType(text));
		return p;
	}

	// --- helpers -------------------------------------------------------------------------------





	private FhirHttp patientApp() {
		return fhir.as(token("portal-" + unique(), Set.of(Role.PATIENT), List.of("patient/*.rs"), mine));
	}

	private FhirHttp patientAppThatWrites() {
		return fhir.as(token("portal-w-" + unique(), Set.of(Role.PATIENT), List.of("patient/*.cruds"), mine));
	}

	private JWTClaimsSet.Builder claims(Instant now) {
		String client = "signed-" + unique();
		tokens.registerClient(client, "test", Set.of(Role.INTEGRATION), List.of("system/*.rs"));
		return new JWTClaimsSet.Builder().issuer(tokens.issuer()).audience(tokens.audience()).subject(client)
				.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString())
				.claim(AccessTokens.CLAIM_SCOPE, "system/*.rs").claim(AccessTokens.CLAIM_ROLES, List.of("integration"));
	}


	private void assertUnauthenticated(Response r) {
		assertThat(r.status()).as(r.body()).isEqualTo(401);
		assertThat(r.errorCode()).isEqualTo("CUS-5001");
		assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
		assertNoOtherPatientData(r);
	}

	private void assertForbidden(Response r) {
		assertThat(r.status()).as(r.body()).isEqualTo(403);
		assertThat(r.errorCode()).isEqualTo("CUS-5002");
		assertNoOtherPatientData(r);
	}

	/** Refused by not existing: the same 404 as an id that was never used. */
	private void assertHidden(Response r) {
		assertThat(r.status()).as(r.body()).isEqualTo(404);
		assertNoOtherPatientData(r);
	}

	private void assertNoOtherPatientData(Response r) {
		assertThat(r.body()).doesNotContain(theirsFamily).doesNotContain("Bob");
		if (!r.body().contains("Patient/" + theirs + " does not exist")) {
			assertThat(r.body()).doesNotContain("\"" + theirs + "\"");
		}
	}


}

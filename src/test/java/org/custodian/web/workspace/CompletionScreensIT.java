package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.TotpCodes;
import org.custodian.completion.ChartDeficiencies;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An admission walked from deficiency to completion on the screens: HIM sees the missing history
 * and physical; the resident writes it, reads it and signs it naming the attending; the attending
 * co-signs it from their own inbox; the chart's work is then done, and HIM sets a rule's period.
 */
class CompletionScreensIT extends BrowserTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Accounts accounts;

	@Autowired
	ChartDeficiencies deficiencies;

	private String practitioner(String family, String given) {
		Practitioner p = new Practitioner();
		p.addName().setFamily(family).addGiven(given);
		return create(p);
	}

	private void onCareTeam(String patient, String practitioner) {
		CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE).setSubject(new Reference("Patient/" + patient));
		team.addParticipant().setMember(new Reference("Practitioner/" + practitioner));
		create(team);
	}

	private void signOut() {
		submit(browser.findElement(By.cssSelector("form[action='/signin/signout'] button")));
	}

	@Test
	void anAdmissionIsWalkedFromDeficiencyToCompletion() {
		String tag = unique().replaceAll("[0-9]", "");
		String patient = create(Fixtures.patient("Completion" + tag, "Cleo"));
		String attending = practitioner("Attending" + tag, "Ava");
		String resident = practitioner("Resident" + tag, "Rob");
		PractitionerRole trainee = new PractitionerRole().setActive(true).setPractitioner(new Reference("Practitioner/"
				+ resident));
		trainee.addCode(new CodeableConcept(new Coding("http://snomed.info/sct", "405277009", "Resident physician")));
		create(trainee);
		onCareTeam(patient, attending);
		onCareTeam(patient, resident);
		Encounter stay = new Encounter().setStatus(Encounter.EncounterStatus.INPROGRESS).setClass_(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient encounter")).setSubject(new Reference(
						"Patient/" + patient));
		stay.getPeriod().setStart(Date.from(Instant.now().minus(Duration.ofHours(30))));
		stay.addParticipant().setIndividual(new Reference("Practitioner/" + attending)).addType().addCoding(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "ATND", "attender"));
		stay.addParticipant().setIndividual(new Reference("Practitioner/" + resident));
		String encounter = create(stay);
		deficiencies.review(encounter);
		String residentUser = "res-" + unique();
		accounts.add(residentUser, "Rob Resident", Set.of(Role.CLINICIAN), "Practitioner/" + resident, PASSWORD);
		String attendingUser = "att-" + unique();
		accounts.add(attendingUser, "Ava Attending", Set.of(Role.CLINICIAN), "Practitioner/" + attending, PASSWORD);
		String him = "him-" + unique();
		Enrolment enrolment = accounts.add(him, "Hal Records", Set.of(Role.HIM), null, PASSWORD);

		open("/completion");
		signIn(him, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		assertThat(waitFor(By.cssSelector("table.completion-queue")).getText()).contains("History and physical missing")
				.contains("Encounter/" + encounter).contains("Ava Attending");
		signOut();

		DocumentReference hp = new DocumentReference().setStatus(DocumentReferenceStatus.CURRENT).setSubject(new Reference(
				"Patient/" + patient)).setDescription("History and physical").setDate(new Date());
		hp.getType().addCoding(new Coding("http://loinc.org", "34117-2", "History and physical note"));
		hp.addAuthor(new Reference("Practitioner/" + resident));
		hp.getContext().addEncounter(new Reference("Encounter/" + encounter));
		hp.addContent().setAttachment(new Attachment().setContentType("text/plain").setData(("CHIEF COMPLAINT: chest pain.\n"
				+ "ASSESSMENT: atypical chest pain, troponin negative; observe on telemetry.").getBytes()));
		String note = create(hp);
		deficiencies.review(encounter);

		open("/completion");
		signIn(residentUser, PASSWORD, null);
		WebElement work = waitFor(By.cssSelector("section.deficiency[data-rule='unsigned-note']"));
		assertThat(work.getText()).contains("History and physical").contains("troponin negative");
		assertThat(work.findElement(By.name("supervisor")).getText()).contains("Ava");
		screenshot("resident-signs");
		submit(work.findElement(By.cssSelector("form.sign-form button")));
		assertThat(text(By.cssSelector("p.banner.done"))).contains("awaits the co-signature of Practitioner/" + attending);
		assertThat(text(By.tagName("main"))).contains("Nothing in your charts waits for you.");
		signOut();

		open("/completion");
		signIn(attendingUser, PASSWORD, null);
		WebElement cosign = waitFor(By.cssSelector("section.deficiency[data-rule='uncosigned-note']"));
		assertThat(cosign.getText()).contains("Note not co-signed").contains("chest pain");
		submit(cosign.findElement(By.cssSelector("form.sign-form button")));
		assertThat(text(By.cssSelector("p.banner.done"))).isEqualTo("Signed.");
		assertThat(text(By.tagName("main"))).contains("Nothing in your charts waits for you.");
		open("/");
		assertThat(waitFor(By.cssSelector(".queues")).getText()).as("the clinician's work queues").contains("Chart completion");
		signOut();

		DocumentReference addendum = new DocumentReference().setStatus(DocumentReferenceStatus.CURRENT).setSubject(new Reference(
				"Patient/" + patient)).setDate(new Date());
		addendum.getType().addCoding(new Coding("http://loinc.org", "11506-3", "Progress note")).setText("Addendum");
		addendum.addRelatesTo().setCode(DocumentReference.DocumentRelationshipType.APPENDS).setTarget(new Reference(
				"DocumentReference/" + note));
		addendum.addContent().setAttachment(new Attachment().setContentType("text/plain").setData("Troponin repeat negative."
				.getBytes()));
		create(addendum);

		open("/chart/" + patient);
		signIn(him, PASSWORD, TotpCodes.now(enrolment, Instant.now().plusSeconds(30)));
		WebElement signedNote = waitFor(By.xpath("//details[contains(@class,'document')][.//span[text()='History and physical"
				+ " note']]"));
		assertThat(signedNote.getText()).as("the record shows who signed it and its chain").contains("Authenticated by Ava Attending")
				.contains("Addendum: Addendum");
		open("/completion");
		String queue = waitFor(By.tagName("main")).getText();
		assertThat(queue).doesNotContain("Encounter/" + encounter);
		WebElement rule = browser.findElement(By.cssSelector("form.rule-form[action='/completion/rules/unsigned-note']"));
		rule.findElement(By.name("dueHours")).clear();
		rule.findElement(By.name("dueHours")).sendKeys("24");
		submit(rule.findElement(By.tagName("button")));
		assertThat(text(By.cssSelector("p.banner.done"))).contains("Note not signed").contains("24 hours");
		screenshot("completion-queue");

		assertThat(jdbc.queryForList("select rule_id || ' ' || closed_how from deficiency where encounter = ? order by"
				+ " deficiency_id", String.class, "Encounter/" + encounter)).containsExactly(
						"history-and-physical completed-late", "unsigned-note completed", "uncosigned-note completed");
		assertThat(jdbc.queryForList("select kind from entry_signature where entry = ? order by signature_id", String.class,
				"DocumentReference/" + note)).containsExactly("author", "cosign");
		assertThat(jdbc.queryForList("select subtype from audit_event where actor = ? and category = 'screen' order by seq",
				String.class, residentUser)).contains("completion-inbox", "completion-sign");
		assertThat(jdbc.queryForObject("select changed_by from deficiency_rule where rule_id = 'unsigned-note'", String.class))
				.isEqualTo(him);
		jdbc.update("update deficiency_rule set due_hours = 48, changed_by = 'installation' where rule_id = 'unsigned-note'");
		assertThat(consoleErrors()).isEmpty();
	}
}

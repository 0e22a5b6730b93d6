package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The coder's workbench in a real browser: the note with the evidence marked beside the suggested
 * codes, a suggestion accepted, one rejected, a code found by searching and added, and the final
 * coding signed, each step recorded.
 */
class CodingScreensIT extends BrowserTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Accounts accounts;

	@Test
	void aCoderCodesAnEncounterFromItsNoteAndSignsTheFinalCoding() {
		String patient = create(Fixtures.patient("Workbench" + unique().replaceAll("[0-9]", ""), "Wes"));
		String encounter = create(new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
				.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"))
				.setSubject(new Reference("Patient/" + patient)).setPeriod(new Period()
						.setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2026-03-02T10:00:00Z"))
						.setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2026-03-02T10:30:00Z"))));
		DocumentReference note = new DocumentReference().setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus
				.CURRENT).setSubject(new Reference("Patient/" + patient)).setDescription("Clinic note");
		note.getContext().addEncounter(new Reference("Encounter/" + encounter));
		note.addContent().setAttachment(new Attachment().setContentType("text/plain").setData(("HISTORY: He denies fever.\n"
				+ "ASSESSMENT:\n1. Type 2 diabetes mellitus with hyperglycemia.\n2. Hypertension.\n").getBytes()));
		create(note);
		String coder = "coder-" + unique();
		accounts.add(coder, "Cody Coder", Set.of(Role.CODER), null, PASSWORD);

		open("/coding");
		signIn(coder, PASSWORD, null); // coders are not a privileged role: no second factor
		assertThat(waitFor(By.cssSelector("h1")).getText()).isEqualTo("Coding");
		open("/coding/" + encounter);

		WebElement mark = waitFor(By.cssSelector(".note-text mark[data-codes~='E11.65']"));
		assertThat(mark.getText()).isEqualTo("Type 2 diabetes mellitus with hyperglycemia");
		assertThat(text(By.cssSelector("ul.apart"))).contains("R50.9").contains("negated");
		assertThat(browser.findElement(By.cssSelector(".note-text mark[data-codes~='R50.9']")).getAttribute("class"))
				.as("denied: marked as set apart").contains("apart");
		screenshot("coding-workbench");
		submit(browser.findElement(By.cssSelector("li[data-code='E11.65'] form.accept-form button[value='accepted']")));
		assertThat(text(By.cssSelector("p.banner.done"))).contains("E11.65: accepted");
		submit(browser.findElement(By.cssSelector("li[data-code='I10'] form.accept-form button[value='rejected']")));

		browser.findElement(By.id("q")).sendKeys("pleural effusion");
		submit(browser.findElement(By.cssSelector("form.code-search button")));
		WebElement j90 = browser.findElements(By.cssSelector("ul.found li")).stream().filter(li -> li.getText().startsWith("J90"))
				.findFirst().orElseThrow();
		submit(j90.findElement(By.cssSelector("form.add-form button")));
		browser.findElement(By.id("q")).clear();
		browser.findElement(By.id("q")).sendKeys("malignant pleural effusion");
		submit(browser.findElement(By.cssSelector("form.code-search button")));
		submit(browser.findElement(By.cssSelector("ul.found a[href*='browse=J91.0']")));
		assertThat(text(By.cssSelector(".tabular ol.path"))).contains("J91 ").contains("J91.0").contains("billable");
		submit(browser.findElement(By.cssSelector("form.sign-form button")));

		assertThat(text(By.cssSelector("p.final-coding"))).contains("Final coding signed by " + coder).contains("E11.65, J90");
		assertThat(text(By.cssSelector("ul.decisions"))).contains("I10: rejected");
		submit(browser.findElement(By.cssSelector("form.claim-form button")));
		assertThat(text(By.cssSelector("ul.edits"))).as("no billable service, no coverage: the scrubber says so, with sources")
				.contains("LINE-NONE").contains("COVERAGE-NONE").contains("837 Professional implementation guide");
		assertThat(browser.findElements(By.linkText("Download the 837"))).isEmpty();
		open("/coding");
		assertThat(waitFor(By.cssSelector("table.productivity")).getText()).contains(coder + " 1 3 1");
		assertThat(text(By.cssSelector("table.dnfb"))).contains("over 30 days");
		assertThat(jdbc.queryForList("select detail from audit_event where actor = ? and subtype = 'coding-dnfb'",
				String.class, coder)).isNotEmpty().allSatisfy(d -> assertThat(d).contains("finished encounters read"));
		assertThat(jdbc.queryForList("select subtype from audit_event where actor = ? and category = 'screen' order by seq",
				String.class, coder)).contains("coding-queue", "coding-workbench", "coding-decision", "coding-final");
		assertThat(jdbc.queryForObject("select count(*) from audit_event where actor = ? and subtype in ('coding-decision',"
				+ " 'coding-final') and patients @> array[?]::text[]", Integer.class, coder, "Patient/" + patient))
				.as("each decision (three) and the signing name the patient").isEqualTo(4);

		submit(browser.findElement(By.linkText("Case mix")));
		browser.findElement(By.name("from")).sendKeys("03/01/2026");
		browser.findElement(By.name("to")).sendKeys("03/31/2026");
		submit(browser.findElement(By.cssSelector("form.period button")));
		assertThat(waitFor(By.cssSelector("h1")).getText()).isEqualTo("Case mix");
		assertThat(text(By.cssSelector("table.case-mix-classes"))).contains("ambulatory");
		assertThat(text(By.cssSelector("table.case-mix-principals"))).contains("E11.65");
		assertThat(text(By.cssSelector("table.case-mix-chapters"))).contains("E00-E89 Endocrine, nutritional and metabolic");
		screenshot("case-mix");
		assertThat(jdbc.queryForList("select detail from audit_event where actor = ? and subtype = 'coding-case-mix'",
				String.class, coder)).anySatisfy(d -> assertThat(d).contains("2026-03-01 to 2026-03-31"));
		assertThat(consoleErrors()).isEmpty();
	}

	@Test
	void aCoderQueriesThePhysicianWhoAnswersFromTheirOwnQueue() {
		String patient = create(Fixtures.patient("Query" + unique().replaceAll("[0-9]", ""), "Quinn"));
		String encounter = create(new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
				.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"))
				.setSubject(new Reference("Patient/" + patient)).setPeriod(new Period()
						.setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2026-03-05T10:00:00Z"))));
		String coder = "coder-" + unique();
		accounts.add(coder, "Cody Coder", Set.of(Role.CODER), null, PASSWORD);
		String physician = "dr-" + unique();
		accounts.add(physician, "Dana Doctor", Set.of(Role.CLINICIAN), null, PASSWORD);

		open("/coding/" + encounter);
		signIn(coder, PASSWORD, null);
		WebElement form = waitFor(By.cssSelector("form.query-form"));
		form.findElement(By.name("physician")).sendKeys(physician);
		form.findElement(By.name("question")).sendKeys("The note says anemia. Based on the findings, can the type be"
				+ " clarified: iron deficiency, chronic disease, other, or unable to determine?");
		submit(form.findElement(By.tagName("button")));
		assertThat(text(By.cssSelector("ul.queries li.open"))).contains(physician).contains("open, 0 days");
		submit(browser.findElement(By.cssSelector("form[action='/signin/signout'] button")));

		open("/queries");
		signIn(physician, PASSWORD, null);
		WebElement answer = waitFor(By.cssSelector("form.answer-form"));
		assertThat(text(By.cssSelector("p.question"))).contains("can the type be clarified");
		answer.findElement(By.name("answer")).sendKeys("Iron deficiency anemia due to chronic blood loss.");
		submit(answer.findElement(By.tagName("button")));
		assertThat(text(By.tagName("main"))).contains("No coder is waiting for an answer from you.");

		assertThat(jdbc.queryForObject("select answer from coding_query where encounter = ?", String.class, "Encounter/"
				+ encounter)).isEqualTo("Iron deficiency anemia due to chronic blood loss.");
		assertThat(jdbc.queryForList("select subtype from audit_event where actor = ? and category = 'screen' order by seq",
				String.class, physician)).contains("physician-queries", "physician-query-answer");
	}

	@Test
	void aCoderAddsAModifierToAClaimLineOnTheWorkbench() {
		String patient = create(Fixtures.patient("Modifier" + unique().replaceAll("[0-9]", ""), "Mo"));
		Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
				.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"))
				.setSubject(new Reference("Patient/" + patient)).setPeriod(new Period()
						.setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2026-03-09T10:00:00Z"))
						.setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2026-03-09T10:30:00Z")));
		visit.addType(new org.hl7.fhir.r4.model.CodeableConcept(new Coding("http://www.ama-assn.org/go/cpt", "99213", null)));
		String encounter = create(visit);
		String coder = "coder-" + unique();
		accounts.add(coder, "Cody Coder", Set.of(Role.CODER), null, PASSWORD);
		org.custodian.testkit.FhirHttp api = fhir.as(token("api-" + coder, Set.of(Role.CODER), java.util.List.of("user/*.crus"),
				null));
		org.hl7.fhir.r4.model.Parameters added = new org.hl7.fhir.r4.model.Parameters();
		added.addParameter("code", new org.hl7.fhir.r4.model.CodeType("I10"));
		added.addParameter("decision", new org.hl7.fhir.r4.model.CodeType("added"));
		assertThat(api.post("Encounter/" + encounter + "/$coding-decision", added).status()).isEqualTo(200);
		assertThat(api.post("Encounter/" + encounter + "/$coding-sign", new org.hl7.fhir.r4.model.Parameters()).status())
				.isEqualTo(200);

		open("/coding/" + encounter);
		signIn(coder, PASSWORD, null);
		submit(waitFor(By.cssSelector("form.claim-form button")));
		WebElement line = waitFor(By.cssSelector("table.claim-lines form.modifier-form"));
		line.findElement(By.name("modifiers")).sendKeys("25");
		submit(line.findElement(By.tagName("button")));

		assertThat(text(By.cssSelector("p.banner.done"))).contains("Line 1 now carries 25");
		assertThat(waitFor(By.cssSelector("table.claim-lines input[name='modifiers']")).getAttribute("value")).isEqualTo("25");
		assertThat(jdbc.queryForList("select detail from audit_event where actor = ? and subtype = 'claim-modifiers'",
				String.class, coder)).singleElement().asString().endsWith("line 1: 25");
		assertThat(consoleErrors()).isEmpty();
	}
}

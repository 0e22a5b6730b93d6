package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.TotpCodes;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A request to amend on the screens: HIM receives it from the patient's chart, picking the record it
 * concerns, denies it in writing, and files the patient's statement of disagreement with the record.
 */
class AmendmentScreensIT extends BrowserTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Accounts accounts;

	@Test
	void himReceivesARequestToAmendDeniesItAndFilesThePatientsDisagreement() {
		String patient = create(Fixtures.patient("Amend" + unique().replaceAll("[0-9]", ""), "Ada"));
		Condition asthma = new Condition().setSubject(new Reference("Patient/" + patient));
		asthma.getCode().setText("Asthma");
		String condition = create(asthma);
		String him = "him-" + unique();
		Enrolment enrolment = accounts.add(him, "Hana Records", Set.of(Role.HIM), null, PASSWORD);

		open("/chart/" + patient);
		signIn(him, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		submit(waitFor(By.linkText("Request to amend")));
		WebElement form = waitFor(By.cssSelector("form.amendment-form"));
		form.findElement(By.name("requester")).sendKeys("Ada, the patient");
		form.findElement(By.cssSelector("input[name='record'][value='Condition/" + condition + "']")).click();
		form.findElement(By.name("description")).sendKeys("I have never had asthma.");
		form.findElement(By.name("amendment")).sendKeys("Remove asthma from my problem list.");
		submit(form.findElement(By.cssSelector("button[type=submit]")));
		assertThat(text(By.cssSelector("p.banner.done"))).contains("must be acted on by");

		WebElement deny = waitFor(By.cssSelector("form.deny-form"));
		new Select(deny.findElement(By.name("basis"))).selectByValue("accurate-and-complete");
		deny.findElement(By.name("reason")).sendKeys("Your spirometry in March showed reversible obstruction.");
		submit(deny.findElement(By.tagName("button")));
		assertThat(text(By.cssSelector("pre.letter"))).contains("accurate and complete").contains("reversible obstruction")
				.contains("statement disagreeing");
		WebElement disagree = waitFor(By.cssSelector("form.disagreement-form"));
		disagree.findElement(By.name("statement")).sendKeys("The spirometry was done during a cold.");
		submit(disagree.findElement(By.tagName("button")));
		screenshot("amendment-denied");

		assertThat(text(By.cssSelector("dl.request-facts"))).contains("denied").contains("DocumentReference/");
		assertThat(jdbc.queryForObject("select disagreement from amendment_request where patient = ?", String.class, "Patient/"
				+ patient)).isEqualTo("The spirometry was done during a cold.");
		assertThat(jdbc.queryForList("select subtype from audit_event where actor = ? and category = 'screen' order by seq",
				String.class, him)).contains("amendment-requests", "amendment-receive", "amendment-deny",
						"amendment-disagreement");
		assertThat(consoleErrors()).isEmpty();
	}
}

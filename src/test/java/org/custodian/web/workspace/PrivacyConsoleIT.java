package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.TotpCodes;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/** The privacy officer's console in a real browser: the alert queue, break-the-glass reviews, the trail, breaches. */
class PrivacyConsoleIT extends BrowserTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Accounts accounts;

	@Test
	void privacyOfficerWorksAnAlertReviewsBreakTheGlassAndReadsWhoAccessedTheRecord() throws Exception {
		String family = "Priv" + unique().replaceAll("[0-9]", "");
		String patient = create(Fixtures.patient(family, "Pat"));
		String dr = create(new Practitioner().addName(new HumanName().setFamily("Who")));
		String clinician = "dr-" + unique();
		// Broken through the FHIR API by the clinician's app.
		tokens.registerClient(clinician, "test", Set.of(Role.CLINICIAN), List.of("user/*.rs"), "Practitioner/" + dr);
		org.hl7.fhir.r4.model.Parameters reason = new org.hl7.fhir.r4.model.Parameters();
		reason.addParameter("reason", "Collapsed in the waiting room");
		assertThat(fhir.as(tokens.issue(clinician, List.of("user/*.rs"), null, null))
				.post("Patient/" + patient + "/$break-the-glass", reason).status()).isEqualTo(200);
		awaitAlert(clinician);
		String officer = "po-" + unique();
		Enrolment enrolment = accounts.add(officer, "Pia Officer", Set.of(Role.PRIVACY_OFFICER), null, PASSWORD);

		open("/");
		signIn(officer, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		assertThat(browser.findElements(By.cssSelector("nav[aria-label=Main] a"))).extracting(WebElement::getText)
				.containsExactly("Work queues", "Patients", "Legal holds", "Privacy", "Breaches", "Audit trail");
		assertThat(text(By.cssSelector(".queues"))).contains("Privacy alerts").contains("Break-the-glass reviews");
		screenshot("1-work-queues");

		browser.findElement(By.linkText("Privacy")).click();
		WebElement alert = rowMentioning(By.cssSelector("table.alerts tbody tr"), clinician);
		assertThat(alert.getText()).contains("break-the-glass").contains("Pat " + family);
		screenshot("2-queues");
		new Select(alert.findElement(By.name("status"))).selectByValue("closed");
		new Select(alert.findElement(By.name("outcome"))).selectByValue("appropriate");
		alert.findElement(By.name("note")).sendKeys("Confirmed with the emergency department");
		submit(alert.findElement(By.cssSelector("button[type=submit]")));
		assertThat(text(By.cssSelector(".banner.done"))).contains("closed");

		WebElement emergency = rowMentioning(By.cssSelector("table.cases tbody tr"), clinician);
		assertThat(emergency.getText()).contains("Collapsed in the waiting room");
		emergency.findElement(By.name("note")).sendKeys("Appropriate: patient was admitted through the emergency department");
		submit(emergency.findElement(By.cssSelector("button[type=submit]")));
		assertThat(text(By.cssSelector(".banner.done"))).contains("reviewed");
		assertThat(browser.findElements(By.cssSelector("table.cases tbody tr"))).noneMatch(r -> r.getText().contains(clinician));

		open("/privacy/audit/patient/" + patient);
		assertThat(text(By.cssSelector("table.trail tbody"))).contains(clinician).contains(officer);
		screenshot("3-access-report");

		browser.findElement(By.linkText("Audit trail")).click();
		waitFor(By.id("user")).sendKeys(clinician);
		submit(browser.findElement(By.cssSelector("form.search button.primary")));
		assertThat(text(By.cssSelector("table.trail tbody"))).contains("break-the-glass");
		screenshot("4-audit-search");

		assertThat(jdbc.queryForList("select subtype from audit_event where actor = ? and category = 'screen' order by seq",
				String.class, officer)).contains("privacy-queues", "privacy-alert-review", "break-the-glass-review",
						"access-report", "audit-search");
		assertThat(consoleErrors()).isEmpty();
	}

	@Test
	void privacyOfficerOpensAndAssessesABreach() {
		String officer = "po-" + unique();
		Enrolment enrolment = accounts.add(officer, "Pia Officer", Set.of(Role.PRIVACY_OFFICER), null, PASSWORD);
		open("/privacy/breaches");
		signIn(officer, PASSWORD, TotpCodes.now(enrolment, Instant.now()));

		String description = "Printed discharge summary left at a bus stop " + unique();
		if (browser.findElements(By.cssSelector("details.panel[open]")).isEmpty()) {
			waitFor(By.cssSelector("details.panel summary")).click();
		}
		waitFor(By.id("description")).sendKeys(description);
		browser.findElement(By.id("patients")).sendKeys("p-" + unique());
		submit(browser.findElement(By.cssSelector("form.stacked button.primary")));
		WebElement incident = rowMentioning(By.cssSelector("article.incident"), description);
		incident.findElement(By.tagName("summary")).click();
		incident.findElement(By.name("natureAndExtent")).sendKeys("Name, diagnoses and medications of one patient");
		incident.findElement(By.name("recipient")).sendKeys("Unknown member of the public");
		incident.findElement(By.name("acquiredOrViewed")).sendKeys("Not known; the paper was not recovered");
		incident.findElement(By.name("mitigation")).sendKeys("None possible");
		new Select(incident.findElement(By.name("risk"))).selectByValue("high");
		submit(incident.findElement(By.cssSelector("button.primary")));

		assertThat(text(By.cssSelector(".banner.done"))).contains("breach");
		WebElement assessed = rowMentioning(By.cssSelector("article.incident"), description);
		assertThat(assessed.getText()).contains("Notifications owed").contains("individual");
		screenshot("1-breach-assessed");

		WebElement individuals = assessed.findElements(By.cssSelector("tbody tr")).stream()
				.filter(r -> r.getText().startsWith("individual")).findFirst().orElseThrow();
		individuals.findElement(By.name("note")).sendKeys("Letter by first-class mail");
		submit(individuals.findElement(By.cssSelector("button[type=submit]")));
		assertThat(text(By.cssSelector(".banner.done"))).contains("recorded as sent");
		assertThat(rowMentioning(By.cssSelector("article.incident"), description).findElements(By.cssSelector("tbody tr"))
				.stream().filter(r -> r.getText().startsWith("individual")).findFirst().orElseThrow().getText())
				.doesNotContain("not yet").doesNotContain("OVERDUE");
	}

	private WebElement rowMentioning(By rows, String text) {
		return wait.until(d -> d.findElements(rows).stream().filter(r -> r.getText().contains(text)).findFirst().orElse(null));
	}

	private void awaitAlert(String actor) throws InterruptedException {
		Instant until = Instant.now().plus(Duration.ofSeconds(15));
		while (Instant.now().isBefore(until)) {
			Integer n = jdbc.queryForObject("select count(*) from privacy_alert where actor = ?", Integer.class, actor);
			if (n != null && n > 0) {
				return;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("No privacy alert was raised for " + actor);
	}
}

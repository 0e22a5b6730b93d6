package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.TotpCodes;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The patient index in a real browser, as HIM staff use it: run deduplication and watch its progress,
 * find the pair in the queue, compare the two charts side by side, preview and confirm the merge,
 * then undo it from the recent merges; the record follows each step.
 */
class IdentityScreensIT extends BrowserTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Accounts accounts;

	private final String family = "Ident" + unique().replaceAll("[0-9]", "");

	private String patient(String given) {
		Patient p = new Patient();
		p.addName().setFamily(family).addGiven(given);
		p.setGender(Enumerations.AdministrativeGender.FEMALE);
		p.setBirthDateElement(new DateType("1981-06-15"));
		p.addAddress().addLine("12 Quarry Lane").setCity("Springfield").setPostalCode("62704");
		p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("217-555-0" + family.length() + "42");
		return create(p);
	}

	private String subjectOf(String observation) {
		return fhir.get("Observation/" + observation).as(Observation.class).getSubject().getReference();
	}

	@Test
	void himFindsThePairComparesMergesAndUndoesTheMerge() {
		String katherine = patient("Katherine");
		String kathy = patient("Kathy");
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.getCode().setText("HbA1c");
		o.setSubject(new Reference("Patient/" + kathy));
		String result = create(o);
		String him = "him-" + unique();
		Enrolment enrolment = accounts.add(him, "Hana Records", Set.of(Role.HIM), null, PASSWORD);

		open("/identity");
		signIn(him, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		assertThat(browser.findElements(By.cssSelector("nav[aria-label=Main] a"))).extracting(WebElement::getText)
				.contains("Duplicates");
		submit(waitFor(By.xpath("//button[text()='Run deduplication']")));
		// The progress element is replaced by htmx every second: one read between two swaps finds it gone.
		new WebDriverWait(browser, Duration.ofSeconds(90)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
				.until(d -> d.findElements(By.cssSelector(".run")).stream()
				.anyMatch(e -> e.getText().contains("finished") || e.getText().contains("failed")));
		String progress = new WebDriverWait(browser, Duration.ofSeconds(10))
				.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
				.until(d -> d.findElement(By.cssSelector(".run")).getText());
		assertThat(progress).contains("finished");
		screenshot("1-run-finished");
		open("/identity");
		String first = katherine.compareTo(kathy) < 0 ? katherine : kathy;
		String second = first.equals(katherine) ? kathy : katherine;
		WebElement compare = waitFor(By.cssSelector("a[href='/identity/pairs/" + first + "/" + second + "']"));
		assertThat(compare.findElement(By.xpath("ancestor::tr")).getText()).contains("Katherine").contains("Kathy");
		assertThat(text(By.cssSelector(".figures"))).contains("Duplicate rate");
		screenshot("2-dashboard-and-queue");

		compare.click();
		assertThat(text(By.cssSelector("table.compare"))).contains("Katherine").contains("Kathy").contains("nickname");
		screenshot("3-side-by-side");
		// Kathy's chart goes into Katherine's.
		WebElement into = browser.findElement(By.cssSelector(first.equals(kathy) ? "form.merge-into-b" : "form.merge-into-a"));
		into.findElement(By.name("reason")).sendKeys("Same person: Kathy is the name she goes by");
		submit(into.findElement(By.tagName("button")));
		assertThat(text(By.cssSelector("ul.plan"))).contains("1 records move");
		screenshot("4-confirm-merge");
		browser.findElement(By.name("confirmed")).click();
		submit(browser.findElement(By.cssSelector("form.confirm-merge button.danger")));

		assertThat(text(By.cssSelector(".banner.done"))).contains("Merged Patient/" + kathy + " into Patient/" + katherine);
		assertThat(subjectOf(result)).isEqualTo("Patient/" + katherine);
		assertThat(fhir.get("Patient/" + kathy).as(Patient.class).getActive()).isFalse();
		screenshot("5-recent-merges");
		open("/chart/" + kathy);
		assertThat(text(By.cssSelector(".warning.merged"))).contains("Merged into Patient/" + katherine);
		open("/identity/merges");

		WebElement row = waitFor(By.xpath("//table[contains(@class,'merges')]//tr[td[contains(., 'Same person: Kathy')]]"));
		row.findElement(By.cssSelector("a.undo")).click();
		wait.until(d -> d.getCurrentUrl().endsWith("/undo"));
		screenshot("6-undo-page");
		waitFor(By.id("reason")).sendKeys("Undo to check the round trip");
		browser.findElement(By.name("confirmed")).click();
		screenshot("6-confirm-undo");
		submit(browser.findElement(By.cssSelector("form.confirm-undo button.danger")));

		assertThat(text(By.cssSelector(".banner.done"))).contains("Undid merge");
		assertThat(subjectOf(result)).isEqualTo("Patient/" + kathy);
		assertThat(fhir.get("Patient/" + kathy).as(Patient.class).hasLink()).isFalse();
		assertThat(jdbc.queryForList("select subtype from audit_event where actor = ? order by seq", String.class, him))
				.contains("duplicate-queue", "duplicate-review", "merge-preview", "merge", "merge-history", "unmerge");
		assertThat(consoleErrors()).isEmpty();
	}

	@Test
	void himReviewsAChartThatMayHoldTwoPeople() {
		String chart = patient("Morgan");
		Patient changed = fhir.get("Patient/" + chart).as(Patient.class);
		changed.setBirthDateElement(new DateType("1991-01-09"));
		assertThat(fhir.put("Patient/" + chart, changed).status()).isEqualTo(200);
		String him = "him-" + unique();
		Enrolment enrolment = accounts.add(him, "Hal Records", Set.of(Role.HIM), null, PASSWORD);
		assertThat(fhir.as(token("him-overlay-ui-" + unique(), Set.of(Role.HIM), java.util.List.of("user/*.crus"), null))
				.get("Patient/" + chart + "/$overlay-check").status()).isEqualTo(200);

		open("/identity");
		signIn(him, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		WebElement row = waitFor(By.xpath("//table[contains(@class,'overlays')]//tr[td/a[@href='/chart/" + chart + "']]"));
		assertThat(row.getText()).contains("birth-date-changed").contains("1981-06-15 (version 1) and 1991-01-09 (version 2)");
		screenshot("overlay-queue");
		new org.openqa.selenium.support.ui.Select(row.findElement(By.name("status"))).selectByValue("one-person");
		row.findElement(By.name("note")).sendKeys("Birth date corrected at registration; one person");
		submit(row.findElement(By.tagName("button")));

		assertThat(text(By.cssSelector(".banner.done"))).contains("Reviewed 1 sign(s)").contains("one-person");
		assertThat(browser.findElements(By.xpath("//table[contains(@class,'overlays')]//a[@href='/chart/" + chart + "']"))).isEmpty();
		assertThat(jdbc.queryForObject("select status from identity_overlay where patient = ?", String.class, chart))
				.isEqualTo("one-person");
	}
}

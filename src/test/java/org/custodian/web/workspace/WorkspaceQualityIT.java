package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.TotpCodes;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/** What every workspace page must be: labelled controls, usable on a tablet, safe when left alone; and a patient's own view. */
class WorkspaceQualityIT extends BrowserTest {

	private static final String PASSWORD = "correct horse battery staple";
	/** The pages of a privacy officer (who sees the most screens), each checked for labels and width. */
	private static final List<String> PAGES = List.of("/", "/patients", "/privacy", "/privacy/breaches", "/privacy/audit",
			"/retention/holds");

	@Autowired
	Accounts accounts;

	private void signInAsPrivacyOfficer() {
		String officer = "po-" + unique();
		Enrolment enrolment = accounts.add(officer, "Pia Officer", Set.of(Role.PRIVACY_OFFICER), null, PASSWORD);
		open("/");
		signIn(officer, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		waitFor(By.tagName("h1"));
	}

	@Test
	void everyControlHasALabelAndPagesFitATabletWithoutSideScrolling() {
		String patient = create(Fixtures.patient("Tab" + unique().replaceAll("[0-9]", ""), "Let"));
		signInAsPrivacyOfficer();
		browser.manage().window().setSize(new Dimension(820, 1180));
		for (String page : concat(PAGES, "/chart/" + patient)) {
			open(page);
			waitFor(By.tagName("h1"));
			assertThat(unlabelledControls()).as("%s: controls without a label", page).isEmpty();
			Number overflow = (Number) ((JavascriptExecutor) browser).executeScript(
					"return document.documentElement.scrollWidth - window.innerWidth");
			assertThat(overflow.intValue()).as("%s scrolls sideways on a tablet", page).isLessThanOrEqualTo(0);
			assertThat(browser.findElements(By.cssSelector("a.skip[href='#main']"))).as(page).hasSize(1);
		}
		screenshot("tablet-chart");
		assertThat(consoleErrors()).isEmpty();
	}

	@Test
	void warnsBeforeTheIdleTimeOutOffersToStayAndThenLeavesForSignIn() {
		signInAsPrivacyOfficer();
		JavascriptExecutor js = (JavascriptExecutor) browser;
		long idle = Long.parseLong(browser.findElement(By.tagName("body")).getAttribute("data-idle-seconds"));
		// The page's clock moved on to 30 seconds before the end, rather than waiting 15 minutes.
		js.executeScript("const skew = (arguments[0] - 30) * 1000; const now = Date.now; Date.now = () => now() + skew;", idle);

		WebElement dialog = waitFor(By.id("idle-warning"));
		assertThat(dialog.getText()).contains("you will be signed out in");
		screenshot("idle-warning");
		browser.findElement(By.id("idle-stay")).click();
		wait.until(d -> !d.findElement(By.id("idle-warning")).isDisplayed());

		js.executeScript("const skew = (arguments[0] + 5) * 1000; const now = Date.now; Date.now = () => now() + skew;", idle);
		wait.until(d -> d.getCurrentUrl().endsWith("/signin?timedout"));
		assertThat(text(By.cssSelector("[role=status]"))).contains("signed out after a time without activity");
	}

	@Test
	void aPatientSeesTheirOwnChartAndNoOneElses() {
		String family = "Own" + unique().replaceAll("[0-9]", "");
		String mine = create(Fixtures.patient(family, "Pat"));
		Condition c = new Condition();
		c.setSubject(new Reference("Patient/" + mine));
		c.setCode(new CodeableConcept().setText("Hay fever"));
		create(c);
		String theirs = create(Fixtures.patient("Other" + unique().replaceAll("[0-9]", ""), "Oscar"));
		String user = "pat-" + unique();
		accounts.add(user, "Pat Own", Set.of(Role.PATIENT), "Patient/" + mine, PASSWORD);

		open("/");
		signIn(user, PASSWORD, null);
		assertThat(browser.findElements(By.cssSelector("nav[aria-label=Main] a"))).extracting(WebElement::getText)
				.containsExactly("Work queues", "My record");
		browser.findElement(By.linkText("My record")).click();
		assertThat(text(By.cssSelector(".identity h1"))).isEqualTo("Pat " + family);
		assertThat(text(By.id("problems"))).contains("Hay fever");
		assertThat(text(By.cssSelector(".own-copy"))).contains("PDF").contains("FHIR");
		screenshot("own-chart");
		// The copy itself, fetched with the browser's own session (a download would leave the page).
		Object pdfHeader = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript(
				"var done = arguments[arguments.length - 1]; fetch('/chart/mine/copy?format=pdf').then(r => r.arrayBuffer())"
						+ ".then(b => done(String.fromCharCode.apply(null, new Uint8Array(b.slice(0, 5)))));");
		assertThat(pdfHeader).isEqualTo("%PDF-");
		assertThat(jdbc.queryForObject("select count(*) from disclosure where patient = ? and not accountable and recipient ="
				+ " 'the patient, online'", Integer.class, mine)).isEqualTo(1);

		open("/chart/" + theirs);
		assertThat(text(By.tagName("h1"))).isEqualTo("That could not be done");
		assertThat(browser.getPageSource()).doesNotContain("Oscar");
	}

	private static List<String> concat(List<String> pages, String more) {
		List<String> all = new java.util.ArrayList<>(pages);
		all.add(more);
		return all;
	}
}

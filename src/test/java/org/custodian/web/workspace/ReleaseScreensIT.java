package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.TotpCodes;
import org.custodian.testkit.Fixtures;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Release of information in a real browser: an attorney's request received with a defective
 * authorization is refused with the missing statements named; the complete authorization turns the
 * decision to release; the release is recorded; the accounting leaves an authorized disclosure out.
 */
class ReleaseScreensIT extends BrowserTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Accounts accounts;

	private void date(String id, LocalDate value) {
		((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", browser.findElement(By.id(id)),
				value.toString());
	}

	private void authorization(WebElement form, boolean statements) {
		form.findElement(By.name("authDescription")).sendKeys("All records of the 2025 admission");
		form.findElement(By.name("authDiscloser")).sendKeys("Springfield General Hospital");
		form.findElement(By.name("authRecipient")).sendKeys("Dewey & Partners");
		form.findElement(By.name("authPurpose")).sendKeys("Personal injury claim");
		form.findElement(By.name("authExpiryEvent")).sendKeys("End of the litigation");
		((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", form.findElement(By.name("authSigned")),
				LocalDate.now().minusDays(5).toString());
		if (statements) {
			for (String s : new String[] {"authRevocation", "authConditioning", "authRedisclosure"}) {
				form.findElement(By.name(s)).click();
			}
		}
	}

	@Test
	void aSpecialistReceivesAnAttorneysRequestFixesTheAuthorizationAndReleases() throws java.io.IOException {
		String patient = create(Fixtures.patient("Roi" + unique().replaceAll("[0-9]", ""), "Rhea"));
		String specialist = "roi-" + unique();
		Enrolment enrolment = accounts.add(specialist, "Rosa Release", Set.of(Role.ROI), null, PASSWORD);

		open("/release");
		signIn(specialist, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		waitFor(By.linkText("New request")).click();
		waitFor(By.id("patient")).sendKeys(patient);
		new Select(browser.findElement(By.id("requester"))).selectByValue("attorney");
		browser.findElement(By.id("requesterName")).sendKeys("Dewey & Partners");
		new Select(browser.findElement(By.id("purpose"))).selectByValue("legal");
		new Select(browser.findElement(By.id("instrument"))).selectByValue("authorization");
		date("received", LocalDate.now().minusDays(2));
		browser.findElement(By.name("authorizationGiven")).click();
		authorization(browser.findElement(By.cssSelector("form.intake")), false);
		java.nio.file.Path scan = java.nio.file.Files.createTempFile("authorization-", ".pdf");
		java.nio.file.Files.writeString(scan, "%PDF-1.4\n% a scanned, signed authorization\n");
		browser.findElement(By.id("authScan")).sendKeys(scan.toString());
		screenshot("1-intake");
		submit(browser.findElement(By.cssSelector("form.intake button.primary")));

		assertThat(text(By.cssSelector(".decision .outcome"))).isEqualTo("refuse");
		assertThat(text(By.cssSelector("dl.facts"))).contains("Signed authorization").contains("DocumentReference/");
		assertThat(fhir.get("DocumentReference?subject=Patient/" + patient + "&type=http://loinc.org|64292-6").body())
				.contains("Signed authorization: authorization-");
		assertThat(text(By.cssSelector(".decision .reasons"))).contains("authorization-incomplete")
				.contains("164.508(c)(2)(i)");
		screenshot("2-refused");

		WebElement fix = browser.findElement(By.cssSelector("form.authorize-form"));
		authorization(fix, true);
		submit(fix.findElement(By.tagName("button")));
		assertThat(text(By.cssSelector(".decision .outcome"))).isEqualTo("release");

		submit(browser.findElement(By.cssSelector("form.package-form button")));
		assertThat(text(By.cssSelector(".package"))).contains("SHA-256").contains("Download the PDF");
		assertThat(browser.findElement(By.cssSelector(".package a")).getAttribute("href")).contains("/release/packages/");
		screenshot("3-package");

		WebElement release = browser.findElement(By.cssSelector("form.release-form"));
		release.findElement(By.name("released")).sendKeys("Discharge summary and imaging reports, 2025");
		release.findElement(By.name("recipientAddress")).sendKeys("12 Court Street, Springfield");
		release.findElement(By.name("confirmed")).click();
		submit(release.findElement(By.tagName("button")));
		assertThat(text(By.cssSelector(".banner.done"))).contains("Released to Dewey & Partners");
		screenshot("4-released");

		WebElement delivery = browser.findElement(By.cssSelector("form.delivery-form"));
		delivery.findElement(By.name("tracking")).sendKeys("USPS 9400 1000 0000 0000 0000 00");
		submit(delivery.findElement(By.tagName("button")));
		assertThat(text(By.cssSelector("dl.facts"))).contains("closed, delivered (USPS 9400");

		browser.findElement(By.linkText("accounting of disclosures")).click();
		assertThat(text(By.tagName("main"))).contains("No disclosure to account for");
		open("/release");
		waitFor(By.cssSelector("details summary")).click();
		WebElement suspension = browser.findElement(By.cssSelector("form.suspension-form"));
		suspension.findElement(By.name("agency")).sendKeys("County Sheriff " + patient);
		suspension.findElement(By.name("statement")).sendKeys("An accounting would impede an investigation (letter of 2 Nov)");
		date("until", LocalDate.now().plusMonths(1));
		submit(suspension.findElement(By.tagName("button")));
		assertThat(text(By.cssSelector(".banner.done"))).contains("County Sheriff " + patient);
		assertThat(text(By.cssSelector("ul.suspensions"))).contains("County Sheriff " + patient);
		assertThat(jdbc.queryForObject("select count(*) from disclosure where patient = ? and not accountable", Integer.class,
				patient)).isEqualTo(1);
		assertThat(jdbc.queryForList("select subtype from audit_event where actor = ? order by seq", String.class, specialist))
				.contains("roi-intake", "roi-request", "roi-authorization", "roi-package", "privacy-disclosure",
						"accounting-of-disclosures");
		assertThat(jdbc.queryForObject("select description from disclosure where patient = ?", String.class, patient))
				.contains("SHA-256");
		assertThat(consoleErrors()).isEmpty();
	}

	@Test
	void aSpecialistExtendsThenDeniesAPatientsAccessInWritingAndRecordsTheReviewThatOverturnsIt() {
		String patient = create(Fixtures.patient("Deny" + unique().replaceAll("[0-9]", ""), "Dora"));
		String specialist = "roi-" + unique();
		Enrolment enrolment = accounts.add(specialist, "Rui Release", Set.of(Role.ROI), null, PASSWORD);

		open("/release/new?patient=" + patient);
		signIn(specialist, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		new Select(waitFor(By.id("requester"))).selectByValue("patient");
		browser.findElement(By.id("requesterName")).sendKeys("Dora");
		new Select(browser.findElement(By.id("purpose"))).selectByValue("patient-request");
		date("received", LocalDate.now());
		submit(browser.findElement(By.cssSelector("form.intake button.primary")));
		assertThat(text(By.cssSelector(".decision .outcome"))).isEqualTo("release");
		String request = browser.getCurrentUrl().replaceAll(".*/release/", "");

		WebElement extend = browser.findElement(By.cssSelector("form.extension-form"));
		extend.findElement(By.name("reason")).sendKeys("Your older records are in off-site storage");
		new Select(extend.findElement(By.name("exception"))).selectByValue("infeasibility");
		submit(extend.findElement(By.tagName("button")));
		assertThat(text(By.cssSelector("pre.extension-letter"))).contains("Dear Dora")
				.contains("because your older records are in off-site storage.")
				.contains("no later than " + LocalDate.now().plusDays(60)).contains("Infeasibility (45 CFR 171.204)");
		assertThat(browser.findElements(By.cssSelector("form.extension-form"))).as("one extension").isEmpty();

		WebElement deny = browser.findElement(By.cssSelector("form.deny-form"));
		new Select(deny.findElement(By.name("ground"))).selectByValue("endangerment");
		deny.findElement(By.name("explanation")).sendKeys("Your doctor judged that reading these notes now could harm you.");
		deny.findElement(By.name("determinedBy")).sendKeys("Dr. Ana Lima, psychiatrist");
		submit(deny.findElement(By.tagName("button")));

		assertThat(text(By.cssSelector("pre.denial-letter"))).contains("Dear Dora").contains("Dr. Ana Lima")
				.contains("reviewed by another licensed health care professional");
		assertThat(browser.findElements(By.cssSelector("form.release-form"))).isEmpty();
		screenshot("denial-letter");

		// The patient asks for the review: staff find the denial on the queue and record the reviewer's determination.
		open("/release");
		submit(waitFor(By.cssSelector("table.roi-denied a[href='/release/" + request + "']")));
		WebElement review = waitFor(By.cssSelector("form.review-form"));
		review.findElement(By.name("reviewer")).sendKeys("Dr. Ana Lima, psychiatrist");
		review.findElement(By.cssSelector("input[value='overturned']")).click();
		review.findElement(By.name("note")).sendKeys("The notes can be shared with a clinician present.");
		submit(review.findElement(By.tagName("button")));
		assertThat(text(By.tagName("main"))).as("the reviewer took part in the denial").contains("took no part in the denial");

		open("/release/" + request);
		review = waitFor(By.cssSelector("form.review-form"));
		review.findElement(By.name("reviewer")).sendKeys("Dr. Ben Ode, psychiatrist");
		review.findElement(By.cssSelector("input[value='overturned']")).click();
		review.findElement(By.name("note")).sendKeys("The notes can be shared with a clinician present.");
		submit(review.findElement(By.tagName("button")));

		assertThat(text(By.cssSelector("pre.review-letter"))).contains("Dear Dora").contains("Dr. Ben Ode")
				.contains("did not uphold the denial");
		assertThat(browser.findElements(By.cssSelector("form.review-form"))).as("reviewed once").isEmpty();
		assertThat(browser.findElements(By.cssSelector("form.release-form"))).as("open again, to be released").hasSize(1);
		assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = 'roi-denial-review'"
				+ " and patients @> array[?]::text[]", Integer.class, "Patient/" + patient)).isEqualTo(1);
	}

	@Test
	void aRequestRefusedAtIntakeKeepsNoScanOfItsAuthorization() throws java.io.IOException {
		String patient = create(Fixtures.patient("Scan" + unique().replaceAll("[0-9]", ""), "Sid"));
		String specialist = "roi-" + unique();
		Enrolment enrolment = accounts.add(specialist, "Sam Scan", Set.of(Role.ROI), null, PASSWORD);

		open("/release/new?patient=" + patient);
		signIn(specialist, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		waitFor(By.id("requesterName")).sendKeys("Dewey & Partners");
		date("received", LocalDate.now().plusDays(3)); // in the future: the intake is refused
		browser.findElement(By.name("authorizationGiven")).click();
		authorization(browser.findElement(By.cssSelector("form.intake")), true);
		java.nio.file.Path scan = java.nio.file.Files.createTempFile("authorization-", ".pdf");
		java.nio.file.Files.writeString(scan, "%PDF-1.4\n% a scanned, signed authorization\n");
		browser.findElement(By.id("authScan")).sendKeys(scan.toString());
		submit(browser.findElement(By.cssSelector("form.intake button.primary")));

		assertThat(text(By.tagName("main"))).contains("CUS-6001").contains("in the future");
		assertThat(fhir.get("DocumentReference?subject=Patient/" + patient).body()).doesNotContain("Signed authorization");
		assertThat(jdbc.queryForObject("select count(*) from roi_request where patient = ?", Integer.class, patient)).isZero();
	}
}

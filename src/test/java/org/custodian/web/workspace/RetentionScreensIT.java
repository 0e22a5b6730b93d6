package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.TotpCodes;
import org.custodian.retention.RetentionReview;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The retention screens in a browser: a records manager adds a schedule (a refusal shown with the
 * form as typed) and retires it, places a legal hold on a chart past retention and is refused its
 * destruction while it stands, releases it, destroys the chart through the confirmation and reads
 * its certificate; a clinician reaches none of it, and a privacy officer only the holds.
 */
class RetentionScreensIT extends BrowserTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Accounts accounts;
	@Autowired
	RetentionReview review;

	/** Letters only, findable as text. */
	private final String tag = unique().replaceAll("[0-9]", "") + "r";

	/** A patient with a medical record number, seen once, on 2005-03-01: past a ten-year schedule since 2015. */
	private String chartPastRetention(String family, String mrn) {
		Patient p = Fixtures.patient(family, "Ada");
		p.addIdentifier().setSystem("urn:oid:1.2.3.4").setValue(mrn).getType()
				.addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", null));
		String patient = create(p);
		Encounter e = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setClass_(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null)).setSubject(new Reference("Patient/" + patient));
		e.setPeriod(new Period().setStartElement(new DateTimeType("2005-03-01T09:00:00Z"))
				.setEndElement(new DateTimeType("2005-03-01T10:00:00Z")));
		create(e);
		review.dateNow(patient);
		return patient;
	}

	private String signInAs(Role role, String path) {
		String user = role.externalName() + "-" + unique();
		Enrolment enrolment = accounts.add(user, "Rita Records", Set.of(role), null, PASSWORD);
		open(path);
		signIn(user, PASSWORD, enrolment.secondFactorUri() == null ? null : TotpCodes.now(enrolment, Instant.now()));
		return user;
	}

	private WebElement row(String table, String containing) {
		return waitFor(By.xpath("//table[contains(@class,'" + table + "')]//tr[contains(., '" + containing + "')]"));
	}

	private void type(By field, String text) {
		WebElement input = waitFor(field);
		input.clear();
		input.sendKeys(text);
	}

	@Test
	void recordsManagerKeepsSchedulesHoldsAChartAndDestroysItWithACertificate() {
		String family = "Ret" + tag;
		String mrn = "MRN" + tag.toUpperCase(Locale.ROOT);
		String patient = chartPastRetention(family, mrn);
		String kept = chartPastRetention("Kept" + tag, "MRNK" + tag.toUpperCase(Locale.ROOT));
		String him = signInAs(Role.HIM, "/retention/schedules");

		// A schedule for a jurisdiction other than the one configured, so no chart's date moves: refused first, the form kept.
		assertThat(text(By.tagName("h1"))).isEqualTo("Retention schedules");
		assertThat(text(By.cssSelector(".jurisdiction"))).isEqualTo(review.jurisdiction());
		assertThat(unlabelledControls()).isEmpty();
		String schedule = "Ontario imaging " + tag;
		type(By.id("name"), schedule);
		new Select(browser.findElement(By.id("recordClass"))).selectByVisibleText("document");
		type(By.id("jurisdiction"), "CA-ON");
		type(By.id("period"), "5");
		type(By.id("citation"), "Test policy");
		submit(browser.findElement(By.cssSelector("form.schedule-form button[type=submit]")));
		assertThat(text(By.cssSelector("p.error"))).contains("document type");
		assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo(schedule);
		assertThat(browser.findElement(By.id("jurisdiction")).getAttribute("value")).isEqualTo("CA-ON");
		screenshot("1-schedule-refused");
		type(By.id("documentType"), "18748-4");
		submit(browser.findElement(By.cssSelector("form.schedule-form button[type=submit]")));
		assertThat(text(By.cssSelector("p.banner.done"))).contains("Schedule added");
		assertThat(row("schedules-in-force", schedule).getText()).contains("CA-ON", "18748-4", "5 years", "last encounter");
		WebElement added = row("schedules-in-force", schedule);
		added.findElement(By.name("confirmed")).click();
		submit(added.findElement(By.cssSelector("button[type=submit]")));
		assertThat(text(By.cssSelector("p.banner.done"))).contains("retired");
		assertThat(row("schedules-retired", schedule).getText()).contains(him);
		assertThat(browser.findElements(By.xpath("//table[contains(@class,'schedules-in-force')]//tr[contains(., '" + schedule
				+ "')]"))).isEmpty();

		// The queue, from the work queues: both charts past retention; one kept to a later review leaves it.
		browser.findElement(By.linkText("Work queues")).click();
		assertThat(text(By.cssSelector("a[href='/retention/disposition'] .title"))).isEqualTo("Charts past retention");
		submit(browser.findElement(By.cssSelector(".queues a[href='/retention/disposition']")));
		assertThat(row("disposition-queue", "Patient/" + patient).getText()).contains(family, "2015-03-02", "Adult record",
				"2005-03-01 to 2005-03-01");
		assertThat(unlabelledControls()).isEmpty();
		WebElement keep = row("disposition-queue", "Patient/" + kept);
		// A date field is typed in the browser's locale; set as the form submits it.
		((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].value = '2040-01-01'",
				keep.findElement(By.name("until")));
		keep.findElement(By.name("reason")).sendKeys("An expected claim");
		submit(keep.findElement(By.cssSelector("form.keep button")));
		assertThat(text(By.cssSelector("p.banner.done"))).contains("kept until 2040-01-01");
		assertThat(browser.findElement(By.cssSelector("table.disposition-queue")).getText()).doesNotContain("Patient/" + kept);
		screenshot("2-queue");

		// The confirmation shows what would go.
		submit(row("disposition-queue", "Patient/" + patient).findElement(By.linkText("Destroy…")));
		assertThat(text(By.cssSelector("dl.facts"))).contains(mrn, "2015-03-02", "2 records");
		assertThat(text(By.cssSelector("table.destroy-contents"))).contains("Encounter", "Patient");
		screenshot("3-confirmation");

		// A hold placed meanwhile: the chart leaves the queue, and destroying it is refused in words.
		open("/retention/holds");
		String matter = "Doe v. Hospital " + tag;
		type(By.id("matter"), matter);
		type(By.id("references"), "Patient/" + patient);
		type(By.id("hold-reason"), "Counsel's preservation letter");
		submit(browser.findElement(By.cssSelector("form.hold-form button[type=submit]")));
		assertThat(text(By.cssSelector("p.banner.done"))).contains("placed", matter);
		assertThat(row("holds-active", matter).getText()).contains(family, "Patient/" + patient);
		assertThat(unlabelledControls()).isEmpty();
		open("/retention/disposition");
		assertThat(Integer.parseInt(text(By.cssSelector("dd.held-count")))).isPositive();
		assertThat(browser.getPageSource()).doesNotContain("Patient/" + patient + "<");
		open("/retention/disposition/" + patient + "/destroy");
		assertThat(text(By.cssSelector("ul.warnings"))).contains("On legal hold: " + matter);
		type(By.id("typed"), "not-" + patient);
		submit(browser.findElement(By.cssSelector("form.confirm-destroy button")));
		assertThat(text(By.cssSelector(".refusal"))).contains("Nothing was destroyed", "type the chart's id");
		type(By.id("typed"), patient);
		submit(browser.findElement(By.cssSelector("form.confirm-destroy button")));
		assertThat(text(By.cssSelector(".refusal"))).contains("Nothing was destroyed", "legal hold", matter);
		screenshot("4-refused-on-hold");
		assertThat(fhir.get("Patient/" + patient).status()).isEqualTo(200);

		// Released with its reason; then destroyed through the confirmation, and the certificate shown.
		open("/retention/holds");
		WebElement hold = row("holds-active", matter);
		hold.findElement(By.name("reason")).sendKeys("Settled");
		submit(hold.findElement(By.cssSelector("form.release button")));
		assertThat(text(By.cssSelector("p.banner.done"))).contains("released");
		assertThat(row("holds-released", matter).getText()).contains("Settled", him);
		open("/retention/disposition");
		submit(row("disposition-queue", "Patient/" + patient).findElement(By.linkText("Destroy…")));
		type(By.id("typed"), patient);
		submit(browser.findElement(By.cssSelector("form.confirm-destroy button")));

		assertThat(text(By.cssSelector("p.banner.done"))).contains("destroyed");
		String number = text(By.cssSelector(".certificate-number"));
		assertThat(number).startsWith("DC-");
		assertThat(text(By.cssSelector(".certificate dl.facts"))).contains("Patient/" + patient, mrn, "2005-03-01 to 2005-03-01",
				"Adult record", "2015-03-02", him);
		assertThat(text(By.cssSelector(".contents-total"))).isEqualTo("2 records in 2 versions");
		assertThat(text(By.cssSelector("table.certificate-contents"))).contains("Encounter", "Patient");
		assertThat(text(By.cssSelector(".seal"))).startsWith("Intact");
		assertThat(browser.getPageSource()).doesNotContain(family);
		screenshot("5-certificate");
		assertThat(fhir.get("Patient/" + patient).status()).isEqualTo(404);

		browser.findElement(By.linkText("Every certificate")).click();
		assertThat(row("certificates", number).getText()).contains("Patient/" + patient, mrn, him);
		assertThat(consoleErrors()).isEmpty();

		assertThat(jdbc.queryForList("select subtype from audit_event where actor = ? and category = 'screen' order by seq",
				String.class, him)).contains("retention-schedules", "retention-schedule-add", "retention-schedule-retire",
						"disposition-queue", "disposition-keep", "destruction-preview", "legal-holds", "legal-hold-place",
						"legal-hold-release", "disposition-destroy", "destruction-certificate", "destruction-certificates");
	}

	@Test
	void aClinicianReachesNoneOfItAndAPrivacyOfficerOnlyTheHolds() {
		signInAs(Role.CLINICIAN, "/");
		assertThat(browser.findElements(By.cssSelector("nav[aria-label=Main] a"))).extracting(WebElement::getText)
				.doesNotContain("Retention", "Legal holds");
		for (String path : List.of("/retention/disposition", "/retention/schedules", "/retention/holds", "/retention/certificates",
				"/retention/disposition/1/destroy")) {
			open(path);
			assertThat(text(By.tagName("body"))).as(path).contains("not open to your roles");
		}
		browser.manage().deleteAllCookies();

		signInAs(Role.PRIVACY_OFFICER, "/");
		browser.findElement(By.linkText("Legal holds")).click();
		assertThat(text(By.tagName("h1"))).isEqualTo("Legal holds");
		assertThat(browser.findElements(By.cssSelector("nav.subnav"))).isEmpty();
		open("/retention/disposition");
		assertThat(text(By.tagName("body"))).contains("not open to your roles");
	}
}

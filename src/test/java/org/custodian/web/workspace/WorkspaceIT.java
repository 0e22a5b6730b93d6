package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.TotpCodes;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.springframework.beans.factory.annotation.Autowired;

/** The HIM workspace in a real browser: sign-in with a second factor, patient search, the chart, break-the-glass. */
class WorkspaceIT extends BrowserTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Accounts accounts;

	private String family;
	private String patient;

	@BeforeEach
	void aPatientWithARecord() {
		family = "Wsp" + unique().replaceAll("[0-9]", "");
		Patient p = Fixtures.patient(family, "Rosalind");
		p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1964-07-25"));
		patient = create(p);
		Condition asthma = new Condition();
		asthma.setSubject(new Reference("Patient/" + patient));
		asthma.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "195967001", "Asthma")));
		asthma.setOnset(new DateTimeType("2010-03-04"));
		create(asthma);
		for (int i = 1; i <= 4; i++) {
			Observation o = new Observation();
			o.setStatus(Observation.ObservationStatus.FINAL);
			o.setSubject(new Reference("Patient/" + patient));
			o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
					"vital-signs", null)));
			o.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
			o.setEffective(new DateTimeType("2021-0" + i + "-01T09:00:00Z"));
			o.getValueQuantity().setValue(60 + 5 * i).setUnit("/min");
			create(o);
		}
	}

	@Test
	void himClerkSignsInWithTheirCodeFindsAPatientDespiteATypoAndReadsTheChart() {
		String user = "him-" + unique();
		Enrolment enrolment = accounts.add(user, "Harriet Clerk", Set.of(Role.HIM), null, PASSWORD);

		open("/");
		assertThat(browser.getCurrentUrl()).endsWith("/signin");
		screenshot("1-sign-in");
		signIn(user, PASSWORD, TotpCodes.now(enrolment, Instant.now()));

		assertThat(text(By.tagName("h1"))).isEqualTo("Work queues");
		assertThat(browser.findElements(By.cssSelector("nav[aria-label=Main] a"))).extracting(e -> e.getText())
				.containsExactly("Work queues", "Patients", "Duplicates", "Chart completion", "Coding", "Release of information",
						"Retention");
		screenshot("2-work-queues");

		browser.findElement(By.linkText("Patients")).click();
		// One letter swapped in the family name.
		String typo = family.substring(0, family.length() - 2) + family.charAt(family.length() - 1) + family.charAt(family.length() - 2);
		waitFor(By.id("name")).sendKeys("Rosalind " + typo);
		// htmx replaces only the results, so the button stays.
		browser.findElement(By.cssSelector("form.search button[type=submit]")).click();
		waitFor(By.cssSelector("table.results"));
		assertThat(browser.getCurrentUrl()).as("no name in the URL").endsWith("/patients").doesNotContain(family);
		assertThat(text(By.cssSelector("table.results tbody"))).contains("Rosalind " + family).contains("1964-07-25");
		screenshot("3-patient-search");

		browser.findElement(By.linkText("Rosalind " + family)).click();
		assertThat(text(By.cssSelector(".identity h1"))).isEqualTo("Rosalind " + family);
		assertThat(text(By.id("problems"))).contains("Asthma").contains("2010-03-04");
		waitFor(By.cssSelector("figure.trend.drawn canvas"));
		assertThat(text(By.id("trends"))).contains("Heart rate").contains("latest 80 /min");
		screenshot("4-chart");
		assertThat(consoleErrors()).as("nothing refused by the Content-Security-Policy, no script errors").isEmpty();

		List<Map<String, Object>> trail = jdbc.queryForList("select category, subtype, client, outcome from audit_event"
				+ " where actor = ? and category = 'screen' order by seq", user);
		assertThat(trail).extracting(r -> r.get("subtype")).containsExactly("patient-search", "chart");
		assertThat(trail).allSatisfy(r -> assertThat(r).containsEntry("client", "custodian-workspace").containsEntry("outcome", 0));
	}

	@Test
	void clinicianWithoutATreatmentRelationshipBreaksTheGlassWithAReason() {
		String dr = create(new Practitioner().addName(new HumanName().setFamily("Seuss")));
		String user = "dr-" + unique();
		accounts.add(user, "Dr Seuss", Set.of(Role.CLINICIAN), "Practitioner/" + dr, PASSWORD);

		open("/chart/" + patient);
		signIn(user, PASSWORD, null);

		assertThat(text(By.tagName("h1"))).isEqualTo("This chart is closed to you");
		assertThat(browser.getPageSource()).doesNotContain(family).doesNotContain("Asthma");
		screenshot("1-refused");

		waitFor(By.id("reason")).sendKeys("Arrived unconscious in the emergency department");
		submit(browser.findElement(By.cssSelector("form.break-glass button[type=submit]")));

		assertThat(text(By.cssSelector(".banner.emergency"))).contains("break-the-glass");
		assertThat(text(By.id("problems"))).contains("Asthma");
		screenshot("2-chart-under-break-the-glass");

		assertThat(jdbc.queryForList("select subtype, outcome from audit_event where actor = ? and category = 'screen'"
				+ " order by seq", user)).extracting(r -> r.get("subtype") + " " + r.get("outcome"))
				.containsExactly("chart 4", "$break-the-glass 0", "chart 0");
		assertThat(jdbc.queryForObject("select count(*) from emergency_access where actor = ?", Integer.class, user)).isEqualTo(1);
	}

	@Test
	void pagesCarryAStrictPolicyAreNeverCachedAndSearchOnlyByPost() throws Exception {
		String user = "him-" + unique();
		Enrolment enrolment = accounts.add(user, "Harriet Clerk", Set.of(Role.HIM), null, PASSWORD);
		open("/");
		signIn(user, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		waitFor(By.tagName("h1"));
		Cookie session = browser.manage().getCookieNamed("JSESSIONID");

		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> chart = http.send(HttpRequest.newBuilder(URI.create(url("/chart/" + patient)))
				.header("Cookie", "JSESSIONID=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(chart.statusCode()).isEqualTo(200);
		assertThat(chart.headers().firstValue("Content-Security-Policy").orElseThrow())
				.contains("script-src 'self'").doesNotContain("unsafe-inline").contains("frame-ancestors 'none'");
		assertThat(chart.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		assertThat(chart.headers().firstValue("Referrer-Policy").orElseThrow()).isEqualTo("no-referrer");

		HttpResponse<String> searchByGet = http.send(HttpRequest.newBuilder(URI.create(url("/patients?name=" + family)))
				.header("Cookie", "JSESSIONID=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(searchByGet.body()).doesNotContain("Rosalind " + family);

		HttpResponse<String> withoutSession = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
				.send(HttpRequest.newBuilder(URI.create(url("/chart/" + patient))).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(withoutSession.statusCode()).isEqualTo(302);
		assertThat(withoutSession.headers().firstValue("Location").orElseThrow()).endsWith("/signin");
	}
}

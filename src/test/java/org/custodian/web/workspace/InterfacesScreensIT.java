package org.custodian.web.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.TotpCodes;
import org.custodian.ingest.hl7.Hl7Feed;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/** The interface monitor: HIM finds a message in error from the work queues, corrects it and replays it. */
class InterfacesScreensIT extends BrowserTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Accounts accounts;

	@Autowired
	Hl7Feed feed;

	@Test
	void himCorrectsAMessageInErrorAndReplaysIt() {
		String tag = unique().replaceAll("[0-9]", "").toUpperCase();
		Hl7Feed.Received failed = feed.receive("MSH|^~\\&|REG|GOODHEALTH|CUSTODIAN|HOSP|20261124080000||ADT^A28^ADT_A05|F"
				+ tag + "|P|2.5.1\rEVN|A28\rPID|1||||Fix" + tag + "^Fay||19900101|F\r", "test-feed");
		assertThat(failed.status()).isEqualTo("error");
		String him = "him-" + unique();
		Enrolment enrolment = accounts.add(him, "Iris Interfaces", Set.of(Role.HIM), null, PASSWORD);

		open("/");
		signIn(him, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		submit(waitFor(By.xpath("//a[contains(@href,'/interfaces')]")));
		WebElement message = waitFor(By.cssSelector("div.message-error[data-id='" + failed.id() + "']"));
		assertThat(message.getText()).contains("PID-3");
		WebElement raw = message.findElement(By.name("message"));
		String corrected = raw.getAttribute("value").replace("PID|1|||", "PID|1||Z" + tag + "^^^GOODHEALTH^MR|");
		raw.clear();
		raw.sendKeys(corrected);
		submit(message.findElement(By.cssSelector("form.replay-form button")));

		assertThat(text(By.cssSelector("p.banner.done"))).isEqualTo("Message " + failed.id() + " applied.");
		assertThat(text(By.cssSelector("table.feed-counts"))).contains("test-feed");
		assertThat(jdbc.queryForObject("select status from hl7_message where message_id = ?", String.class, failed.id()))
				.isEqualTo("processed");
		assertThat(jdbc.queryForList("select subtype from audit_event where actor = ? and category = 'screen' order by seq",
				String.class, him)).contains("interface-monitor", "interface-replay");
		assertThat(consoleErrors()).isEmpty();
	}

	@Test
	void himUploadsAReferralsCcdThatMatchesNobodyAndAttachesItToTheRightChart() throws Exception {
		String tag = unique().replaceAll("[0-9]", "");
		String xml = new String(java.nio.file.Files.readAllBytes(org.custodian.testkit.SharedCorpora.path(
				"ccda/hl7-c-cda-examples/documents/CCD__CCD 1__CCD.XML")), java.nio.charset.StandardCharsets.UTF_8).replace(
						"<given>Eve</given>", "<given>Ev" + tag + "</given>").replace("extension=\"TT988\"", "extension=\"UP" + tag
								+ "\"");
		java.nio.file.Path file = java.nio.file.Files.createTempFile("referral-", ".xml");
		java.nio.file.Files.writeString(file, xml);
		org.hl7.fhir.r4.model.Patient chart = new org.hl7.fhir.r4.model.Patient();
		chart.addName().setFamily("Betterhalf").addGiven("Eve" + tag);
		String patient = fhir.post("Patient", chart).as(org.hl7.fhir.r4.model.Patient.class).getIdElement().getIdPart();
		String him = "him-" + unique();
		Enrolment enrolment = accounts.add(him, "Ida Imports", Set.of(Role.HIM), null, PASSWORD);

		open("/");
		signIn(him, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		open("/interfaces");
		submit(waitFor(By.xpath("//a[@href='/interfaces/documents']")));
		waitFor(By.id("documents")).sendKeys(file.toString());
		submit(waitFor(By.cssSelector("form.ccda-upload button")));

		assertThat(text(By.cssSelector("p.banner.done"))).contains("unmatched");
		WebElement row = waitFor(By.cssSelector("table.import-results tr[data-status='unmatched']"));
		row.findElement(By.name("patient")).sendKeys(patient);
		submit(row.findElement(By.cssSelector("form.attach-form button")));

		assertThat(text(By.cssSelector("p.banner.done"))).contains("imported");
		WebElement imported = waitFor(By.cssSelector("table.import-results tr[data-status='imported']"));
		assertThat(imported.getText()).contains("Continuity of Care Document").contains("Patient/" + patient);
		assertThat(fhir.get("Condition?patient=Patient/" + patient).as(org.hl7.fhir.r4.model.Bundle.class).getEntry()).hasSize(4);
		assertThat(jdbc.queryForList("select subtype from audit_event where actor = ? and category = 'screen' order by seq",
				String.class, him)).contains("document-imports");
		assertThat(consoleErrors()).isEmpty();
	}
}

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
				String.class, him)).contains("document-import", "document-attach", "document-imports");
		assertThat(consoleErrors()).isEmpty();
	}

	@Test
	void himUploadsAPrintedReferralFilesItToTheSuggestedChartAndFindsItByItsWords(@Autowired
			org.custodian.ingest.scan.ScannedDocuments scans) throws Exception {
		String tag = unique().replaceAll("[0-9]", "");
		String mrn = "Q" + Math.abs(System.nanoTime() % 10_000_000);
		org.hl7.fhir.r4.model.Patient chart = new org.hl7.fhir.r4.model.Patient();
		chart.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.19.5").setValue(mrn);
		chart.addName().setFamily("Paper" + tag).addGiven("Pat");
		String patient = "Patient/" + fhir.post("Patient", chart).as(org.hl7.fhir.r4.model.Patient.class).getIdElement()
				.getIdPart();
		java.nio.file.Path file = java.nio.file.Files.createTempFile("referral-", ".pdf");
		try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
			org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
			doc.addPage(page);
			try (org.apache.pdfbox.pdmodel.PDPageContentStream text = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
				text.beginText();
				text.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
						org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 12);
				text.newLineAtOffset(72, 700);
				text.showText("REFERRAL   MRN: " + mrn + "   Reason: suspected sarcoidosis" + tag);
				text.endText();
			}
			doc.save(file.toFile());
		}
		String him = "him-" + unique();
		Enrolment enrolment = accounts.add(him, "Ines Indexing", Set.of(Role.HIM), null, PASSWORD);

		open("/");
		signIn(him, PASSWORD, TotpCodes.now(enrolment, Instant.now()));
		open("/interfaces");
		submit(waitFor(By.xpath("//a[@href='/interfaces/scans']")));
		waitFor(By.id("files")).sendKeys(file.toString());
		submit(waitFor(By.cssSelector("form.scan-upload button")));
		assertThat(text(By.cssSelector("p.banner.done"))).contains("1 file kept");
		scans.readWaiting(); // the reader's round (every few seconds in production; off in the tests)
		open("/interfaces/scans");

		WebElement scan = waitFor(By.cssSelector("article.scan[data-status='indexing']"));
		assertThat(scan.getText()).contains("record number " + mrn);
		assertThat(scan.findElement(By.name("patient")).getAttribute("value")).isEqualTo(patient);
		new org.openqa.selenium.support.ui.Select(scan.findElement(By.name("type"))).selectByVisibleText("Referral note");
		submit(scan.findElement(By.cssSelector("form.file-form button")));

		assertThat(text(By.cssSelector("p.banner.done"))).contains("filed as DocumentReference/");
		assertThat(fhir.get("DocumentReference?patient=" + patient + "&_content=sarcoidosis" + tag.toLowerCase()).as(
				org.hl7.fhir.r4.model.Bundle.class).getEntry()).hasSize(1);
		assertThat(jdbc.queryForList("select subtype from audit_event where actor = ? and category = 'screen' order by seq",
				String.class, him)).contains("scan-upload", "scan-indexing");
		assertThat(consoleErrors()).isEmpty();
	}
}

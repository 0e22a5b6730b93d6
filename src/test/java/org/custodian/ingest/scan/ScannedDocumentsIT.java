package org.custodian.ingest.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Paper into the chart: a scanned discharge summary (a separator sheet and a page fed in sideways
 * among its pages) is read by OCR, its blank and turned pages noted, its patient found from the record
 * number on the page and its type from its title; the clerk files it, and the words on the paper are
 * then found by a search of the patient's documents.
 */
class ScannedDocumentsIT extends ServerTest {

	private final String tag = Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "").toUpperCase();
	// Digits only: a letter beside digits is what OCR most often misreads (S for 5), and the record-number path is under test.
	private final String mrn = String.valueOf(10_000_000 + Math.abs(System.nanoTime() % 80_000_000));

	@Autowired
	ScannedDocuments scans;

	@Autowired
	AccessGate gate;

	@Autowired
	Ocr ocr;

	private String patient(String family) {
		Patient p = new Patient();
		p.addIdentifier(new Identifier().setSystem("urn:oid:2.16.840.1.113883.19.5").setValue(mrn));
		p.addName().setFamily(family).addGiven("Jane");
		p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-01-02"));
		return "Patient/" + fhir.post("Patient", p).as(Patient.class).getIdElement().getIdPart();
	}

	/** A page as a scanner gives it: an image of typed lines, 8.5 by 11 inches at 150 dpi. */
	private static BufferedImage typed(String... lines) {
		BufferedImage page = new BufferedImage(1275, 1650, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = page.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, page.getWidth(), page.getHeight());
		g.setColor(Color.BLACK);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 34));
		for (int i = 0; i < lines.length; i++) {
			g.drawString(lines[i], 100, 150 + i * 60);
		}
		g.dispose();
		return page;
	}

	private static byte[] pdf(BufferedImage... pages) throws IOException {
		try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			for (BufferedImage image : pages) {
				PDPage page = new PDPage(new PDRectangle(image.getWidth() * 72f / 150, image.getHeight() * 72f / 150));
				doc.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
					content.drawImage(LosslessFactory.createFromImage(doc, image), 0, 0, page.getMediaBox().getWidth(), page
							.getMediaBox().getHeight());
				}
			}
			doc.save(out);
			return out.toByteArray();
		}
	}

	/** A page printed to PDF (a text layer, no OCR needed) with one line of text. */
	private static byte[] printed(String line) throws IOException {
		try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDPage page = new PDPage(PDRectangle.LETTER);
			doc.addPage(page);
			try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
				content.beginText();
				content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
				content.newLineAtOffset(72, 700);
				content.showText(line);
				content.endText();
			}
			doc.save(out);
			return out.toByteArray();
		}
	}

	@Test
	void aScannedDischargeSummaryIsReadCheckedSuggestedFiledAndFoundByItsWords() throws IOException {
		Assumptions.assumeTrue(ocr.installed(), "Tesseract is installed (.ci/run installs it)");
		String family = "Doe" + tag;
		String patient = patient(family);
		String[] summary = {"DISCHARGE SUMMARY", "Patient: " + family + ", Jane", "DOB: 01/02/1980", "MRN: " + mrn,
				"Diagnosis: community acquired pneumonia, improved", "Follow up with primary care in one week."};
		byte[] file = pdf(typed(summary), typed(), ScannedPages.rotate(typed("Medications at discharge: amoxicillin",
				"500 milligrams three times a day for seven days", "Return if fever or shortness of breath"), 270));
		AccessContext clerk = gate.forSystemTask("scan-test");

		long id = scans.upload(clerk, List.of(new ScannedDocuments.Upload("summary.pdf", "application/pdf", file))).get(0);
		assertThat(scans.get(clerk, id).status()).as("kept, not yet read").isEqualTo("received");
		assertThat(scans.readWaiting()).isPositive();

		ScannedDocuments.Scan read = scans.get(clerk, id);
		assertThat(read.status()).isEqualTo("indexing");
		assertThat(read.pages()).isEqualTo(3);
		assertThat(read.pageNotes()).contains("page 2: blank").anySatisfy(n -> assertThat(n).startsWith("page 3: turned"));
		assertThat(read.text()).containsIgnoringCase("pneumonia").containsIgnoringCase("amoxicillin");
		assertThat(read.suggestedPatient()).isEqualTo(patient);
		assertThat(read.suggestedType()).isEqualTo("18842-5");
		assertThat(read.reasons()).anySatisfy(r -> assertThat(r).contains("record number " + mrn));

		String filed = scans.file(clerk, id, patient, "18842-5");

		DocumentReference d = fhir.get(filed).as(DocumentReference.class);
		assertThat(d.getSubject().getReference()).isEqualTo(patient);
		assertThat(d.getContentFirstRep().getAttachment().getData()).isEqualTo(file);
		assertThat(d.getDescription()).contains("3 pages").contains("page 2: blank");
		Bundle found = fhir.get("DocumentReference?patient=" + patient + "&_content=pneumonia").as(Bundle.class);
		assertThat(found.getEntry()).hasSize(1);
		assertThat(scans.get(clerk, id).status()).isEqualTo("filed");
		assertThatThrownBy(() -> scans.file(clerk, id, patient, "18842-5")).hasMessageContaining("filed");
		assertThat(jdbc.queryForObject("select count(*) from audit_event where actor = 'system:scan-reader' and patients @>"
				+ " array[?]::text[]", Integer.class, patient)).as("the reader's look-up is recorded").isPositive();
	}

	@Test
	void aPrintedPdfIsReadFromItsOwnTextAndAFileThatIsNeitherPdfNorImageIsSaidSo() throws IOException {
		String family = "Roe" + tag;
		patient(family);
		byte[] printed = printed("CONSULTATION   Patient: Jane " + family + "   Date of Birth: 1980-01-02");
		AccessContext clerk = gate.forSystemTask("scan-test");
		List<Long> ids = scans.upload(clerk, List.of(new ScannedDocuments.Upload("consult.pdf", "application/pdf", printed),
				new ScannedDocuments.Upload("notes.txt", "text/plain", "just text".getBytes())));

		scans.readWaiting();

		ScannedDocuments.Scan consult = scans.get(clerk, ids.get(0));
		assertThat(consult.text()).contains("CONSULTATION");
		assertThat(consult.suggestedType()).isEqualTo("11488-4");
		assertThat(consult.suggestedPatient()).as("by name and date of birth").isNotNull();
		ScannedDocuments.Scan text = scans.get(clerk, ids.get(1));
		assertThat(text.pageNotes()).singleElement().satisfies(n -> assertThat(n).contains("not a PDF or an image"));
		scans.setAside(clerk, ids.get(1), "not a scan: uploaded by mistake");
		assertThat(scans.get(clerk, ids.get(1)).status()).isEqualTo("set-aside");
	}

	@Test
	void aScanFiledToAVeryRestrictedChartIsNotShownToAClerkWhoMayNotSeeIt() throws IOException {
		Patient vip = new Patient();
		vip.addName().setFamily("Vip" + tag).addGiven("Val");
		vip.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "V", "very restricted");
		String patient = "Patient/" + fhir.post("Patient", vip).as(Patient.class).getIdElement().getIdPart();
		byte[] printed = printed("PROGRESS NOTE   Patient: Val Vip" + tag + "   restricted matters");
		AccessContext privileged = gate.forSystemTask("scan-test");
		long id = scans.upload(privileged, List.of(new ScannedDocuments.Upload("vip.pdf", "application/pdf", printed))).get(0);
		scans.readWaiting();
		scans.file(privileged, id, patient, "11506-3");
		AccessContext clerk = gate.forCaller(new org.custodian.access.Caller("clerk-" + tag, "custodian-workspace", List.of(
				"user/*.crus"), java.util.Set.of(org.custodian.access.Role.HIM), null, "HOPERAT", null), "127.0.0.1");

		ScannedDocuments.Scan seen = scans.get(clerk, id);

		assertThat(seen.patient()).isNull();
		assertThat(seen.text()).isNull();
		assertThat(seen.note()).contains("may not see");
		assertThatThrownBy(() -> scans.content(clerk, id)).isInstanceOf(org.custodian.support.CustodianException.class);
	}

	@Test
	void aScanningStationSendsABatchOverTheApiAndAClinicianMayNot() throws IOException {
		org.hl7.fhir.r4.model.Parameters batch = new org.hl7.fhir.r4.model.Parameters();
		for (String line : List.of("CONSENT FOR TREATMENT " + tag, "ADVANCE DIRECTIVE " + tag)) {
			batch.addParameter().setName("file").setValue(new org.hl7.fhir.r4.model.Attachment().setContentType("application/pdf")
					.setTitle(line + ".pdf").setData(printed(line)));
		}
		org.custodian.testkit.FhirHttp station = fhir.as(token("scanner-" + tag, java.util.Set.of(
				org.custodian.access.Role.INTEGRATION), List.of("system/*.cruds"), null));
		org.custodian.testkit.FhirHttp clinician = fhir.as(token("doc-" + tag, java.util.Set.of(
				org.custodian.access.Role.CLINICIAN), List.of("user/*.crus"), null));

		org.custodian.testkit.FhirHttp.Response kept = station.post("$scan", batch);
		org.custodian.testkit.FhirHttp.Response refused = clinician.post("$scan", batch);

		assertThat(kept.status()).as(kept.body()).isEqualTo(200);
		List<Long> ids = kept.as(org.hl7.fhir.r4.model.Parameters.class).getParameters("scan").stream().map(p -> Long.parseLong(p
				.getValue().primitiveValue())).toList();
		assertThat(ids).hasSize(2);
		scans.readWaiting();
		AccessContext clerk = gate.forSystemTask("scan-test");
		assertThat(scans.get(clerk, ids.get(0)).suggestedType()).isEqualTo("59284-0");
		assertThat(scans.get(clerk, ids.get(1)).suggestedType()).isEqualTo("42348-3");
		assertThat(refused.status()).isEqualTo(403);
	}
}

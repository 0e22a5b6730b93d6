package org.custodian.disclosure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The PDF a requester receives: a cover letter (who asked, for what, what is enclosed, the
 * conditions), the custodian of records' certification, then each record as a person reads it, in
 * date order; every page numbered "Page n of N" with the request and the patient, and, when
 * substance-use records are enclosed, the 42 CFR Part 2 redisclosure notice on every page.
 */
final class PdfPackage {

	/** What the cover letter and the footers say. */
	record Cover(String organization, long request, String requester, String requesterAddress, String patient,
			LocalDate date, List<String> conditions, boolean part2, String certifiedBy, List<String> invoice) {}

	static final String PART2_NOTICE = "Substance use disorder records: protected by 42 CFR Part 2. Redisclosure is"
			+ " prohibited except as that rule permits (notice under 42 CFR 2.32).";

	private static final float MARGIN = 56;
	private static final float SIZE = 10;
	private static final float LEADING = 14;
	private static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
	private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

	private PdfPackage() {}

	/** The document's bytes and its number of pages. */
	record Rendered(byte[] bytes, int pages) {}

	static Rendered render(Cover cover, List<ResourceLines.Rendered> records) {
		try (PDDocument doc = new PDDocument()) {
			Writer w = new Writer(doc);
			w.line(BOLD, 14, "Release of health information");
			w.blank();
			w.line(REGULAR, SIZE, cover.organization() + ", " + cover.date());
			w.line(REGULAR, SIZE, "To: " + cover.requester());
			if (!cover.requesterAddress().isBlank()) {
				w.line(REGULAR, SIZE, cover.requesterAddress());
			}
			w.line(REGULAR, SIZE, "Request " + cover.request() + ", records of " + cover.patient());
			w.blank();
			w.wrap(REGULAR, "Enclosed are " + records.size() + " records, released under the conditions below. They are"
					+ " confidential health information: keep them secure, use them only for the purpose of the request.");
			for (String c : cover.conditions()) {
				w.wrap(REGULAR, "- " + c);
			}
			w.blank();
			w.line(BOLD, SIZE, "Invoice");
			for (String line : cover.invoice()) {
				w.wrap(REGULAR, line);
			}
			w.newPage();
			w.line(BOLD, 12, "Certification of the custodian of records");
			w.blank();
			w.wrap(REGULAR, "I certify that the pages that follow are true and complete copies of the records of " + cover.patient()
					+ " described in request " + cover.request() + ", kept by " + cover.organization() + " in the regular course"
					+ " of its business and made at or near the time of the events they record by persons with knowledge of them.");
			w.blank();
			w.line(REGULAR, SIZE, cover.certifiedBy() + ", custodian of records, " + cover.date());
			w.blank();
			w.wrap(REGULAR, "Signed electronically: this document carries the certifying digital signature of the custodian of"
					+ " records of " + cover.organization() + ". Any change made to it after signing breaks the signature.");
			w.newPage();
			for (ResourceLines.Rendered r : records) {
				w.keep(2);
				w.line(BOLD, SIZE, r.heading() + (r.when() == null ? "" : "  (" + r.when() + ")"));
				for (String line : r.lines()) {
					w.wrap(REGULAR, line);
				}
				w.blank();
			}
			w.close();
			int pages = doc.getNumberOfPages();
			for (int i = 0; i < pages; i++) {
				footer(doc, doc.getPage(i), "Page " + (i + 1) + " of " + pages + "  -  Request " + cover.request() + "  -  "
						+ cover.patient(), cover.part2());
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			doc.save(out);
			return new Rendered(out.toByteArray(), pages);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void footer(PDDocument doc, PDPage page, String text, boolean part2) throws IOException {
		try (PDPageContentStream s = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true)) {
			s.beginText();
			s.setFont(REGULAR, 8);
			s.newLineAtOffset(MARGIN, 30);
			s.showText(printable(text));
			if (part2) {
				s.newLineAtOffset(0, -10);
				s.showText(printable(PART2_NOTICE));
			}
			s.endText();
		}
	}

	/** Only what the standard fonts can print (WinAnsi): anything else becomes '?'. */
	static String printable(String s) {
		StringBuilder b = new StringBuilder(s.length());
		for (char c : s.toCharArray()) {
			b.append(c >= 0x20 && c <= 0x7E || c >= 0xA0 && c <= 0xFF ? c : c == '\t' ? ' ' : '?');
		}
		return b.toString();
	}

	/** Lines down the page, a new page when one is full. */
	private static final class Writer {
		private final PDDocument doc;
		private PDPageContentStream stream;
		private float y;
		private final float width = PDRectangle.LETTER.getWidth() - 2 * MARGIN;

		Writer(PDDocument doc) throws IOException {
			this.doc = doc;
			newPage();
		}

		void newPage() throws IOException {
			if (stream != null) {
				stream.close();
			}
			PDPage page = new PDPage(PDRectangle.LETTER);
			doc.addPage(page);
			stream = new PDPageContentStream(doc, page);
			y = PDRectangle.LETTER.getHeight() - MARGIN;
		}

		/** Starts a new page unless {@code lines} more fit on this one. */
		void keep(int lines) throws IOException {
			if (y - lines * LEADING < MARGIN + 30) {
				newPage();
			}
		}

		void line(PDType1Font font, float size, String text) throws IOException {
			keep(1);
			stream.beginText();
			stream.setFont(font, size);
			stream.newLineAtOffset(MARGIN, y);
			stream.showText(printable(text));
			stream.endText();
			y -= size > SIZE ? size + 6 : LEADING;
		}

		void blank() {
			y -= LEADING / 2;
		}

		void wrap(PDType1Font font, String text) throws IOException {
			for (String line : lines(font, printable(text))) {
				line(font, SIZE, line);
			}
		}

		private List<String> lines(PDType1Font font, String text) throws IOException {
			List<String> out = new ArrayList<>();
			StringBuilder current = new StringBuilder();
			for (String word : text.split(" ")) {
				String next = current.isEmpty() ? word : current + " " + word;
				if (font.getStringWidth(next) / 1000 * SIZE > width && !current.isEmpty()) {
					out.add(current.toString());
					current = new StringBuilder(word);
				} else {
					current = new StringBuilder(next);
				}
			}
			if (!current.isEmpty() || out.isEmpty()) {
				out.add(current.toString());
			}
			return out;
		}

		void close() throws IOException {
			stream.close();
		}
	}
}

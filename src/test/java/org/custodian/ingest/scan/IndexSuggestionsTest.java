package org.custodian.ingest.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** What a clerk is told about a page before filing it: whose it is, what it is, and whether it is blank. */
class IndexSuggestionsTest {

	@Test
	void findsTheRecordNumberBirthDateNameAndTitleOnAPage() {
		IndexSuggestions.Found f = IndexSuggestions.find("""
				GOOD HEALTH HOSPITAL
				OPERATIVE REPORT
				Patient Name: Everyman, Adam     Med Rec #: 000-77-1234
				DOB: 3/14/1958      Date of surgery: 11/02/2026
				Procedure: laparoscopic cholecystectomy; see consultation of 10/30.
				""");

		assertThat(f.mrns()).containsExactly("000-77-1234");
		assertThat(f.births()).containsExactly(LocalDate.of(1958, 3, 14));
		assertThat(f.family()).isEqualTo("Everyman");
		assertThat(f.given()).isEqualTo("Adam");
		assertThat(f.type()[0]).as("the title, not a later mention of a consultation").isEqualTo("11504-8");
	}

	@Test
	void aNameGivenFirstAndAWrittenOutBirthDateAreReadTooAndAWordIsNoRecordNumber() {
		IndexSuggestions.Found f = IndexSuggestions.find("Name: Jane Roe\nBorn: March 4, 1990\nMRN: pending\nProgress note");

		assertThat(f.family()).isEqualTo("Roe");
		assertThat(f.given()).isEqualTo("Jane");
		assertThat(f.births()).containsExactly(LocalDate.of(1990, 3, 4));
		assertThat(f.mrns()).as("a record number has digits").isEmpty();
		assertThat(f.type()[0]).isEqualTo("11506-3");
	}

	@Test
	void anImpossibleOrFutureBirthDateIsNone() {
		assertThat(IndexSuggestions.date("2/30/1980")).isNull();
		assertThat(IndexSuggestions.date("1/1/2999")).isNull();
		assertThat(IndexSuggestions.date("1980-01-02")).isEqualTo(LocalDate.of(1980, 1, 2));
	}

	@Test
	void aWhitePageWithSpecksIsBlankAndATypedOneIsNot() {
		BufferedImage page = new BufferedImage(850, 1100, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = page.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, 850, 1100);
		g.setColor(Color.BLACK);
		g.fillRect(40, 500, 6, 6); // a punched hole's shadow
		assertThat(ScannedPages.darkShare(page)).isLessThan(ScannedPages.BLANK);
		g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 28));
		for (int i = 0; i < 20; i++) {
			g.drawString("Discharge summary line " + i + " with enough words to count", 60, 100 + i * 45);
		}
		g.dispose();
		assertThat(ScannedPages.darkShare(page)).isGreaterThan(ScannedPages.BLANK);
		BufferedImage turned = ScannedPages.rotate(page, 90);
		assertThat(turned.getWidth()).isEqualTo(1100);
		assertThat(turned.getHeight()).isEqualTo(850);
	}
}

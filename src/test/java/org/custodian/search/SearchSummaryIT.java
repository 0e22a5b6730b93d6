package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** {@code _summary} and {@code _elements} shape the matches of a search, and say so. */
class SearchSummaryIT extends SearchServerTest {

	@Test
	void elementsKeepsOnlyTheNamedElementsAndMarksTheResultSubsetted() {
		String family = "Elements" + unique();
		create(Fixtures.patient(family, "E"));

		Patient p = (Patient) fhir.get("Patient?family=" + family + "&_elements=name").as(Bundle.class)
				.getEntryFirstRep().getResource();

		assertThat(p.getNameFirstRep().getFamily()).isEqualTo(family);
		assertThat(p.hasIdentifier()).isFalse();
		assertThat(p.hasGender()).isFalse();
		assertThat(p.getMeta().getTag()).anyMatch(t -> "SUBSETTED".equals(t.getCode()));
	}

	@Test
	void summaryTrueKeepsTheSummaryElementsOnly() {
		String family = "Summary" + unique();
		Patient withText = Fixtures.patient(family, "S");
		withText.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED)
				.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">S</div>");
		create(withText);

		Patient p = (Patient) fhir.get("Patient?family=" + family + "&_summary=true").as(Bundle.class)
				.getEntryFirstRep().getResource();
		Patient noText = (Patient) fhir.get("Patient?family=" + family + "&_summary=data").as(Bundle.class)
				.getEntryFirstRep().getResource();

		assertThat(p.hasIdentifier()).isTrue();
		assertThat(p.hasText()).isFalse();
		assertThat(noText.hasText()).isFalse();
		assertThat(noText.hasGender()).isTrue();
	}
}

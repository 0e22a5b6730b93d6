package org.custodian.search.battery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The explained differences and the recorded battery stay consistent with each other. */
class KnownDifferencesTest {

	private final List<Expectation> battery = ExpectationFile.committed();

	@Test
	void everyExplanationCitesTheR4SearchSpecification() {
		for (KnownDifferences.Entry e : KnownDifferences.all()) {
			assertThat(e.spec()).as(e.id()).contains("https://hl7.org/fhir/R4/search.html#");
			assertThat(e.why()).as(e.id()).isNotBlank();
		}
	}

	@Test
	void everyExpectationTakenFromCustodianNamesTheExplanationThatCoversIt() {
		for (Expectation e : battery) {
			if (e.source().equals("custodian")) {
				assertThat(KnownDifferences.find(e.query())).as(e.query().template()).isPresent()
						.get().extracting(KnownDifferences.Entry::id).isEqualTo(e.note());
			} else {
				assertThat(e.source()).as(e.query().template()).isEqualTo("hapi");
			}
		}
	}

	@Test
	void everyExplanationStillExplainsARecordedDifference() {
		Set<String> used = new HashSet<>();
		battery.forEach(e -> used.add(e.note()));
		for (KnownDifferences.Entry e : KnownDifferences.all()) {
			assertThat(used).as("queries recorded because of " + e.id()).contains(e.id());
		}
	}
}

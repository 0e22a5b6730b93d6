package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

/** Paging through next links: every match exactly once, whatever is written meanwhile. */
class SearchPagingIT extends SearchServerTest {

	@Test
	void pagesThroughNextLinksSeeEachMatchOnceWhileResourcesAreCreatedAndDeleted() {
		String patient = create(Fixtures.patient("Paging" + unique(), "P"));
		List<String> original = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			original.add(create(Fixtures.heartRate("Patient/" + patient)));
		}

		Bundle page = fhir.get("Observation?subject=Patient/" + patient + "&_count=10").as(Bundle.class);
		assertThat(page.getTotal()).isEqualTo(25);
		assertThat(page.getLink("next").getUrl()).contains("_getpages=");
		List<String> seen = new ArrayList<>(matches(page));

		// Meanwhile: five new matches, and one match that was not served yet deleted. Offset paging
		// over live data would now skip one match (everything after the deletion moves up a place).
		for (int i = 0; i < 5; i++) {
			create(Fixtures.heartRate("Patient/" + patient));
		}
		String deleted = original.stream().filter(id -> !seen.contains(id)).findFirst().orElseThrow();
		assertThat(fhir.delete("Observation/" + deleted).status()).isEqualTo(200);
		while (page.getLink("next") != null) {
			page = next(page);
			seen.addAll(matches(page));
		}

		original.remove(deleted);
		assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(original);
		Bundle again = fhir.get("Observation?subject=Patient/" + patient + "&_count=10").as(Bundle.class);
		assertThat(again.getTotal()).isEqualTo(29);
	}

	@Test
	void laterPagesKeepTheSortAndTheIncludes() {
		String family = "Sorted" + unique();
		List<String> patients = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			patients.add(create(Fixtures.patient(family, "Given" + (char) ('a' + i))));
		}
		List<String> observations = new ArrayList<>();
		for (String p : patients) {
			observations.add(create(Fixtures.heartRate("Patient/" + p)));
		}

		Bundle page = fhir.get("Patient?family=" + family + "&_sort=-given&_count=2&_revinclude=Observation:subject")
				.as(Bundle.class);
		List<String> order = new ArrayList<>(matches(page));
		List<String> included = new ArrayList<>(included(page));
		while (page.getLink("next") != null) {
			page = next(page);
			order.addAll(matches(page));
			included.addAll(included(page));
		}

		List<String> descending = new ArrayList<>(patients);
		Collections.reverse(descending);
		assertThat(order).containsExactlyElementsOf(descending);
		assertThat(included).containsExactlyInAnyOrderElementsOf(observations);
	}

	@Test
	void everythingPagesAreSearchsetBundlesOverTheMembersAtTheFirstPage() {
		String patient = create(Fixtures.patient("Everything" + unique(), "E"));
		List<String> members = new ArrayList<>(List.of(patient));
		for (int i = 0; i < 5; i++) {
			members.add(create(Fixtures.heartRate("Patient/" + patient)));
		}

		Bundle page = fhir.get("Patient/" + patient + "/$everything?_count=2").as(Bundle.class);
		assertThat(page.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
		assertThat(page.getTotal()).isEqualTo(6);
		List<String> seen = new ArrayList<>(matches(page));
		create(Fixtures.heartRate("Patient/" + patient));
		while (page.getLink("next") != null) {
			page = next(page);
			assertThat(page.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
			seen.addAll(matches(page));
		}

		assertThat(seen.get(0)).isEqualTo(patient);
		assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(members);
	}

	@Test
	void aNextLinkToAnUnknownOrExpiredResultIsGone() {
		Response gone = fhir.get("?_getpages=00000000-0000-0000-0000-000000000000&_getpagesoffset=20&_count=20");
		assertThat(gone.status()).isEqualTo(410);
		assertThat(fhir.get("?_getpages=not-a-snapshot&_getpagesoffset=20&_count=20").status()).isEqualTo(410);
	}

	@Test
	void anExplicitOffsetPagesOverTheLiveDataWithoutASnapshot() {
		String patient = create(Fixtures.patient("Offset" + unique(), "O"));
		for (int i = 0; i < 3; i++) {
			create(Fixtures.heartRate("Patient/" + patient));
		}
		Integer before = jdbc.queryForObject("select count(*) from result_snapshot", Integer.class);

		Bundle second = fhir.get("Observation?subject=Patient/" + patient + "&_count=2&_offset=2").as(Bundle.class);

		assertThat(matches(second)).hasSize(1);
		assertThat(jdbc.queryForObject("select count(*) from result_snapshot", Integer.class)).isEqualTo(before);
	}

	@Test
	void aSinglePageResultStoresNoSnapshotAndCarriesItsTotal() {
		String patient = create(Fixtures.patient("Single" + unique(), "S"));
		create(Fixtures.heartRate("Patient/" + patient));
		Integer before = jdbc.queryForObject("select count(*) from result_snapshot", Integer.class);

		Bundle only = fhir.get("Observation?subject=Patient/" + patient).as(Bundle.class);

		assertThat(only.getTotal()).isEqualTo(1);
		assertThat(only.getLink("next")).isNull();
		assertThat(jdbc.queryForObject("select count(*) from result_snapshot", Integer.class)).isEqualTo(before);
	}

	private Bundle next(Bundle page) {
		String next = page.getLink("next").getUrl();
		Response response = fhir.get(next.substring(next.indexOf("/fhir") + 5));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.as(Bundle.class);
	}

	private static List<String> matches(Bundle bundle) {
		return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
				.map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}

	private static List<String> included(Bundle bundle) {
		return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE)
				.map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}
}

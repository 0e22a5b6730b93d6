package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The special search parameters: {@code _list}, {@code _text}, {@code _content}, {@code near}, {@code _query}. */
class SpecialParametersIT extends SearchServerTest {

	@Test
	void listFindsTheItemsOfAList() {
		String family = "Listed" + unique();
		String a = create(Fixtures.patient(family, "A"));
		String b = create(Fixtures.patient(family, "B"));
		create(Fixtures.patient(family, "C"));
		ListResource list = new ListResource();
		list.setStatus(ListResource.ListStatus.CURRENT).setMode(ListResource.ListMode.WORKING);
		list.addEntry().setItem(new Reference("Patient/" + a));
		list.addEntry().setItem(new Reference("Patient/" + b));
		String listId = create(list);

		assertThat(ids("Patient?family=" + family + "&_list=" + listId)).containsExactlyInAnyOrder(a, b);
		assertThat(ids("Patient?_list=" + listId)).containsExactlyInAnyOrder(a, b);
		assertThat(ids("Observation?_list=" + listId)).isEmpty();
		assertRefused("Patient?_list=$current-problems", "CUS-1010");
	}

	@Test
	void textSearchesTheNarrativeAndContentSearchesEverything() {
		String word = "zq" + unique();
		Location ward = new Location();
		ward.setName("Ward " + word + " east");
		ward.getText().setStatus(Narrative.NarrativeStatus.GENERATED).setDivAsString(
				"<div xmlns=\"http://www.w3.org/1999/xhtml\">Patients recovering from <b>fractures</b></div>");
		String id = create(ward);

		assertThat(ids("Location?_text=fracture")).contains(id);
		assertThat(ids("Location?_text=" + word)).as("the name is not in the narrative").isEmpty();
		assertThat(ids("Location?_content=" + word)).containsExactly(id);
		assertThat(ids("Location?_content=" + enc("\"" + word + " east\""))).containsExactly(id);
		assertThat(ids("Location?_content=" + enc(word + " -east"))).isEmpty();
		assertThat(ids("Location?_content=" + enc("nothing" + unique()) + "," + word)).containsExactly(id);

		DocumentReference note = new DocumentReference();
		note.setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT);
		note.setDescription("Discharge summary: " + word + " pneumonia resolved");
		note.addContent().getAttachment().setContentType("text/plain").setTitle("summary");
		String noteId = create(note);
		assertThat(ids("DocumentReference?_content=" + enc(word + " pneumonias"))).containsExactly(noteId);
	}

	@Test
	void nearFindsLocationsWithinTheDistance() {
		String tag = "near" + unique();
		// Ann Arbor is about 57 km (35.6 miles) from Detroit.
		String annArbor = create(located(tag, 42.2808, -83.7430));
		String detroit = create(located(tag, 42.3314, -83.0458));
		String sydney = create(located(tag, -33.8688, 151.2093));

		assertThat(ids("Location?name=" + tag + "&near=" + enc("42.2808|-83.7430|10|km"))).containsExactly(annArbor);
		assertThat(ids("Location?name=" + tag + "&near=" + enc("42.2808|-83.7430|60|km")))
				.containsExactlyInAnyOrder(annArbor, detroit);
		assertThat(ids("Location?name=" + tag + "&near=" + enc("42.2808|-83.7430|30|[mi_i]"))).containsExactly(annArbor);
		assertThat(ids("Location?name=" + tag + "&near=" + enc("42.2808|-83.7430|40|[mi_i]")))
				.containsExactlyInAnyOrder(annArbor, detroit);
		assertThat(ids("Location?name=" + tag + "&near=" + enc("-33.87|151.21"))).containsExactly(sydney);
		assertRefused("Location?near=" + enc("91|0|1|km"), "CUS-1010");
		assertRefused("Location?near=" + enc("42|-83|1|furlong"), "CUS-1010");
	}

	@Test
	void namedQueriesAreRefusedUnderStrictHandling() {
		assertThat(fhir.get("Patient?_query=everyone", "Prefer", "handling=strict").status()).isEqualTo(400);
	}

	private static Location located(String name, double latitude, double longitude) {
		Location l = new Location();
		l.setName(name);
		l.getPosition().setLatitude(latitude).setLongitude(longitude);
		return l;
	}
}

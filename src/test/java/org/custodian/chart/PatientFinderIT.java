package org.custodian.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.custodian.access.Role;
import org.custodian.support.CustodianException;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class PatientFinderIT extends ChartTest {

	@Autowired
	PatientFinder finder;

	/** A family name no other test uses, so results are this test's own. */
	private final String family = "Zqx" + unique().toLowerCase();

	private String patient(String family, String given, String born, String mrn) {
		Patient p = Fixtures.patient(family, given);
		p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(born));
		p.addIdentifier().setValue(mrn).setType(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number")));
		p.addAddress().setCity("Springfield").setState("IL");
		return create(p);
	}

	private List<String> names(PatientFinder.Found found) {
		return found.matches().stream().map(PatientFinder.Match::name).toList();
	}

	@Test
	void findsAPatientDespiteATypingMistakeInTheFamilyName() {
		String id = patient(family + "son", "Katherine", "1961-04-12", "M" + unique());
		String user = "him-" + unique();

		PatientFinder.Found found = finder.find(reader(user, Role.HIM, "HOPERAT", null),
				new PatientFinder.Query("Katherine " + family + "sno", null, ""));

		assertThat(found.matches()).extracting(PatientFinder.Match::id).contains(id);
		assertThat(found.matches().get(0).id()).isEqualTo(id);
		assertThat(found.matches().get(0).mrn()).startsWith("M");
		assertThat(found.matches().get(0).place()).isEqualTo("Springfield, IL");
	}

	@Test
	void showsThePlaceWhenTheAddressHasATownButNoState() {
		Patient p = Fixtures.patient("Town" + family, "Tess");
		p.addAddress().setCity("Shelbyville");
		String id = create(p);

		PatientFinder.Found found = finder.find(reader("him-" + unique(), Role.HIM, "HOPERAT", null),
				new PatientFinder.Query("Tess Town" + family, null, ""));

		assertThat(found.matches()).filteredOn(m -> m.id().equals(id)).singleElement()
				.satisfies(m -> assertThat(m.place()).isEqualTo("Shelbyville"));
	}

	@Test
	void findsSpellingVariantsBySound() {
		String smith = patient("Smith" + family, "Catherine", "1950-01-01", "M" + unique());

		// "Kathryn" and "Catherine" differ from the first letter on; their sounds agree.
		PatientFinder.Found found = finder.find(reader("him-" + unique(), Role.HIM, "HOPERAT", null),
				new PatientFinder.Query("Kathryn Smith" + family, null, ""));

		assertThat(found.matches()).extracting(PatientFinder.Match::id).contains(smith);
	}

	@Test
	void findsByBirthDateWithDayAndMonthSwapped() {
		String id = patient(family, "Ann", "1980-03-07", "M" + unique());

		PatientFinder.Found found = finder.find(reader("him-" + unique(), Role.HIM, "HOPERAT", null),
				new PatientFinder.Query(family, LocalDate.of(1980, 7, 3), ""));

		assertThat(found.matches()).extracting(PatientFinder.Match::id).containsExactly(id);
	}

	@Test
	void findsByMedicalRecordNumberAndRanksTheExactBirthDateFirst() {
		String mrn = "M" + unique();
		String id = patient(family, "Bea", "1990-05-20", mrn);
		patient(family, "Bea", "1990-05-21", "M" + unique());

		assertThat(finder.find(reader("him-" + unique(), Role.HIM, "HOPERAT", null), new PatientFinder.Query("", null, mrn))
				.matches()).extracting(PatientFinder.Match::id).containsExactly(id);
		PatientFinder.Found both = finder.find(reader("him-" + unique(), Role.HIM, "HOPERAT", null),
				new PatientFinder.Query("Bea " + family, LocalDate.of(1990, 5, 20), ""));
		assertThat(both.matches().get(0).id()).isEqualTo(id);
	}

	@Test
	void recordsEachSearchAndThePatientsShownInTheTrail() {
		String id = patient(family, "Cy", "1970-01-01", "M" + unique());
		String user = "him-" + unique();

		finder.find(reader(user, Role.HIM, "HOPERAT", null), new PatientFinder.Query("Cy " + family, null, ""));

		List<Map<String, Object>> trail = trailOf(user);
		assertThat(trail).hasSize(1);
		assertThat(trail.get(0)).containsEntry("category", "screen").containsEntry("subtype", "patient-search")
				.containsEntry("outcome", 0);
		// The best match first; names that sound alike may follow it.
		assertThat((String) trail.get(0).get("patients")).startsWith("Patient/" + id);
		assertThat((String) trail.get(0).get("query")).contains("name=Cy " + family);
	}

	@Test
	void refusesAnEmptySearch() {
		assertThatThrownBy(() -> finder.find(reader("him-" + unique(), Role.HIM, "HOPERAT", null),
				new PatientFinder.Query(" ", null, ""))).isInstanceOf(CustodianException.Invalid.class)
				.hasMessageContaining("name, a birth date or an identifier");
	}

	@Test
	void anAdministratorFindsNoPatientsAndTheRefusalIsRecorded() {
		patient(family, "Dee", "1970-01-01", "M" + unique());
		String user = "admin-" + unique();

		assertThatThrownBy(() -> finder.find(reader(user, Role.ADMINISTRATOR, "HOPERAT", null),
				new PatientFinder.Query(family, null, ""))).isInstanceOf(CustodianException.Forbidden.class);

		assertThat(trailOf(user)).last().satisfies(r -> {
			assertThat(r).containsEntry("subtype", "patient-search").containsEntry("outcome", 4);
			assertThat((String) r.get("detail")).startsWith("403 CUS-");
		});
	}
}

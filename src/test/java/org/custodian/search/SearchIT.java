package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** FHIR search over HTTP, one behaviour per test, each with its own unique values. */
class SearchIT extends ServerTest {

	@Test
	void findsPatientsByFamilyNamePrefixIgnoringCaseAndAccents() {
		String family = "Zoë" + unique();
		String ana = create(Fixtures.patient(family, "Ana"));
		create(Fixtures.patient("Other" + unique(), "Bo"));

		assertThat(ids("Patient?family=" + family.toLowerCase().replace("ë", "e").substring(0, 6))).contains(ana);
		assertThat(ids("Patient?family:exact=" + family)).containsExactly(ana);
		assertThat(ids("Patient?family:exact=" + family.toLowerCase())).isEmpty();
		assertThat(ids("Patient?name:contains=" + family.substring(3))).containsExactly(ana);
	}

	@Test
	void findsByIdentifierInEveryTokenForm() {
		Patient p = Fixtures.patient("Token" + unique(), "T");
		String mrn = p.getIdentifierFirstRep().getValue();
		String id = create(p);

		assertThat(ids("Patient?identifier=" + Fixtures.MRN_SYSTEM + "|" + mrn)).containsExactly(id);
		assertThat(ids("Patient?identifier=" + mrn)).containsExactly(id);
		assertThat(ids("Patient?identifier=|" + mrn)).isEmpty();
		assertThat(ids("Patient?identifier=" + Fixtures.MRN_SYSTEM + "|&family=" + p.getNameFirstRep().getFamily()))
				.containsExactly(id);
		assertThat(ids("Patient?identifier=http://other.org|" + mrn)).isEmpty();
	}

	@Test
	void combinesOrWithCommasAndAndWithRepeatedParameters() {
		String family = "Combo" + unique();
		String a = create(Fixtures.patient(family, "Alpha"));
		String b = create(Fixtures.patient(family, "Beta"));
		create(Fixtures.patient(family, "Gamma"));

		assertThat(ids("Patient?family=" + family + "&given=Alpha,Beta")).containsExactlyInAnyOrder(a, b);
		assertThat(ids("Patient?family=" + family + "&given=Alpha&given=Beta")).isEmpty();
	}

	@Test
	void matchesDatesAtThePrecisionGivenWithPrefixes() {
		String patient = create(Fixtures.patient("Dates" + unique(), "D"));
		String early = create(observation(patient, "2020-03-15T10:00:00Z"));
		String late = create(observation(patient, "2021-07-01T08:30:00Z"));
		String base = "Observation?subject=Patient/" + patient + "&date=";

		assertThat(ids(base + "2020")).containsExactly(early);
		assertThat(ids(base + "2020-03")).containsExactly(early);
		assertThat(ids(base + "2020-03-16")).isEmpty();
		assertThat(ids(base + "gt2020-12-31")).containsExactly(late);
		assertThat(ids(base + "lt2021")).containsExactly(early);
		assertThat(ids(base + "ge2020-03-15")).containsExactlyInAnyOrder(early, late);
		assertThat(ids(base + "le2020-03-15T10:00:00Z")).containsExactly(early);
		assertThat(ids(base + "ne2020")).containsExactly(late);
		assertThat(ids(base + "sa2020-06")).containsExactly(late);
		assertThat(ids(base + "eb2020-06")).containsExactly(early);
	}

	@Test
	void matchesQuantitiesWithUnitsAndPrefixes() {
		String patient = create(Fixtures.patient("Qty" + unique(), "Q"));
		String obs = create(Fixtures.heartRate("Patient/" + patient));
		String base = "Observation?subject=Patient/" + patient + "&value-quantity=";

		assertThat(ids(base + "72")).containsExactly(obs);
		assertThat(ids(base + "72|http://unitsofmeasure.org|/min")).containsExactly(obs);
		assertThat(ids(base + "72||/min")).containsExactly(obs);
		assertThat(ids(base + "72|http://unitsofmeasure.org|mg")).isEmpty();
		assertThat(ids(base + "gt70")).containsExactly(obs);
		assertThat(ids(base + "lt70")).isEmpty();
		assertThat(ids(base + "ap75")).containsExactly(obs);
	}

	@Test
	void findsByReferenceInItsDifferentForms() {
		String patient = create(Fixtures.patient("Ref" + unique(), "R"));
		String obs = create(Fixtures.heartRate("Patient/" + patient));

		assertThat(ids("Observation?subject=Patient/" + patient)).containsExactly(obs);
		assertThat(ids("Observation?subject=" + patient)).containsExactly(obs);
		assertThat(ids("Observation?subject:Patient=" + patient)).containsExactly(obs);
		assertThat(ids("Observation?patient=" + patient)).containsExactly(obs);
		assertThat(ids("Observation?subject:Group=" + patient)).isEmpty();
	}

	@Test
	void tokenNotAndMissingModifiers() {
		String patient = create(Fixtures.patient("Mod" + unique(), "M"));
		String heart = create(Fixtures.heartRate("Patient/" + patient));
		Observation noValue = Fixtures.heartRate("Patient/" + patient);
		noValue.setValue(null).getCode().getCodingFirstRep().setCode("9279-1");
		String resp = create(noValue);
		String base = "Observation?subject=Patient/" + patient;

		assertThat(ids(base + "&code:not=http://loinc.org|8867-4")).containsExactly(resp);
		assertThat(ids(base + "&value-quantity:missing=true")).containsExactly(resp);
		assertThat(ids(base + "&value-quantity:missing=false")).containsExactly(heart);
	}

	@Test
	void searchesByIdAndLastUpdated() {
		String id = create(Fixtures.patient("Meta" + unique(), "M"));

		assertThat(ids("Patient?_id=" + id)).containsExactly(id);
		assertThat(ids("Patient?_id=" + id + "&_lastUpdated=gt2000-01-01")).containsExactly(id);
		assertThat(ids("Patient?_id=" + id + "&_lastUpdated=lt2000-01-01")).isEmpty();
	}

	@Test
	void sortsAscendingAndDescendingOnSeveralKeys() {
		String family = "Sort" + unique();
		String c = create(Fixtures.patient(family, "Cyd"));
		String a = create(Fixtures.patient(family, "Abe"));
		String b = create(Fixtures.patient(family, "Bea"));

		assertThat(ids("Patient?family=" + family + "&_sort=given")).containsExactly(a, b, c);
		assertThat(ids("Patient?family=" + family + "&_sort=-given")).containsExactly(c, b, a);
		assertThat(ids("Patient?family=" + family + "&_sort=family,-_id")).hasSize(3);
	}

	@Test
	void pagesThroughResultsWithNextLinksAndReportsTotals() {
		String family = "Page" + unique();
		for (int i = 0; i < 5; i++) {
			create(Fixtures.patient(family, "P" + i));
		}

		Bundle first = fhir.get("Patient?family=" + family + "&_count=2&_total=accurate").as(Bundle.class);
		assertThat(first.getTotal()).isEqualTo(5);
		assertThat(first.getEntry()).hasSize(2);
		List<String> seen = new java.util.ArrayList<>(ids(first));
		Bundle page = first;
		while (page.getLink("next") != null) {
			String next = page.getLink("next").getUrl();
			page = fhir.get(next.substring(next.indexOf("/fhir") + 5)).as(Bundle.class);
			seen.addAll(ids(page));
		}
		assertThat(seen).hasSize(5).doesNotHaveDuplicates();
	}

	@Test
	void searchesWithinAPatientCompartment() {
		String patient = create(Fixtures.patient("Compartment" + unique(), "C"));
		String other = create(Fixtures.patient("Outside" + unique(), "O"));
		String mine = create(Fixtures.heartRate("Patient/" + patient));
		create(Fixtures.heartRate("Patient/" + other));

		assertThat(ids("Patient/" + patient + "/Observation")).containsExactly(mine);
		assertThat(ids("Patient/" + patient + "/Observation?code=8867-4")).containsExactly(mine);
		assertThat(ids("Patient/" + patient + "/Observation?code=0000-0")).isEmpty();
		assertThat(fhir.get("Patient/" + patient + "/Organization").status()).isEqualTo(400);
	}

	@Test
	void summaryCountReturnsTheTotalWithoutEntries() {
		String family = "Counted" + unique();
		for (int i = 0; i < 3; i++) {
			create(Fixtures.patient(family, "C" + i));
		}

		Bundle counted = fhir.get("Patient?family=" + family + "&_summary=count").as(Bundle.class);

		assertThat(counted.getTotal()).isEqualTo(3);
		assertThat(counted.getEntry()).isEmpty();
	}

	@Test
	void strictHandlingRefusesAnUnknownParameterNamingIt() {
		Response r = fhir.get("Patient?shoe-size=42", "Prefer", "handling=strict");

		assertThat(r.status()).isEqualTo(400);
		assertThat(r.errorCode()).isEqualTo("CUS-1009");
		assertThat(r.outcome().getIssueFirstRep().getDiagnostics()).contains("shoe-size");
	}

	@Test
	void lenientHandlingIgnoresAnUnknownParameterAndReportsItInTheBundle() {
		String family = "Lenient" + unique();
		String id = create(Fixtures.patient(family, "L"));

		Bundle bundle = fhir.get("Patient?family=" + family + "&shoe-size=42").as(Bundle.class);

		assertThat(ids(bundle)).containsExactly(id);
		OperationOutcome outcome = bundle.getEntry().stream().map(e -> e.getResource())
				.filter(OperationOutcome.class::isInstance).map(OperationOutcome.class::cast).findFirst().orElseThrow();
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("shoe-size");
	}

	@Test
	void malformedValuesGet400NotAServerError() {
		assertThat(fhir.get("Observation?date=notadate").status()).isEqualTo(400);
		assertThat(fhir.get("Observation?value-quantity=abc").status()).isEqualTo(400);
		assertThat(fhir.get("Patient?_count=-1").status()).isEqualTo(400);
		assertThat(fhir.get("Patient?family:missing=maybe").status()).isEqualTo(400);
	}

	@Test
	void searchesByPostToSearch() {
		String family = "Post" + unique();
		String id = create(Fixtures.patient(family, "P"));

		Response r = fhir.post("Patient/_search", "family=" + family, "Content-Type", "application/x-www-form-urlencoded");

		assertThat(r.status()).isEqualTo(200);
		assertThat(ids(r.as(Bundle.class))).containsExactly(id);
	}

	@Test
	void deletedResourcesAreNotFound() {
		String family = "Deleted" + unique();
		String id = create(Fixtures.patient(family, "X"));
		fhir.delete("Patient/" + id);

		assertThat(ids("Patient?family=" + family)).isEmpty();
	}

	@Test
	void followsChainsOverOneAndTwoLevels() {
		String family = "Chain" + unique();
		String patient = create(Fixtures.patient(family, "C"));
		String other = create(Fixtures.patient("Else" + unique(), "E"));
		String obs = create(Fixtures.heartRate("Patient/" + patient));
		create(Fixtures.heartRate("Patient/" + other));
		org.hl7.fhir.r4.model.DiagnosticReport report = new org.hl7.fhir.r4.model.DiagnosticReport();
		report.setStatus(org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus.FINAL);
		report.getCode().setText("panel");
		report.addResult(new org.hl7.fhir.r4.model.Reference("Observation/" + obs));
		String diag = create(report);

		assertThat(ids("Observation?subject.family=" + family)).containsExactly(obs);
		assertThat(ids("Observation?subject:Patient.family=" + family)).containsExactly(obs);
		assertThat(ids("DiagnosticReport?result.subject:Patient.family=" + family)).containsExactly(diag);
		assertThat(ids("Observation?subject.family=Nobody" + unique())).isEmpty();
	}

	@Test
	void reverseChainsFindResourcesThatOthersReferTo() {
		String family = "Has" + unique();
		String withObs = create(Fixtures.patient(family, "With"));
		create(Fixtures.patient(family, "Without"));
		create(Fixtures.heartRate("Patient/" + withObs));

		assertThat(ids("Patient?family=" + family + "&_has:Observation:subject:code=8867-4")).containsExactly(withObs);
		assertThat(ids("Patient?family=" + family + "&_has:Observation:subject:code=0000-0")).isEmpty();
	}

	@Test
	void includesReferencedAndReferringResources() {
		String patient = create(Fixtures.patient("Incl" + unique(), "I"));
		String obs = create(Fixtures.heartRate("Patient/" + patient));

		Bundle forward = fhir.get("Observation?_id=" + obs + "&_include=Observation:subject").as(Bundle.class);
		Bundle reverse = fhir.get("Patient?_id=" + patient + "&_revinclude=Observation:subject").as(Bundle.class);

		assertThat(forward.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.containsExactly(obs, patient);
		assertThat(forward.getEntry().get(1).getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.INCLUDE);
		assertThat(reverse.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.containsExactly(patient, obs);
	}

	@Test
	void everythingReturnsThePatientItsCompartmentAndWhatThatRefersTo() {
		org.hl7.fhir.r4.model.Organization org = new org.hl7.fhir.r4.model.Organization().setName("Clinic " + unique());
		String orgId = create(org);
		Patient p = Fixtures.patient("Every" + unique(), "E");
		p.setManagingOrganization(new org.hl7.fhir.r4.model.Reference("Organization/" + orgId));
		String patient = create(p);
		String o1 = create(Fixtures.heartRate("Patient/" + patient));
		String o2 = create(Fixtures.heartRate("Patient/" + patient));
		String o3 = create(Fixtures.heartRate("Patient/" + patient));
		create(Fixtures.heartRate("Patient/" + create(Fixtures.patient("Stranger" + unique(), "S"))));

		Bundle first = fhir.get("Patient/" + patient + "/$everything?_count=2").as(Bundle.class);
		List<String> all = new java.util.ArrayList<>(ids(first));
		Bundle page = first;
		while (page.getLink("next") != null) {
			String next = page.getLink("next").getUrl();
			page = fhir.get(next.substring(next.indexOf("/fhir") + 5)).as(Bundle.class);
			all.addAll(ids(page));
		}

		assertThat(first.getTotal()).isEqualTo(5);
		assertThat(all.get(0)).isEqualTo(patient);
		assertThat(all).containsExactlyInAnyOrder(patient, orgId, o1, o2, o3);
		assertThat(ids(fhir.get("Patient/" + patient + "/$everything?_type=Observation").as(Bundle.class)))
				.containsExactlyInAnyOrder(o1, o2, o3);
		assertThat(fhir.get("Patient/nobody-" + unique() + "/$everything").status()).isEqualTo(404);
	}

	private static Observation observation(String patient, String effective) {
		Observation o = Fixtures.heartRate("Patient/" + patient);
		o.setEffective(new DateTimeType(effective));
		return o;
	}

	private List<String> ids(String query) {
		Response r = fhir.get(query);
		assertThat(r.status()).as(query + " -> " + r.body()).isEqualTo(200);
		return ids(r.as(Bundle.class));
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream().map(e -> e.getResource())
				.filter(r -> !(r instanceof OperationOutcome)).map(Resource::getIdElement).map(IdType::getIdPart).toList();
	}

	private String create(Resource r) {
		Response created = fhir.post(r.fhirType(), r);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new IdType(created.header("Location")).getIdPart();
	}

	private static String unique() {
		return Long.toString(System.nanoTime(), 36);
	}
}

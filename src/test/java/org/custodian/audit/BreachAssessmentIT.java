package org.custodian.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** An incident assessed by the four factors, its determination, and the notifications it owes by when. */
class BreachAssessmentIT extends ServerTest {

	@Test
	void aBreachOfFewerThanFiveHundredOwesIndividualsIn60DaysAndTheSecretaryAfterTheYear() {
		LocalDate discovered = LocalDate.of(2026, 3, 10);
		String id = open(discovered, 3);
		String text = fhir.post("$breach-assessment", assessment(id, "high", "breach")).body();
		assertThat(text).contains("\"2026-05-09\"").contains("individuals").contains("\"2027-03-01\"").contains("secretary")
				.doesNotContain("media").contains("overdue");
		Parameters sent = new Parameters();
		sent.addParameter().setName("incident").setValue(new StringType(id));
		sent.addParameter().setName("recipient").setValue(new CodeType("individuals"));
		sent.addParameter().setName("sent").setValue(new DateType("2026-04-01"));
		assertThat(fhir.post("$breach-notification", sent).status()).isEqualTo(200);
		assertThat(fhir.get("$breach-incidents").body()).contains("\"sent\"");
	}

	@Test
	void fiveHundredOrMoreAlsoOweTheSecretaryAndTheMediaIn60Days() {
		String id = open(LocalDate.now().minusDays(5), 500);
		String text = fhir.post("$breach-assessment", assessment(id, "high", "breach")).body();
		String due = LocalDate.now().minusDays(5).plusDays(60).toString();
		assertThat(text).contains("media").contains("secretary").contains("\"" + due + "\"").doesNotContain("overdue");
	}

	@Test
	void onlyALowProbabilityOfCompromiseIsNotABreachAndOnlyThePrivacyOfficerAssesses() {
		String id = open(LocalDate.now().minusDays(1), 1);
		Response refused = fhir.post("$breach-assessment", assessment(id, "medium", "not-a-breach"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(fhir.post("$breach-assessment", assessment(id, "low", "not-a-breach")).body()).doesNotContain("notification");
		Response clerk = fhir.as(token("breach-clerk", Set.of(Role.HIM), List.of("user/*.rs"), null)).get("$breach-incidents");
		assertThat(clerk.status()).isEqualTo(403);
	}

	private String open(LocalDate discovered, int patients) {
		Parameters p = new Parameters();
		p.addParameter().setName("discovered").setValue(new DateType(discovered.toString()));
		p.addParameter().setName("description").setValue(new StringType("Misdirected discharge summaries"));
		for (int i = 0; i < patients; i++) {
			p.addParameter().setName("patient").setValue(new Reference("Patient/affected-" + i));
		}
		Response r = fhir.post("$breach-incident", p);
		assertThat(r.status()).as(r.body()).isEqualTo(200);
		return r.as(Parameters.class).getParameterFirstRep().getValue().primitiveValue();
	}

	private static Parameters assessment(String id, String risk, String determination) {
		Parameters p = new Parameters();
		p.addParameter().setName("incident").setValue(new StringType(id));
		p.addParameter().setName("natureAndExtent").setValue(new StringType("Names, diagnoses and medication lists"));
		p.addParameter().setName("recipient").setValue(new StringType("Another practice's fax line"));
		p.addParameter().setName("acquiredOrViewed").setValue(new StringType("Received and read by office staff"));
		p.addParameter().setName("mitigation").setValue(new StringType("Destruction attested in writing"));
		p.addParameter().setName("risk").setValue(new CodeType(risk));
		p.addParameter().setName("determination").setValue(new CodeType(determination));
		return p;
	}
}

package org.custodian.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/**
 * Releases recorded as disclosures, and the accounting a patient may ask for (164.528): what it
 * includes and excludes, repeated disclosures summarized, an agency's suspension honoured, the API's
 * disclosures to outside parties included.
 */
class AccountingOfDisclosuresIT extends ServerTest {

	private static final LocalDate TODAY = LocalDate.now();
	private final String tag = Long.toString(System.nanoTime(), 36);

	private FhirHttp desk() {
		return fhir.as(token("roi-accounting-" + tag, Set.of(Role.ROI), List.of("user/*.rs"), null));
	}

	private String released(FhirHttp desk, String patient, String requester, String name, String purpose, String instrument,
			boolean assurances, ParametersParameterComponent authorization, String what) {
		Parameters in = new Parameters();
		in.addParameter("patient", new Reference("Patient/" + patient));
		in.addParameter("requester", new CodeType(requester));
		in.addParameter("requester-name", new StringType(name));
		in.addParameter("purpose", new CodeType(purpose));
		in.addParameter("instrument", new CodeType(instrument));
		in.addParameter("assurances", new BooleanType(assurances));
		if (authorization != null) {
			in.addParameter(authorization);
		}
		Parameters received = desk.post("$roi-request", in).as(Parameters.class);
		Parameters release = new Parameters();
		release.addParameter("request", received.getParameterValue("request"));
		release.addParameter("released", new StringType(what));
		release.addParameter("recipient-address", new StringType("1 Main Street, Springfield"));
		Response r = desk.post("$roi-release", release);
		return r.status() + " " + r.body();
	}

	private static ParametersParameterComponent authorization() {
		ParametersParameterComponent a = new ParametersParameterComponent().setName("authorization");
		a.addPart().setName("description").setValue(new StringType("All records"));
		a.addPart().setName("discloser").setValue(new StringType("Springfield General"));
		a.addPart().setName("recipient").setValue(new StringType("Acme Life"));
		a.addPart().setName("purpose").setValue(new StringType("Application"));
		a.addPart().setName("expires").setValue(new DateType(TODAY.plusMonths(3).toString()));
		a.addPart().setName("signed").setValue(new DateType(TODAY.minusDays(3).toString()));
		for (String s : List.of("statement-revocation", "statement-conditioning", "statement-redisclosure")) {
			a.addPart().setName(s).setValue(new BooleanType(true));
		}
		return a;
	}

	private static List<ParametersParameterComponent> lines(Parameters accounting) {
		return accounting.getParameter().stream().filter(p -> p.getName().equals("disclosure")).toList();
	}

	private static String part(ParametersParameterComponent p, String name) {
		return p.getPart().stream().filter(x -> x.getName().equals(name)).findFirst().map(x -> x.getValue().primitiveValue())
				.orElse(null);
	}

	@Test
	void theAccountingListsWhatTheRuleCountsSummarizesRepeatsAndLeavesOutTheRest() {
		String patient = new IdType(fhir.post("Patient", Fixtures.patient("Account" + tag.replaceAll("[0-9]", ""), "Ava"))
				.header("Location")).getIdPart();
		FhirHttp desk = desk();
		assertThat(released(desk, patient, "patient", "Ava herself", "patient-request", "none", false, null,
				"Her whole record")).startsWith("200");
		assertThat(released(desk, patient, "insurer", "Acme Life", "underwriting", "authorization", false, authorization(),
				"2025 admission")).startsWith("200");
		assertThat(released(desk, patient, "court", "Springfield County Court", "legal", "court-order", false, null,
				"Discharge summary named in the order")).startsWith("200");
		for (int i = 0; i < 2; i++) {
			assertThat(released(desk, patient, "government-agency", "State Health Department", "public-health", "none", false,
					null, "Reportable condition")).startsWith("200");
		}
		assertThat(released(desk, patient, "government-agency", "Medical Board", "health-oversight", "none", false, null,
				"Chart for an investigation")).startsWith("200");
		Parameters suspend = new Parameters();
		suspend.addParameter("agency", new StringType("Medical Board"));
		suspend.addParameter("statement", new StringType("An accounting would impede our investigation (letter of 1 Nov)"));
		suspend.addParameter("until", new DateType(TODAY.plusMonths(2).toString()));
		assertThat(desk.post("$accounting-suspension", suspend).status()).isEqualTo(200);
		tokens.registerClient("registry-" + tag, "State immunization registry", Set.of(Role.INTEGRATION), List.of("system/*.rs"));
		FhirHttp registry = fhir.as(tokens.issue("registry-" + tag, List.of("system/*.rs"), null, "PUBHLTH"));
		assertThat(registry.get("Patient/" + patient).status()).isEqualTo(200);

		Parameters accounting = desk.get("Patient/" + patient + "/$accounting").as(Parameters.class);

		List<ParametersParameterComponent> lines = lines(accounting);
		assertThat(lines).extracting(l -> part(l, "recipient")).containsExactly("Springfield County Court",
				"State Health Department", "registry-" + tag);
		assertThat(part(lines.get(0), "address")).isEqualTo("1 Main Street, Springfield");
		assertThat(part(lines.get(1), "times")).isEqualTo("2");
		assertThat(part(lines.get(1), "last")).isNotNull();
		assertThat(part(lines.get(2), "purpose")).isEqualTo("PUBHLTH");
		assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = 'privacy-disclosure' and category"
				+ " = 'disclosure' and patients @> array[?]::text[]", Integer.class, "Patient/" + patient)).isEqualTo(6);
	}

	@Test
	void aHeldRequestCannotBeReleasedAndNothingIsRecorded() {
		String patient = new IdType(fhir.post("Patient", Fixtures.patient("Held" + tag.replaceAll("[0-9]", ""), "Hal"))
				.header("Location")).getIdPart();

		String answer = released(desk(), patient, "employer", "Widgets Inc", "employment", "none", false, null, "Everything");

		assertThat(answer).startsWith("409").contains("CUS-6002").contains("authorization");
		Parameters track = new Parameters();
		track.addParameter("request", new org.hl7.fhir.r4.model.IntegerType(Integer.parseInt(jdbc.queryForObject(
				"select max(request_id)::text from roi_request where patient = ?", String.class, patient))));
		track.addParameter("status", new StringType("delivered"));
		assertThat(desk().post("$roi-delivery", track).status()).as("nothing released, nothing delivered").isEqualTo(409);
		assertThat(jdbc.queryForObject("select count(*) from disclosure where patient = ?", Integer.class, patient)).isZero();
	}
}

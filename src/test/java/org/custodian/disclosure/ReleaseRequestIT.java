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
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/**
 * Requests for records over FHIR, the scenarios a release-of-information desk meets: a patient's own
 * request, an attorney with a defective authorization, an insurer with a valid one, a subpoena, a
 * substance-use record, a request that is overdue; and who may work them.
 */
class ReleaseRequestIT extends ServerTest {

	private static final LocalDate TODAY = LocalDate.now();

	private String patient() {
		Response r = fhir.post("Patient", Fixtures.patient("Release" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]",
				""), "Rita"));
		assertThat(r.status()).as(r.body()).isEqualTo(201);
		return new IdType(r.header("Location")).getIdPart();
	}

	private FhirHttp desk() {
		return fhir.as(token("roi-desk-" + System.nanoTime(), Set.of(Role.ROI), List.of("user/*.rs"), null));
	}

	private static Parameters request(String patient, String requester, String name, String purpose, String instrument,
			LocalDate received, String... sensitive) {
		Parameters p = new Parameters();
		p.addParameter("patient", new Reference("Patient/" + patient));
		p.addParameter("requester", new CodeType(requester));
		p.addParameter("requester-name", new StringType(name));
		p.addParameter("purpose", new CodeType(purpose));
		p.addParameter("instrument", new CodeType(instrument));
		p.addParameter("received", new DateType(received.toString()));
		p.addParameter("records", new StringType("Discharge summaries and results of 2025"));
		for (String s : sensitive) {
			p.addParameter("sensitive", new CodeType(s));
		}
		return p;
	}

	/** An authorization with every element, optionally without the required statements. */
	private static ParametersParameterComponent authorization(boolean statements, String... covers) {
		ParametersParameterComponent a = new ParametersParameterComponent().setName("authorization");
		a.addPart().setName("description").setValue(new StringType("All records of the 2025 admission"));
		a.addPart().setName("discloser").setValue(new StringType("Springfield General Hospital"));
		a.addPart().setName("recipient").setValue(new StringType("Acme Life Insurance"));
		a.addPart().setName("purpose").setValue(new StringType("Life insurance application"));
		a.addPart().setName("expires").setValue(new DateType(TODAY.plusMonths(6).toString()));
		a.addPart().setName("signed").setValue(new DateType(TODAY.minusDays(7).toString()));
		a.addPart().setName("statement-revocation").setValue(new BooleanType(statements));
		a.addPart().setName("statement-conditioning").setValue(new BooleanType(statements));
		a.addPart().setName("statement-redisclosure").setValue(new BooleanType(statements));
		for (String c : covers) {
			a.addPart().setName("covers").setValue(new CodeType(c));
		}
		return a;
	}

	private static String value(Parameters p, String name) {
		return p.getParameterValue(name).primitiveValue();
	}

	private static List<String> reasons(Parameters p) {
		return p.getParameter().stream().filter(x -> x.getName().equals("reason"))
				.map(x -> x.getPart().get(0).getValue().primitiveValue()).toList();
	}

	@Test
	void aPatientsOwnRequestIsDueInThirtyDaysAndNeedsNoAuthorization() {
		Response r = desk().post("$roi-request", request(patient(), "patient", "Rita herself", "patient-request", "none",
				TODAY.minusDays(2), "psychotherapy-notes"));

		assertThat(r.status()).as(r.body()).isEqualTo(200);
		Parameters out = r.as(Parameters.class);
		assertThat(value(out, "kind")).isEqualTo("access");
		assertThat(value(out, "due")).isEqualTo(TODAY.minusDays(2).plusDays(30).toString());
		assertThat(value(out, "outcome")).isEqualTo("release");
		assertThat(reasons(out)).containsExactly("right-of-access");
		assertThat(r.body()).contains("psychotherapy-notes").contains("164.524(a)(1)(i)");
	}

	@Test
	void anAttorneyWithADefectiveAuthorizationIsRefusedWithTheMissingStatementsNamed() {
		Parameters in = request(patient(), "attorney", "Dewey & Partners", "legal", "authorization", TODAY);
		in.addParameter(authorization(false));

		Parameters out = desk().post("$roi-request", in).as(Parameters.class);

		assertThat(value(out, "outcome")).isEqualTo("refuse");
		assertThat(reasons(out)).contains("authorization-incomplete");
		assertThat(FhirHttp.json(out)).contains("164.508(c)(2)(i)").contains("164.508(c)(2)(ii)").contains("164.508(c)(2)(iii)");
	}

	@Test
	void anInsurerWithAValidAuthorizationGetsOnlyTheSensitiveRecordsItNames() {
		Parameters in = request(patient(), "insurer", "Acme Life Insurance", "underwriting", "authorization", TODAY, "hiv",
				"genetic");
		in.addParameter(authorization(true, "hiv"));

		Parameters out = desk().post("$roi-request", in).as(Parameters.class);

		assertThat(value(out, "outcome")).isEqualTo("release");
		assertThat(out.getParameter().stream().filter(x -> x.getName().equals("released")).map(x -> x.getValue()
				.primitiveValue())).containsExactly("hiv");
		assertThat(FhirHttp.json(out)).contains("\"genetic\"").contains("Check that Acme Life Insurance is the recipient");
	}

	@Test
	void aSubpoenaIsHeldUntilTheAuthorizationArrivesAndSubstanceUseRecordsNeedAPart2Consent() {
		FhirHttp desk = desk();
		Parameters held = desk.post("$roi-request", request(patient(), "attorney", "Cheatham LLP", "legal", "subpoena", TODAY,
				"substance-use")).as(Parameters.class);
		assertThat(value(held, "outcome")).isEqualTo("hold");
		assertThat(reasons(held)).contains("subpoena-without-assurances");

		Parameters authorize = new Parameters();
		authorize.addParameter("request", held.getParameterValue("request"));
		ParametersParameterComponent a = authorization(true, "substance-use");
		authorize.addParameter(a);
		Parameters withoutPart2 = desk.post("$roi-authorization", authorize).as(Parameters.class);
		a.addPart().setName("part2-consent").setValue(new BooleanType(true));
		Parameters withPart2 = desk.post("$roi-authorization", authorize).as(Parameters.class);

		assertThat(value(withoutPart2, "outcome")).isEqualTo("release");
		assertThat(FhirHttp.json(withoutPart2)).contains("42 CFR 2.31");
		assertThat(withPart2.getParameter().stream().filter(x -> x.getName().equals("released")).map(x -> x.getValue()
				.primitiveValue())).containsExactly("substance-use");
		assertThat(FhirHttp.json(withPart2)).contains("42 CFR 2.32");
	}

	@Test
	void anOverdueRequestComesFirstInTheQueueAndTheOneExtensionIsTakenInTime() {
		FhirHttp desk = desk();
		String late = value(desk.post("$roi-request", request(patient(), "patient", "Rita", "patient-request", "none",
				TODAY.minusDays(3000))).as(Parameters.class), "request");
		Parameters recent = desk.post("$roi-request", request(patient(), "patient", "Rita", "patient-request", "none",
				TODAY.minusDays(1))).as(Parameters.class);

		Parameters queue = desk.get("$roi-queue?count=500").as(Parameters.class);
		ParametersParameterComponent first = queue.getParameter().get(0);
		assertThat(first.getPart().get(0).getValue().primitiveValue()).isEqualTo(late);
		assertThat(first.getPart().stream().filter(x -> x.getName().equals("overdue")).findFirst().orElseThrow().getValue()
				.primitiveValue()).isEqualTo("true");

		Parameters extend = new Parameters();
		extend.addParameter("request", recent.getParameterValue("request"));
		extend.addParameter("reason", new StringType("Records from the closed archive must be retrieved"));
		Response withoutException = desk.post("$roi-extend", extend);
		extend.addParameter("exception", new StringType("infeasibility"));
		Response extended = desk.post("$roi-extend", extend);
		Response again = desk.post("$roi-extend", extend);
		Parameters lateExtend = new Parameters();
		lateExtend.addParameter("request", new IntegerType(Integer.parseInt(late)));
		lateExtend.addParameter("reason", new StringType("Too late"));
		lateExtend.addParameter("exception", new StringType("infeasibility"));
		Response tooLate = desk.post("$roi-extend", lateExtend);

		assertThat(withoutException.status()).as("a delay names the information-blocking exception it rests on")
				.isEqualTo(400);
		assertThat(extended.status()).as(extended.body()).isEqualTo(200);
		assertThat(value(extended.as(Parameters.class), "due")).isEqualTo(TODAY.minusDays(1).plusDays(60).toString());
		assertThat(value(extended.as(Parameters.class), "letter"))
				.contains("because records from the closed archive must be retrieved.")
				.contains("no later than " + TODAY.minusDays(1).plusDays(60))
				.contains("Infeasibility (45 CFR 171.204)");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.body()).contains("one extension");
		assertThat(tooLate.status()).isEqualTo(409);
		assertThat(tooLate.body()).contains("already overdue");
	}

	@Test
	void onlyReleaseAndHimStaffWorkRequestsAndBadInputChangesNothing() {
		String patient = patient();
		Integer before = jdbc.queryForObject("select count(*) from roi_request", Integer.class);
		FhirHttp clinician = fhir.as(token("clin-roi-" + System.nanoTime(), Set.of(Role.CLINICIAN), List.of("user/*.rs"), null));

		Response refused = clinician.post("$roi-request", request(patient, "patient", "Rita", "patient-request", "none", TODAY));
		Response badCode = desk().post("$roi-request", request(patient, "neighbour", "Nosy", "patient-request", "none", TODAY));
		Response future = desk().post("$roi-request", request(patient, "patient", "Rita", "patient-request", "none",
				TODAY.plusDays(3)));
		Response unknown = desk().post("$roi-request", request("no-such-patient", "patient", "Rita", "patient-request", "none",
				TODAY));

		assertThat(refused.status()).isEqualTo(403);
		assertThat(badCode.status()).isEqualTo(400);
		assertThat(badCode.errorCode()).isEqualTo("CUS-6001");
		assertThat(future.status()).isEqualTo(400);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(jdbc.queryForObject("select count(*) from roi_request", Integer.class)).isEqualTo(before);
		assertThat(jdbc.queryForList("select array_to_string(patients, ' ') from audit_event where subtype = '$roi-request'"
				+ " and outcome = 0", String.class)).anySatisfy(p -> assertThat(p).startsWith("Patient/"));
	}

	@Test
	void aDenialOfAccessIsWrittenWithItsGroundAndTheRightsOfReviewAndComplaint() {
		FhirHttp desk = desk();
		Parameters access = desk.post("$roi-request", request(patient(), "patient", "Rita Roe", "patient-request", "none",
				TODAY)).as(Parameters.class);
		Parameters attorney = desk.post("$roi-request", request(patient(), "attorney", "Firm", "legal", "none", TODAY))
				.as(Parameters.class);

		Parameters undetermined = deny(access, "endangerment", null);
		Response withoutProfessional = desk.post("$roi-deny", undetermined);
		Response denied = desk.post("$roi-deny", deny(access, "endangerment", "Dr. Ana Lima, psychiatrist"));
		Response thirdParty = desk.post("$roi-deny", deny(attorney, "litigation", null));

		assertThat(withoutProfessional.status()).isEqualTo(400);
		assertThat(withoutProfessional.body()).contains("licensed health care professional");
		assertThat(denied.status()).as(denied.body()).isEqualTo(200);
		assertThat(value(denied.as(Parameters.class), "letter")).contains("Dear Rita Roe").contains("164.524(a)(3)(i)")
				.contains("reviewed by another licensed health care professional").contains("Office for Civil Rights")
				.contains("Preventing Harm (45 CFR 171.201)");
		assertThat(thirdParty.status()).isEqualTo(409);
		assertThat(jdbc.queryForObject("select status || ' ' || denial_ground from roi_request where request_id = ?", String.class,
				Long.valueOf(value(access, "request")))).isEqualTo("closed endangerment");

		Response sameProfessional = desk.post("$roi-denial-review", review(access, "Dr. Ana Lima, psychiatrist", false));
		Response overturned = desk.post("$roi-denial-review", review(access, "Dr. Ben Ode, psychiatrist", false));
		Parameters release = new Parameters();
		release.addParameter("request", access.getParameterValue("request"));
		release.addParameter("released", new StringType("The whole record, after review"));

		assertThat(sameProfessional.status()).isEqualTo(400);
		assertThat(sameProfessional.body()).contains("took no part in the denial");
		assertThat(overturned.status()).as(overturned.body()).isEqualTo(200);
		assertThat(value(overturned.as(Parameters.class), "status")).isEqualTo("open");
		assertThat(value(overturned.as(Parameters.class), "letter")).contains("Dr. Ben Ode")
				.contains("did not uphold the denial").contains("We will now give you the records");
		assertThat(desk.post("$roi-denial-review", review(access, "Dr. Cy Park, psychiatrist", true)).status())
				.as("one review, whose determination stands").isEqualTo(409);
		assertThat(desk.post("$roi-release", release).status()).as("overturned: the patient gets the record").isEqualTo(200);
	}

	@Test
	void aPatientsRequestForAnAccountingIsDueInSixtyDays() {
		Parameters out = desk().post("$roi-request", request(patient(), "patient", "Rita", "accounting", "none", TODAY))
				.as(Parameters.class);

		assertThat(value(out, "kind")).isEqualTo("accounting");
		assertThat(value(out, "due")).isEqualTo(TODAY.plusDays(60).toString());
		assertThat(reasons(out)).containsExactly("accounting-request");
	}

	private static Parameters review(Parameters request, String reviewer, boolean upheld) {
		Parameters p = new Parameters();
		p.addParameter("request", request.getParameterValue("request"));
		p.addParameter("reviewer", new StringType(reviewer));
		p.addParameter("upheld", new BooleanType(upheld));
		p.addParameter("note", new StringType("The risk has passed with treatment; access is appropriate now."));
		return p;
	}

	private static Parameters deny(Parameters request, String ground, String determinedBy) {
		Parameters p = new Parameters();
		p.addParameter("request", request.getParameterValue("request"));
		p.addParameter("ground", new CodeType(ground));
		p.addParameter("explanation", new StringType("Your psychiatrist judged that reading these notes now could put you at risk."));
		if (determinedBy != null) {
			p.addParameter("determined-by", new StringType(determinedBy));
		}
		return p;
	}
}

package org.custodian.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * A coded encounter becomes a claim: built from the signed final coding, the visit and its
 * procedures priced from the charge master, scrubbed (a diagnosis for the other sex stops it, with
 * its source), and written as an 837 Professional file that passes the structural validator.
 */
class ClaimsIT extends ServerTest {

	private final String tag = Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "");

	@org.springframework.beans.factory.annotation.Autowired
	NcciTables ncciTables;

	private String create(Resource r) {
		Response created = fhir.post(r.fhirType(), r);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new IdType(created.header("Location")).getIdPart();
	}

	private FhirHttp coder() {
		return fhir.as(token("claims-coder-" + tag, Set.of(Role.CODER), List.of("user/*.crus"), null));
	}

	/** A patient of {@code sex} with coverage, a visit (99213) and a blood draw (36415), coded as {@code codes} and signed. */
	private String[] codedVisit(Enumerations.AdministrativeGender sex, String... codes) {
		return codedStay(sex, "AMB", null, codes);
	}

	private String[] codedStay(Enumerations.AdministrativeGender sex, String encounterClass, String attending,
			String... codes) {
		Patient p = Fixtures.patient("Claim" + tag, "Cal");
		p.setGender(sex);
		p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1960-04-02"));
		p.addAddress().addLine("12 Elm Street").setCity("Springfield").setState("IL").setPostalCode("62701");
		String patient = create(p);
		Coverage coverage = new Coverage().setStatus(Coverage.CoverageStatus.ACTIVE).setBeneficiary(new Reference("Patient/"
				+ patient)).setSubscriberId("MEM" + tag.toUpperCase());
		coverage.addPayor().setDisplay("Acme Health Plan").setIdentifier(new Identifier().setValue("60054"));
		create(coverage);
		Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
				.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", encounterClass, null))
				.setSubject(new Reference("Patient/" + patient)).setPeriod(new Period()
						.setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2026-04-14T15:00:00Z"))
						.setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2026-04-16T11:00:00Z")));
		if (attending != null) {
			visit.addParticipant().setIndividual(new Reference("Practitioner/" + attending));
		}
		visit.addType(new CodeableConcept(new Coding("http://www.ama-assn.org/go/cpt", "99213", null)));
		String encounter = create(visit);
		Procedure draw = new Procedure().setStatus(Procedure.ProcedureStatus.COMPLETED).setSubject(new Reference("Patient/"
				+ patient)).setEncounter(new Reference("Encounter/" + encounter));
		draw.getCode().addCoding().setSystem("http://www.ama-assn.org/go/cpt").setCode("36415");
		create(draw);
		FhirHttp coder = coder();
		for (String code : codes) {
			Parameters added = new Parameters();
			added.addParameter("code", new CodeType(code));
			added.addParameter("decision", new CodeType("added"));
			assertThat(coder.post("Encounter/" + encounter + "/$coding-decision", added).status()).isEqualTo(200);
		}
		Response signed = coder.post("Encounter/" + encounter + "/$coding-sign", new Parameters());
		assertThat(signed.status()).as(signed.body()).isEqualTo(200);
		return new String[] {patient, encounter};
	}

	private static List<String> edits(Parameters p, String severity) {
		return p.getParameter().stream().filter(x -> x.getName().equals("edit")).filter(x -> x.getPart().get(1).getValue()
				.primitiveValue().equals(severity)).map(x -> x.getPart().get(0).getValue().primitiveValue()).toList();
	}

	@Test
	void aCleanClaimIsWrittenAsAnEightThirtySevenThatPassesTheStructuralValidator() {
		String[] v = codedVisit(Enumerations.AdministrativeGender.MALE, "E11.65", "I10");
		FhirHttp coder = coder();

		Response built = coder.post("Encounter/" + v[1] + "/$build-claim", new Parameters());

		assertThat(built.status()).as(built.body()).isEqualTo(200);
		Parameters p = built.as(Parameters.class);
		assertThat(edits(p, "error")).isEmpty();
		assertThat(edits(p, "warning")).isSubsetOf("NCCI-NOT-LOADED");
		String claim = ((Reference) p.getParameterValue("claim")).getReference();
		org.hl7.fhir.r4.model.Claim stored = fhir.get(claim).as(org.hl7.fhir.r4.model.Claim.class);
		assertThat(stored.getTotal().getValue()).isEqualByComparingTo("162.00");
		assertThat(stored.getDiagnosis()).extracting(d -> d.getDiagnosisCodeableConcept().getCodingFirstRep().getCode())
				.containsExactly("E11.65", "I10");

		Response x12 = coder.get(claim + "/$x12-837");
		assertThat(x12.status()).as(x12.body()).isEqualTo(200);
		String edi = x12.body();
		assertThat(edi).startsWith("ISA*00*").contains("ST*837*0001*005010X222A2").contains("HI*ABK:E1165*ABF:I10")
				.contains("SV1*HC:99213*150.00*UN*1***1:2").contains("SV1*HC:36415*12.00*UN*1***1:2")
				.contains("NM1*85*2*SPRINGFIELD CLINIC*****XX*1234567893").contains("DMG*D8*19600402*M");
		assertThat(X12Structure.problems(edi.getBytes(StandardCharsets.UTF_8))).isEmpty();
		assertThat(jdbc.queryForObject("select count(*) from audit_event where subtype = '$x12-837' and patients"
				+ " @> array[?]::text[]", Integer.class, "Patient/" + v[0])).isEqualTo(1);
	}

	@Test
	void anInpatientStayIsBilledAsAnInstitutionalClaimWithItsAttendingPhysician() {
		org.hl7.fhir.r4.model.Practitioner doctor = new org.hl7.fhir.r4.model.Practitioner();
		doctor.addName().setFamily("Rivers").addGiven("Dawn");
		doctor.addIdentifier().setSystem("http://hl7.org/fhir/sid/us-npi").setValue("1234567893");
		String[] v = codedStay(Enumerations.AdministrativeGender.FEMALE, "IMP", create(doctor), "J18.9", "E11.9");
		String[] unattended = codedStay(Enumerations.AdministrativeGender.FEMALE, "IMP", null, "J18.9");
		FhirHttp coder = coder();
		Parameters institutional = new Parameters();
		institutional.addParameter("type", new CodeType("institutional"));

		Parameters p = coder.post("Encounter/" + v[1] + "/$build-claim", institutional).as(Parameters.class);
		Parameters q = coder.post("Encounter/" + unattended[1] + "/$build-claim", institutional).as(Parameters.class);

		assertThat(edits(p, "error")).isEmpty();
		assertThat(edits(q, "error")).containsExactly("ATTENDING");
		Response x12 = coder.get(((Reference) p.getParameterValue("claim")).getReference() + "/$x12-837");
		assertThat(x12.status()).as(x12.body()).isEqualTo(200);
		assertThat(x12.body()).contains("ST*837*0001*005010X223A3").contains("***11:A:1*Y*A*Y*Y")
				.contains("DTP*434*RD8*20260414-20260416").contains("CL1*3*1*01").contains("HI*ABK:J189").contains("HI*ABF:E119")
				.contains("NM1*71*1*RIVERS*DAWN****XX*1234567893").contains("SV2*0510*HC:99213*150.00*UN*1");
		assertThat(X12Structure.problems(x12.body().getBytes(StandardCharsets.UTF_8))).isEmpty();
	}

	@Test
	void aChildOnAParentsPlanWithASecondPlanIsBilledToTheParentsWithTheOtherNamed() {
		String[] v = codedVisit(Enumerations.AdministrativeGender.MALE, "J02.9");
		org.hl7.fhir.r4.model.RelatedPerson mother = new org.hl7.fhir.r4.model.RelatedPerson().setPatient(new Reference(
				"Patient/" + v[0]));
		mother.addName().setFamily("Claim" + tag).addGiven("Carol");
		mother.setGender(Enumerations.AdministrativeGender.FEMALE).setBirthDateElement(new org.hl7.fhir.r4.model.DateType(
				"1975-02-03"));
		mother.addAddress().addLine("12 Elm Street").setCity("Springfield").setState("IL").setPostalCode("62701");
		String motherId = create(mother);
		// The visit's own coverage becomes secondary; the mother's plan is primary.
		Coverage own = fhir.get("Coverage?beneficiary=Patient/" + v[0]).as(org.hl7.fhir.r4.model.Bundle.class).getEntryFirstRep()
				.getResource() instanceof Coverage c ? c : null;
		own.setOrder(2);
		assertThat(fhir.put("Coverage/" + own.getIdElement().getIdPart(), own).status()).isEqualTo(200);
		Coverage parents = new Coverage().setStatus(Coverage.CoverageStatus.ACTIVE).setBeneficiary(new Reference("Patient/"
				+ v[0])).setSubscriber(new Reference("RelatedPerson/" + motherId)).setSubscriberId("MOM" + tag.toUpperCase())
				.setOrder(1);
		parents.getRelationship().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/subscriber-relationship")
				.setCode("child");
		parents.addPayor().setDisplay("Parent Health Plan").setIdentifier(new Identifier().setValue("77001"));
		parents.getType().addCoding().setSystem("https://nahdo.org/sopt").setCode("6"); // Blue Cross Blue Shield
		create(parents);
		FhirHttp coder = coder();

		Parameters p = coder.post("Encounter/" + v[1] + "/$build-claim", new Parameters()).as(Parameters.class);
		Response x12 = coder.get(((Reference) p.getParameterValue("claim")).getReference() + "/$x12-837");

		assertThat(edits(p, "error")).isEmpty();
		assertThat(x12.status()).as(x12.body()).isEqualTo(200);
		assertThat(x12.body()).contains("HL*2*1*22*1~").contains("SBR*P********BL").contains("NM1*IL*1*CLAIM" + tag.toUpperCase()
				+ "*CAROL****MI*MOM" + tag.toUpperCase()).contains("NM1*PR*2*PARENT HEALTH PLAN*****PI*77001")
				.contains("HL*3*2*23*0~PAT*19~NM1*QC*1*").contains("SBR*S*18*******CI~OI***Y***Y")
				.contains("NM1*PR*2*ACME HEALTH PLAN*****PI*60054");
		assertThat(X12Structure.problems(x12.body().getBytes(StandardCharsets.UTF_8))).isEmpty();
	}

	@Test
	void aDiagnosisForTheOtherSexStopsTheClaimWithItsSource() {
		String[] v = codedVisit(Enumerations.AdministrativeGender.MALE, "N95.1");
		FhirHttp coder = coder();

		Parameters p = coder.post("Encounter/" + v[1] + "/$build-claim", new Parameters()).as(Parameters.class);
		String claim = ((Reference) p.getParameterValue("claim")).getReference();
		Response x12 = coder.get(claim + "/$x12-837");

		assertThat(edits(p, "error")).containsExactly("DX-SEX");
		assertThat(p.getParameterValue("clean").primitiveValue()).isEqualTo("false");
		assertThat(FhirHttp.json(p)).contains("Medicare Code Editor");
		assertThat(x12.status()).isEqualTo(409);
		assertThat(x12.body()).contains("CUS-7101").contains("DX-SEX");
	}

	@Test
	void servicesTheNcciPairsForbidTogetherOrBeyondTheirUnitLimitStopTheClaim() {
		Path ncci = Path.of("..", "shared", "corpora", "code-sets", "ncci");
		ncciTables.loadPairs(ncci.resolve("ccipra-v322r0-f1.excerpt.txt"), "2026Q3-excerpt", "test");
		ncciTables.loadLimits(ncci.resolve("MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"), "2026Q3-excerpt", "test");
		// In the excerpt: 0001U with 0030U only with a distinct-service modifier (indicator 1, in force since 2018);
		// 0001A with 36591 never (indicator 0), but that edit was deleted at the end of 2023; 0002U one unit a day.
		String[] v = codedVisit(Enumerations.AdministrativeGender.FEMALE, "Z23");
		for (String code : new String[] {"0001U", "0030U", "0001A", "36591", "0002U", "0002U"}) {
			Procedure p = new Procedure().setStatus(Procedure.ProcedureStatus.COMPLETED).setSubject(new Reference("Patient/"
					+ v[0])).setEncounter(new Reference("Encounter/" + v[1]));
			p.getCode().addCoding().setSystem("http://www.ama-assn.org/go/cpt").setCode(code);
			create(p);
		}
		FhirHttp coder = coder();

		Parameters p = coder.post("Encounter/" + v[1] + "/$build-claim", new Parameters()).as(Parameters.class);

		assertThat(edits(p, "error")).contains("NCCI-MUE", "NCCI-PTP-MODIFIER").doesNotContain("NCCI-PTP", "DX-INVALID");
		assertThat(FhirHttp.json(p)).contains("0002U is billed 2 units").contains("0030U is paid with 0001U only with a"
				+ " modifier");

		// The record supports a distinct service: the coder adds 59 to the 0030U line, and the pair goes through.
		String claim = ((Reference) p.getParameterValue("claim")).getReference();
		int line = fhir.get(claim).as(org.hl7.fhir.r4.model.Claim.class).getItem().stream().filter(i -> i.getProductOrService()
				.getCodingFirstRep().getCode().equals("0030U")).findFirst().orElseThrow().getSequence();
		Parameters modifier = new Parameters();
		modifier.addParameter("line", new org.hl7.fhir.r4.model.IntegerType(line));
		modifier.addParameter("modifier", new CodeType("59"));
		Response modified = coder.post(claim + "/$line-modifiers", modifier);
		assertThat(modified.status()).as(modified.body()).isEqualTo(200);
		assertThat(edits(modified.as(Parameters.class), "error")).contains("NCCI-MUE").doesNotContain("NCCI-PTP-MODIFIER");
		assertThat(fhir.get(claim).as(org.hl7.fhir.r4.model.Claim.class).getItem().get(line - 1).getModifierFirstRep()
				.getCodingFirstRep().getCode()).isEqualTo("59");
	}

	@Test
	void aLinesModifiersAreBilledInItsServiceCompositeAndMalformedOnesRefused() {
		String[] v = codedVisit(Enumerations.AdministrativeGender.MALE, "E11.65");
		FhirHttp coder = coder();
		String claim = ((Reference) coder.post("Encounter/" + v[1] + "/$build-claim", new Parameters()).as(Parameters.class)
				.getParameterValue("claim")).getReference();
		Parameters significant = new Parameters();
		significant.addParameter("line", new org.hl7.fhir.r4.model.IntegerType(1));
		significant.addParameter("modifier", new CodeType("25"));
		Parameters malformed = new Parameters();
		malformed.addParameter("line", new org.hl7.fhir.r4.model.IntegerType(1));
		malformed.addParameter("modifier", new CodeType("5"));

		Response set = coder.post(claim + "/$line-modifiers", significant);
		Response refused = coder.post(claim + "/$line-modifiers", malformed);
		String edi = coder.get(claim + "/$x12-837").body();

		assertThat(set.status()).as(set.body()).isEqualTo(200);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("CUS-7101").contains("two letters or digits");
		assertThat(edi).contains("SV1*HC:99213:25*150.00*UN*1***1").contains("SV1*HC:36415*12.00");
		assertThat(X12Structure.problems(edi.getBytes(StandardCharsets.UTF_8))).isEmpty();
	}

	@Test
	void anEncounterNotYetCodedHasNoClaim() {
		Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setClass_(new Coding(
				"http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null)).setSubject(new Reference("Patient/"
						+ create(Fixtures.patient("Uncoded" + tag, "Uma"))));
		String encounter = create(visit);

		Response built = coder().post("Encounter/" + encounter + "/$build-claim", new Parameters());

		assertThat(built.status()).isEqualTo(409);
		assertThat(built.body()).contains("CUS-7101").contains("code it first");
	}

	@Test
	void theNpiCheckDigitIsChecked() {
		assertThat(ClaimScrubber.npi("1234567893")).isTrue();
		assertThat(ClaimScrubber.npi("1234567890")).isFalse();
	}
}

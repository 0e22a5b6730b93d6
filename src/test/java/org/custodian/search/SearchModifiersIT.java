package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;


import org.custodian.testkit.FhirHttp.Response;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/** The token and reference modifiers :of-type, :identifier, :in and :not-in, and the refusal of bad modifiers. */
class SearchModifiersIT extends SearchServerTest {

	private static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
	private static final String HOSPITAL = "http://hospital.smarthealthit.org";
	private static final String LOINC = "http://loinc.org";

	@Test
	void ofTypeMatchesTheIdentifierTypeAndValueTogether() {
		String mrn = "MR-" + unique();
		String ssn = "SS-" + unique();
		Patient p = Fixtures.patient("OfType" + unique(), "O");
		p.addIdentifier(identifier("MR", HOSPITAL, mrn));
		p.addIdentifier(identifier("SS", "http://hl7.org/fhir/sid/us-ssn", ssn));
		String id = create(p);

		assertThat(ids("Patient?identifier:of-type=" + enc(V2_0203 + "|MR|" + mrn))).containsExactly(id);
		assertThat(ids("Patient?identifier:of-type=" + enc(V2_0203 + "|SS|" + ssn))).containsExactly(id);
		assertThat(ids("Patient?identifier:of-type=" + enc(V2_0203 + "|SS|" + mrn))).isEmpty();
		assertThat(ids("Patient?identifier:of-type=" + enc("http://other.org|MR|" + mrn))).isEmpty();
	}

	@Test
	void ofTypeNeedsTypeSystemTypeCodeAndValue() {
		assertRefused("Patient?identifier:of-type=" + enc("MR|12345"), "CUS-1010");
		assertRefused("Patient?identifier:of-type=" + enc(V2_0203 + "||12345"), "CUS-1010");
	}

	@Test
	void identifierMatchesALogicalReferenceByItsIdentifier() {
		String patient = create(Fixtures.patient("Logical" + unique(), "L"));
		String value = "ext-" + unique();
		Observation logical = Fixtures.heartRate("Patient/" + patient);
		logical.setSubject(new Reference().setIdentifier(new Identifier().setSystem(HOSPITAL).setValue(value)));
		String id = create(logical);
		create(Fixtures.heartRate("Patient/" + patient));

		assertThat(ids("Observation?subject:identifier=" + enc(HOSPITAL + "|" + value))).containsExactly(id);
		assertThat(ids("Observation?subject:identifier=" + value)).containsExactly(id);
		assertThat(ids("Observation?subject:identifier=" + enc("http://other.org|" + value))).isEmpty();
		assertThat(ids("Observation?subject=Patient/" + patient + "&subject:identifier=" + value)).isEmpty();
		assertThat(ids("Observation?subject:identifier=" + value + "&subject:missing=false")).containsExactly(id);
	}

	@Test
	void inAndNotInUseTheCodesOfAStoredValueSet() {
		String patient = create(Fixtures.patient("In" + unique(), "I"));
		String heart = create(observation(patient, "8867-4"));
		String glucose = create(observation(patient, "2339-0"));
		String other = create(observation(patient, "9279-1"));
		ValueSet vitals = valueSet();
		vitals.getCompose().addInclude().setSystem(LOINC).addConcept().setCode("8867-4");
		vitals.getCompose().getIncludeFirstRep().addConcept().setCode("9279-1");
		vitals.getCompose().addExclude().setSystem(LOINC).addConcept().setCode("9279-1");
		String vitalsId = create(vitals);
		String base = "Observation?subject=Patient/" + patient;

		assertThat(ids(base + "&code:in=" + enc(vitals.getUrl()))).containsExactly(heart);
		assertThat(ids(base + "&code:in=ValueSet/" + vitalsId)).containsExactly(heart);
		assertThat(ids(base + "&code:not-in=" + enc(vitals.getUrl()))).containsExactlyInAnyOrder(glucose, other);
	}

	@Test
	void inFallsBackOnTheExpansionTheValueSetCarries() {
		String patient = create(Fixtures.patient("Expanded" + unique(), "E"));
		String glucose = create(observation(patient, "2339-0"));
		create(observation(patient, "8867-4"));
		ValueSet expanded = valueSet();
		expanded.getCompose().addInclude().setSystem(LOINC).addFilter().setProperty("COMPONENT")
				.setOp(ValueSet.FilterOperator.EQUAL).setValue("Glucose");
		expanded.getExpansion().setTimestamp(new java.util.Date()).addContains().setSystem(LOINC).setCode("2339-0");
		create(expanded);

		assertThat(ids("Observation?subject=Patient/" + patient + "&code:in=" + enc(expanded.getUrl())))
				.containsExactly(glucose);
	}

	@Test
	void inRefusesAValueSetThatIsNotStoredOrCannotBeExpandedHereNamingIt() {
		String unknown = "http://example.org/fhir/ValueSet/nowhere-" + unique();
		ValueSet filtered = valueSet();
		filtered.getCompose().addInclude().setSystem(LOINC).addFilter().setProperty("CLASS")
				.setOp(ValueSet.FilterOperator.EQUAL).setValue("CHEM");
		create(filtered);

		Response notStored = assertRefused("Observation?code:in=" + enc(unknown), "CUS-1012");
		Response notExpandable = assertRefused("Observation?code:not-in=" + enc(filtered.getUrl()), "CUS-1013");

		assertThat(notStored.outcome().getIssueFirstRep().getDiagnostics()).contains(unknown);
		assertThat(notExpandable.outcome().getIssueFirstRep().getDiagnostics()).contains(filtered.getUrl(), "filter");
	}

	@Test
	void modifiersThatAreUnknownOrDoNotApplyAreRefusedEvenUnderLenientHandling() {
		assertRefused("Patient?family:sounds-like=Lee", "CUS-1009");
		assertRefused("Patient?family:not=Lee", "CUS-1009");
		assertRefused("Patient?gender:exact=male", "CUS-1009");
		assertRefused("Observation?subject:Spaceship=1", "CUS-1009");
		assertRefused("Observation?date:in=2020", "CUS-1009");
		Response strict = fhir.get("Patient?family:sounds-like=Lee", "Prefer", "handling=strict");
		assertThat(strict.status()).isEqualTo(400);
	}

	@Test
	void belowAndAboveFollowTheHierarchyOfAStoredCodeSystem() {
		String system = "http://example.org/CodeSystem/findings-" + unique();
		CodeSystem cs = new CodeSystem();
		cs.setUrl(system).setStatus(Enumerations.PublicationStatus.ACTIVE).setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
		CodeSystem.ConceptDefinitionComponent disorder = cs.addConcept().setCode("disorder");
		disorder.addConcept().setCode("heart-disease").addConcept().setCode("infarction");
		cs.addConcept().setCode("angina").addProperty().setCode("parent").setValue(new CodeType("heart-disease"));
		cs.addConcept().setCode("fracture");
		create(cs);
		String patient = create(Fixtures.patient("Subsumed" + unique(), "S"));
		String infarction = create(condition(patient, system, "infarction"));
		String angina = create(condition(patient, system, "angina"));
		String heart = create(condition(patient, system, "heart-disease"));
		String fracture = create(condition(patient, system, "fracture"));
		String subject = "Condition?subject=Patient/" + patient + "&code:";

		assertThat(ids(subject + "below=" + enc(system + "|heart-disease"))).containsExactlyInAnyOrder(heart, infarction, angina);
		assertThat(ids(subject + "below=" + enc(system + "|disorder"))).containsExactlyInAnyOrder(heart, infarction, angina);
		assertThat(ids(subject + "below=" + enc(system + "|fracture"))).containsExactly(fracture);
		assertThat(ids(subject + "above=" + enc(system + "|infarction"))).containsExactlyInAnyOrder(infarction, heart);
		assertThat(ids(subject + "above=" + enc(system + "|angina"))).containsExactlyInAnyOrder(angina, heart);
		assertRefused("Condition?code:below=" + enc("http://snomed.info/sct|44054006"), "CUS-1014");
		assertRefused("Condition?code:below=44054006", "CUS-1010");
	}

	private static Condition condition(String patient, String system, String code) {
		Condition c = new Condition();
		c.setSubject(new Reference("Patient/" + patient));
		c.getCode().addCoding().setSystem(system).setCode(code);
		return c;
	}

	private static Identifier identifier(String type, String system, String value) {
		return new Identifier().setType(new CodeableConcept(new Coding(V2_0203, type, null))).setSystem(system)
				.setValue(value);
	}

	private static Observation observation(String patient, String loinc) {
		Observation o = Fixtures.heartRate("Patient/" + patient);
		o.getCode().getCodingFirstRep().setCode(loinc).setDisplay(null);
		return o;
	}

	private static ValueSet valueSet() {
		return new ValueSet().setStatus(PublicationStatus.ACTIVE)
				.setUrl("http://example.org/fhir/ValueSet/test-" + unique());
	}
}

package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;


import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UsageContext;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/**
 * Composite search over HTTP: both components must match the same element (the same
 * Observation.component), values take prefixes, and malformed values get 400.
 */
class CompositeSearchIT extends SearchServerTest {

	private static final String LOINC = "http://loinc.org";
	private static final String UCUM = "http://unitsofmeasure.org";
	private static final String SYSTOLIC = "8480-6";
	private static final String DIASTOLIC = "8462-4";

	@Test
	void aBloodPressureMatchesOnlyWhenCodeAndValueSitInTheSameComponent() {
		String patient = create(Fixtures.patient("Bp" + unique(), "B"));
		String bp = create(bloodPressure(patient, 150, 80));
		String base = "Observation?subject=Patient/" + patient + "&component-code-value-quantity=";

		assertThat(ids(base + enc(LOINC + "|" + SYSTOLIC + "$gt140"))).containsExactly(bp);
		assertThat(ids(base + enc(LOINC + "|" + DIASTOLIC + "$lt90"))).containsExactly(bp);
		// The diastolic code is there and so is a value above 140, but not in the same component.
		assertThat(ids(base + enc(LOINC + "|" + DIASTOLIC + "$gt140"))).isEmpty();
		assertThat(ids(base + enc(LOINC + "|" + SYSTOLIC + "$lt90"))).isEmpty();
	}

	@Test
	void aCompositeValueTakesUnitsCodesWithoutSystemAndOrLists() {
		String patient = create(Fixtures.patient("Units" + unique(), "U"));
		String bp = create(bloodPressure(patient, 150, 80));
		String base = "Observation?subject=Patient/" + patient + "&component-code-value-quantity=";

		assertThat(ids(base + enc(LOINC + "|" + SYSTOLIC + "$150|" + UCUM + "|mm[Hg]"))).containsExactly(bp);
		assertThat(ids(base + enc(SYSTOLIC + "$150||mm[Hg]"))).containsExactly(bp);
		assertThat(ids(base + enc(SYSTOLIC + "$150|" + UCUM + "|kPa"))).isEmpty();
		assertThat(ids(base + enc(DIASTOLIC + "$gt140," + SYSTOLIC + "$gt140"))).containsExactly(bp);
		assertThat(ids(base + enc(DIASTOLIC + "$gt140") + "&component-code-value-quantity=" + enc(SYSTOLIC + "$gt140")))
				.isEmpty();
	}

	@Test
	void theComboParameterSearchesTheObservationAndItsComponents() {
		String patient = create(Fixtures.patient("Combo" + unique(), "C"));
		String bp = create(bloodPressure(patient, 150, 80));
		String heart = create(Fixtures.heartRate("Patient/" + patient));
		String base = "Observation?subject=Patient/" + patient;

		assertThat(ids(base + "&combo-code-value-quantity=" + enc(SYSTOLIC + "$150"))).containsExactly(bp);
		assertThat(ids(base + "&combo-code-value-quantity=" + enc("8867-4$72"))).containsExactly(heart);
		assertThat(ids(base + "&code-value-quantity=" + enc("8867-4$gt70"))).containsExactly(heart);
		assertThat(ids(base + "&code-value-quantity=" + enc(SYSTOLIC + "$150"))).isEmpty();
	}

	@Test
	void codeValueConceptDateAndStringCompareTheObservationValueOfTheirType() {
		String patient = create(Fixtures.patient("Values" + unique(), "V"));
		Observation smoker = observation(patient, "72166-2");
		smoker.setValue(new CodeableConcept(new Coding("http://snomed.info/sct", "449868002", "Smokes daily")));
		String smokes = create(smoker);
		Observation onset = observation(patient, "11368-8");
		onset.setValue(new DateTimeType("2019-05-01"));
		String dated = create(onset);
		Observation note = observation(patient, "8251-1");
		note.setValue(new StringType("Cost $40, paid"));
		String noted = create(note);
		String base = "Observation?subject=Patient/" + patient;

		assertThat(ids(base + "&code-value-concept=" + enc("72166-2$http://snomed.info/sct|449868002"))).containsExactly(smokes);
		assertThat(ids(base + "&code-value-concept=" + enc("72166-2$http://snomed.info/sct|8517006"))).isEmpty();
		assertThat(ids(base + "&code-value-date=" + enc("11368-8$2019"))).containsExactly(dated);
		assertThat(ids(base + "&code-value-date=" + enc("11368-8$gt2020"))).isEmpty();
		assertThat(ids(base + "&code-value-string=" + enc("8251-1$cost \\$40"))).containsExactly(noted);
		assertThat(ids(base + "&code-value-string=" + enc("8251-1$paid"))).isEmpty();
	}

	@Test
	void aDocumentReferenceIsFoundByTheDocumentItReplaces() {
		String patient = create(Fixtures.patient("Doc" + unique(), "D"));
		String original = create(document(patient, null));
		String replacement = create(document(patient, original));

		assertThat(ids("DocumentReference?relationship=" + enc("DocumentReference/" + original + "$replaces")))
				.containsExactly(replacement);
		assertThat(ids("DocumentReference?relationship=" + enc("DocumentReference/" + original + "$transforms"))).isEmpty();
	}

	@Test
	void aGroupIsFoundByACharacteristicAndItsValueTogether() {
		String code = "trait-" + unique();
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(false);
		group.addCharacteristic().setCode(new CodeableConcept(new Coding("urn:test", code, null))).setExclude(false)
				.setValue(new CodeableConcept(new Coding("urn:test", "yes", null)));
		group.addCharacteristic().setCode(new CodeableConcept(new Coding("urn:test", "other", null))).setExclude(false)
				.setValue(new CodeableConcept(new Coding("urn:test", "no", null)));
		String id = create(group);

		assertThat(ids("Group?characteristic-value=" + enc("urn:test|" + code + "$urn:test|yes"))).containsExactly(id);
		assertThat(ids("Group?characteristic-value=" + enc("urn:test|" + code + "$urn:test|no"))).isEmpty();
	}

	@Test
	void aValueSetIsFoundByTheTypeAndValueOfItsUseContext() {
		String focus = "focus-" + unique();
		ValueSet vs = new ValueSet().setStatus(PublicationStatus.ACTIVE).setUrl("http://example.org/vs/" + focus);
		vs.addUseContext(new UsageContext(new Coding("http://terminology.hl7.org/CodeSystem/usage-context-type", "focus",
				null), new CodeableConcept(new Coding("urn:test", focus, null))));
		vs.addUseContext(new UsageContext(new Coding("http://terminology.hl7.org/CodeSystem/usage-context-type", "age",
				null), new Quantity().setValue(18).setSystem(UCUM).setCode("a")));
		String id = create(vs);

		assertThat(ids("ValueSet?context-type-value=" + enc("focus$urn:test|" + focus))).containsExactly(id);
		assertThat(ids("ValueSet?context-type-value=" + enc("age$urn:test|" + focus))).isEmpty();
		assertThat(ids("ValueSet?url=" + vs.getUrl() + "&context-type-quantity=" + enc("age$ge18"))).containsExactly(id);
		assertThat(ids("ValueSet?url=" + vs.getUrl() + "&context-type-quantity=" + enc("focus$ge18"))).isEmpty();
	}

	@Test
	void missingTellsWhetherAnyElementHasValuesForTheComposite() {
		String patient = create(Fixtures.patient("Missing" + unique(), "M"));
		String bp = create(bloodPressure(patient, 120, 70));
		String heart = create(Fixtures.heartRate("Patient/" + patient));
		String base = "Observation?subject=Patient/" + patient + "&component-code-value-quantity:missing=";

		assertThat(ids(base + "false")).containsExactly(bp);
		assertThat(ids(base + "true")).containsExactly(heart);
		assertThat(ids("Observation?subject=Patient/" + patient + "&code-value-quantity:missing=true")).containsExactly(bp);
		assertThat(ids("Observation?subject=Patient/" + patient + "&code-value-quantity:missing=false"))
				.containsExactly(heart);
	}

	@Test
	void theCapabilityStatementDeclaresTheCompositeParameters() {
		CapabilityStatement cs = fhir.get("metadata").as(CapabilityStatement.class);

		assertThat(cs.getRestFirstRep().getResource()).filteredOn(r -> r.getType().equals("Observation")).singleElement()
				.satisfies(r -> assertThat(r.getSearchParam()).anySatisfy(p -> {
					assertThat(p.getName()).isEqualTo("component-code-value-quantity");
					assertThat(p.getType()).isEqualTo(Enumerations.SearchParamType.COMPOSITE);
				}));
	}

	@Test
	void malformedCompositeValuesAreRefusedWithABadRequest() {
		assertRefused("Observation?component-code-value-quantity=" + SYSTOLIC, "CUS-1010");
		assertRefused("Observation?component-code-value-quantity=" + enc(SYSTOLIC + "$gt1$2"), "CUS-1010");
		assertRefused("Observation?component-code-value-quantity=" + enc("$gt140"), "CUS-1010");
		assertRefused("Observation?component-code-value-quantity=" + enc(SYSTOLIC + "$high"), "CUS-1010");
		assertRefused("Observation?code-value-date=" + enc(SYSTOLIC + "$yesterday"), "CUS-1010");
		assertRefused("Observation?component-code-value-quantity:exact=" + enc(SYSTOLIC + "$1"), "CUS-1009");
	}

	private static Observation bloodPressure(String patient, int systolic, int diastolic) {
		Observation bp = observation(patient, "85354-9");
		bp.addComponent().setCode(new CodeableConcept(new Coding(LOINC, SYSTOLIC, "Systolic")))
				.setValue(new Quantity().setValue(systolic).setUnit("mmHg").setSystem(UCUM).setCode("mm[Hg]"));
		bp.addComponent().setCode(new CodeableConcept(new Coding(LOINC, DIASTOLIC, "Diastolic")))
				.setValue(new Quantity().setValue(diastolic).setUnit("mmHg").setSystem(UCUM).setCode("mm[Hg]"));
		return bp;
	}

	private static Observation observation(String patient, String loinc) {
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.getCode().addCoding(new Coding(LOINC, loinc, null));
		o.setSubject(new Reference("Patient/" + patient));
		return o;
	}

	private static DocumentReference document(String patient, String replaces) {
		DocumentReference doc = new DocumentReference();
		doc.setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT);
		doc.setSubject(new Reference("Patient/" + patient));
		doc.addContent().getAttachment().setContentType("text/plain").setUrl("http://example.org/doc/" + unique());
		if (replaces != null) {
			doc.addRelatesTo().setCode(DocumentReference.DocumentRelationshipType.REPLACES)
					.setTarget(new Reference("DocumentReference/" + replaces));
		}
		return doc;
	}
}

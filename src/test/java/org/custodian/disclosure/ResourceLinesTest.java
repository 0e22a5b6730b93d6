package org.custodian.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** Records as people read them on paper, including the kinds with no layout of their own. */
class ResourceLinesTest {

	@Test
	void aRecordWithNoLayoutOfItsOwnIsReadInPlainWordsNotJson() {
		ExplanationOfBenefit eob = new ExplanationOfBenefit();
		eob.setId("eob1");
		eob.setStatus(ExplanationOfBenefit.ExplanationOfBenefitStatus.ACTIVE);
		eob.setBillablePeriod(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2024-01-01"))
				.setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2024-01-03")));
		eob.setInsurer(new Reference("Organization/9").setDisplay("Acme Health Plan"));
		eob.addTotal().setCategory(new CodeableConcept().setText("Submitted amount"))
				.setAmount(new Money().setValue(new BigDecimal("100.00")).setCurrency("USD"));
		eob.getMeta().setVersionId("3");

		ResourceLines.Rendered r = ResourceLines.of(eob);

		assertThat(r.heading()).isEqualTo("Explanation of benefit");
		assertThat(r.when()).isEqualTo(LocalDate.of(2024, 1, 1));
		assertThat(r.lines()).contains("Status: active", "Billable period: 2024-01-01 to 2024-01-03",
				"Insurer: Acme Health Plan", "Total:", "  Category: Submitted amount", "  Amount: 100.00 USD");
		assertThat(String.join("\n", r.lines())).doesNotContain("{").doesNotContain("eob1").doesNotContain("Version");
	}

	@Test
	void aPanelIsReadAsItsMeasurements() {
		Observation bp = new Observation();
		bp.getCode().setText("Blood pressure");
		bp.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "8480-6", "Systolic blood pressure")))
				.setValue(new Quantity().setValue(new BigDecimal("128")).setUnit("mm[Hg]"));
		bp.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "8462-4", "Diastolic blood pressure")))
				.setValue(new Quantity().setValue(new BigDecimal("84")).setUnit("mm[Hg]"));

		assertThat(ResourceLines.of(bp).lines()).containsExactly("Systolic blood pressure: 128 mm[Hg]",
				"Diastolic blood pressure: 84 mm[Hg]");
	}
}

package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.custodian.search.ValueSetContents.Code;
import org.custodian.search.ValueSetContents.Expansion;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

class ValueSetContentsTest {

	private static final String LOINC = "http://loinc.org";

	@Test
	void listed_concepts_are_the_value_set_less_the_excluded_ones() {
		ValueSet vs = new ValueSet();
		vs.getCompose().addInclude().setSystem(LOINC).addConcept().setCode("8867-4");
		vs.getCompose().getIncludeFirstRep().addConcept().setCode("9279-1");
		vs.getCompose().addInclude().setSystem("urn:local").addConcept().setCode("HR");
		vs.getCompose().addExclude().setSystem(LOINC).addConcept().setCode("9279-1");

		Expansion expansion = ValueSetContents.expand(vs);

		assertThat(expansion.refusal()).isNull();
		assertThat(expansion.codes()).containsExactly(new Code(LOINC, "8867-4"), new Code("urn:local", "HR"));
	}

	@Test
	void a_filter_an_import_or_a_whole_code_system_cannot_be_expanded_here_and_says_why() {
		ValueSet filtered = new ValueSet();
		filtered.getCompose().addInclude().setSystem(LOINC).addFilter().setProperty("CLASS").setValue("CHEM")
				.setOp(ValueSet.FilterOperator.EQUAL);
		ValueSet imported = new ValueSet();
		imported.getCompose().addInclude().addValueSet("http://example.org/vs/other");
		ValueSet whole = new ValueSet();
		whole.getCompose().addInclude().setSystem(LOINC);

		assertThat(ValueSetContents.expand(filtered).refusal()).contains("filter");
		assertThat(ValueSetContents.expand(imported).refusal()).contains("http://example.org/vs/other");
		assertThat(ValueSetContents.expand(whole).refusal()).contains("all of code system " + LOINC);
		assertThat(ValueSetContents.expand(new ValueSet()).refusal()).isNotNull();
	}

	@Test
	void a_complete_expansion_is_used_when_the_compose_cannot_be_expanded() {
		ValueSet vs = new ValueSet();
		vs.getCompose().addInclude().setSystem(LOINC);
		vs.getExpansion().addContains().setSystem(LOINC).setCode("2339-0").addContains().setSystem(LOINC).setCode("2345-7");

		assertThat(ValueSetContents.expand(vs).codes()).containsExactly(new Code(LOINC, "2339-0"), new Code(LOINC, "2345-7"));
	}

	@Test
	void an_expansion_holding_only_one_page_of_codes_is_not_used() {
		ValueSet vs = new ValueSet();
		vs.getCompose().addInclude().setSystem(LOINC);
		vs.getExpansion().setTotal(500).addContains().setSystem(LOINC).setCode("2339-0");

		assertThat(ValueSetContents.expand(vs).refusal()).contains("part of its codes");
	}
}

package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExpressionBranchesTest {

	@Test
	void top_level_unions_are_split_but_not_unions_inside_parentheses_or_quotes() {
		assertThat(ExpressionBranches.split("(Observation.value as Quantity) | Observation.code.where(x = 'a|b')"
				+ " | (a | b)")).containsExactly("(Observation.value as Quantity)", "Observation.code.where(x = 'a|b')",
						"(a | b)");
	}

	@Test
	void a_branch_is_rewritten_relative_to_the_focus_it_starts_with() {
		assertThat(ExpressionBranches.relativeTo("Observation.component.code", "Observation.component")).isEqualTo("code");
		assertThat(ExpressionBranches.relativeTo("(Observation.value as CodeableConcept).text", "Observation"))
				.isEqualTo("(value as CodeableConcept).text");
		assertThat(ExpressionBranches.relativeTo("MolecularSequence.referenceSeq.chromosome", "MolecularSequence.variant"))
				.isNull();
		assertThat(ExpressionBranches.relativeTo("Observation.codeX", "Observation.code")).isNull();
	}
}

package org.custodian.coding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The suggestions read clinical language as a coder does, on small notes against the FY2026 release. */
class CodeSuggestionsTest {

	static CodeSuggestions suggestions;

	@BeforeAll
	static void index() {
		suggestions = CodeSuggestions.of(ShippedCodeSets.icd10cm().get(1));
	}

	private static List<String> current(String text) {
		return suggestions.suggest(text).stream().filter(s -> s.status() == ClinicalContext.Status.CURRENT)
				.map(s -> CodeSystems.written(CodeSystems.ICD10CM, s.code())).toList();
	}

	private static ClinicalContext.Status statusOf(String text, String code) {
		return suggestions.suggest(text).stream().filter(s -> CodeSystems.written(CodeSystems.ICD10CM, s.code()).equals(code))
				.findFirst().orElseThrow(() -> new AssertionError(code + " not suggested from: " + text)).status();
	}

	@Test
	void suggestsTheStatedDiagnosisWithItsEvidence() {
		List<CodeSuggestions.Suggestion> found = suggestions.suggest("ASSESSMENT:\n1. Type 2 diabetes mellitus with hyperglycemia.");
		assertThat(found.get(0).code()).isEqualTo("E1165");
		CodeSuggestions.Evidence e = found.get(0).evidence().get(0);
		assertThat(e.text()).isEqualTo("Type 2 diabetes mellitus with hyperglycemia");
		assertThat(e.section()).isEqualTo("ASSESSMENT");
	}

	@Test
	void suggestsTheUnspecifiedCodeWhenTheNoteSaysNoMoreAndTheSpecificOneWhenItDoes() {
		assertThat(current("IMPRESSION: Type 2 diabetes mellitus.").get(0)).isEqualTo("E11.9");
		assertThat(current("IMPRESSION: Carpal tunnel syndrome, right.").get(0)).isEqualTo("G56.01");
	}

	@Test
	void expandsAbbreviations() {
		assertThat(current("ASSESSMENT: HTN.")).contains("I10");
		assertThat(current("ASSESSMENT: COPD exacerbation.")).contains("J44.1");
	}

	@Test
	void setsApartNegatedUncertainPastAndFamilyMentions() {
		assertThat(statusOf("The patient denies chest pain.", "R07.9")).isEqualTo(ClinicalContext.Status.NEGATED);
		assertThat(statusOf("ASSESSMENT: Rule out pneumonia.", "J18.9")).isEqualTo(ClinicalContext.Status.UNCERTAIN);
		assertThat(statusOf("FAMILY HISTORY: Breast cancer in her mother.", "C50.919")).isEqualTo(
				ClinicalContext.Status.FAMILY);
		assertThat(statusOf("She is status post appendectomy for acute appendicitis.", "K35.80"))
				.isEqualTo(ClinicalContext.Status.HISTORY);
	}

	@Test
	void aChronicConditionInThePastHistoryIsStillCurrent() {
		assertThat(statusOf("PAST MEDICAL HISTORY: Hypertension.", "I10")).isEqualTo(ClinicalContext.Status.CURRENT);
	}

	@Test
	void aSentenceThatTurnsEndsTheNegation() {
		assertThat(current("No fever, but she has a urinary tract infection.")).contains("N39.0").doesNotContain("R50.9");
	}
}

package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.custodian.search.SearchRequest.Clause;
import org.custodian.support.CustodianException;
import org.junit.jupiter.api.Test;

class SearchRequestParserTest {

	private final SearchRequestParser parser = new SearchRequestParser(Corpus.CTX, 20, 1000);

	private SearchRequest lenient(String type, String name, String value) {
		return parser.parse(type, Map.of(name, new String[] {value}), false);
	}

	@Test
	void a_composite_value_keeps_its_components_together_and_splits_or_values() {
		SearchRequest request = lenient("Observation", "code-value-quantity", "http://loinc.org|8480-6$gt100,8462-4$lt90");

		assertThat(request.clauses()).containsExactly(new Clause("code-value-quantity", null,
				java.util.List.of("http://loinc.org|8480-6$gt100", "8462-4$lt90")));
		assertThat(request.ignored()).isEmpty();
	}

	@Test
	void the_new_modifiers_are_accepted_on_the_types_they_apply_to() {
		assertThat(lenient("Patient", "identifier:of-type", "s|MR|1").clauses()).hasSize(1);
		assertThat(lenient("Observation", "subject:identifier", "s|1").clauses()).hasSize(1);
		assertThat(lenient("Observation", "code:in", "http://x.org/vs").clauses()).hasSize(1);
		assertThat(lenient("Observation", "code:not-in", "http://x.org/vs").clauses()).hasSize(1);
		assertThat(lenient("Observation", "subject:Patient", "1").clauses()).hasSize(1);
	}

	@Test
	void an_unknown_or_inapplicable_modifier_is_refused_even_when_unknown_parameters_are_ignored() {
		assertThatThrownBy(() -> lenient("Patient", "family:phonetic", "x")).isInstanceOf(CustodianException.Invalid.class)
				.hasMessageContaining("family:phonetic");
		assertThatThrownBy(() -> lenient("Patient", "birthdate:exact", "2000")).isInstanceOf(CustodianException.Invalid.class)
				.hasMessageContaining("does not apply to date");
		assertThatThrownBy(() -> lenient("Patient", "family:", "x")).isInstanceOf(CustodianException.Invalid.class);
	}

	@Test
	void an_unknown_parameter_is_still_only_reported_under_lenient_handling() {
		assertThat(lenient("Patient", "shoe-size", "42").ignored()).singleElement().asString().contains("shoe-size");
		assertThat(lenient("Patient", "_query", "everyone").ignored()).singleElement().asString().contains("_query");
		assertThat(lenient("Location", "near", "42|-71|10|km").ignored()).as("near is supported").isEmpty();
	}
}

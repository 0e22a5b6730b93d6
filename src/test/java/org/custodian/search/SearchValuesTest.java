package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SearchValuesTest {

	@Test
	void commas_separate_or_values_unless_escaped() {
		assertThat(SearchValues.splitOr("a,b\\,c,d\\\\")).containsExactly("a", "b,c", "d\\");
	}

	@Test
	void an_escaped_dollar_survives_the_or_split_for_the_composite_split() {
		List<String> or = SearchValues.splitOr("8251-1$cost \\$40,x$y");

		assertThat(or).containsExactly("8251-1$cost \\$40", "x$y");
		assertThat(SearchValues.splitComposite(or.get(0))).containsExactly("8251-1", "cost $40");
		assertThat(SearchValues.splitComposite("a$$b")).containsExactly("a", "", "b");
	}

	@Test
	void a_plain_value_reads_an_escaped_dollar_as_a_dollar() {
		assertThat(SearchValues.plain(SearchValues.splitOr("cost \\$40").get(0))).isEqualTo("cost $40");
		assertThat(SearchValues.plain("no escapes")).isEqualTo("no escapes");
	}

	@Test
	void joining_or_values_and_splitting_them_again_gives_them_back() {
		List<String> values = List.of("a,b", "c\\d", "e\\$f", "plain");

		assertThat(SearchValues.splitOr(SearchValues.joinOr(values))).isEqualTo(values);
	}
}

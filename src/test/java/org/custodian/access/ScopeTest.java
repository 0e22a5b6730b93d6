package org.custodian.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

/** SMART scope strings: what each grants, and that nothing grants more than it says. */
class ScopeTest {

	@Test
	void readsVersionOneScopes() {
		assertThat(Scope.parse("patient/*.read")).contains(new Scope(Scope.Level.PATIENT, null,
				EnumSet.of(Interaction.READ, Interaction.SEARCH)));
		assertThat(Scope.parse("user/Observation.write")).contains(new Scope(Scope.Level.USER, "Observation",
				EnumSet.of(Interaction.CREATE, Interaction.UPDATE, Interaction.DELETE)));
		assertThat(Scope.parse("system/*.*")).contains(new Scope(Scope.Level.SYSTEM, null, EnumSet.allOf(Interaction.class)));
	}

	@Test
	void readsVersionTwoScopes() {
		assertThat(Scope.parse("patient/Observation.rs")).contains(new Scope(Scope.Level.PATIENT, "Observation",
				EnumSet.of(Interaction.READ, Interaction.SEARCH)));
		assertThat(Scope.parse("system/*.cud")).contains(new Scope(Scope.Level.SYSTEM, null,
				EnumSet.of(Interaction.CREATE, Interaction.UPDATE, Interaction.DELETE)));
	}

	@Test
	void grantsNothingForScopesItCannotHonourExactly() {
		assertThat(Scope.parse("patient/Observation.rs?category=laboratory")).as("narrowed by a query").contains(new Scope(
				Scope.Level.PATIENT, "Observation", EnumSet.of(Interaction.READ, Interaction.SEARCH), "category=laboratory"));
		assertThat(Scope.parse("patient/*.rs?category=laboratory")).as("a query needs a type").isEmpty();
		assertThat(Scope.parse("patient/Observation.read?category=laboratory")).as("a query needs v2 letters").isEmpty();
		assertThat(Scope.parse("patient/Observation.sr")).as("letters out of order").isEmpty();
		assertThat(Scope.parse("patient/Observation.")).isEmpty();
		assertThat(Scope.parse("openid")).isEmpty();
		assertThat(Scope.parse("launch/patient")).isEmpty();
		assertThat(Scope.parse("admin/*.read")).isEmpty();
		assertThat(Scope.parse("patient/observation.read")).as("not a resource type").isEmpty();
	}

	@Test
	void aScopeGrantsOnlyItsTypeAndInteractions() {
		Scope scope = Scope.parse("user/Observation.rs").orElseThrow();
		assertThat(scope.grants("Observation", Interaction.READ)).isTrue();
		assertThat(scope.grants("Observation", Interaction.UPDATE)).isFalse();
		assertThat(scope.grants("Condition", Interaction.READ)).isFalse();
	}
}

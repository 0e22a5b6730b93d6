package org.custodian.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExternalProviderTokensTest {

	@Test
	void readsRolesFromANestedClaimAndDropsNamesThatAreNotCustodianRoles() {
		Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("clinician", "offline_access", "him")),
				"roles", List.of("administrator"));

		Object roles = ExternalProviderTokens.withRoles(claims, "realm_access.roles").get("roles");

		assertThat(roles).isEqualTo(List.of("clinician", "him"));
	}

	@Test
	void readsRolesGivenAsOneSpaceOrCommaSeparatedString() {
		Object roles = ExternalProviderTokens.withRoles(Map.of("groups", "nurse, coder"), "groups").get("roles");

		assertThat(roles).isEqualTo(List.of("nurse", "coder"));
	}

	@Test
	void noRolesWhenTheClaimIsMissing() {
		Object roles = ExternalProviderTokens.withRoles(Map.of("roles", List.of("administrator")), "realm_access.roles")
				.get("roles");

		assertThat(roles).isEqualTo(List.of());
	}
}

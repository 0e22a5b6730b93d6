package org.custodian.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.custodian.access.Role;
import org.junit.jupiter.api.Test;

class ScopeGrantsTest {

	@Test
	void aPatientGetsOnlyPatientLevelScopes() {
		Set<Role> patient = Set.of(Role.PATIENT);

		assertThat(ScopeGrants.allowedForUser("patient/*.rs", patient)).isTrue();
		assertThat(ScopeGrants.allowedForUser("patient/Observation.read", patient)).isTrue();
		assertThat(ScopeGrants.allowedForUser("user/*.rs", patient)).isFalse();
		assertThat(ScopeGrants.allowedForUser("system/*.rs", patient)).isFalse();
		assertThat(ScopeGrants.allowedForUser("launch", patient)).as("EHR launch is for staff").isFalse();
		assertThat(ScopeGrants.allowedForUser("launch/patient", patient)).isTrue();
	}

	@Test
	void staffGetPatientAndUserScopesButNeverSystem() {
		Set<Role> clinician = Set.of(Role.CLINICIAN);

		assertThat(ScopeGrants.allowedForUser("user/*.cruds", clinician)).isTrue();
		assertThat(ScopeGrants.allowedForUser("patient/*.rs", clinician)).isTrue();
		assertThat(ScopeGrants.allowedForUser("launch", clinician)).isTrue();
		assertThat(ScopeGrants.allowedForUser("system/*.rs", Set.of(Role.ADMINISTRATOR))).isFalse();
	}

	@Test
	void aPersonHoldingThePatientRoleWithAnotherGetsNoUserScopes() {
		assertThat(ScopeGrants.allowedForUser("user/*.rs", Set.of(Role.PATIENT, Role.CLINICIAN))).isFalse();
	}

	@Test
	void unknownScopesAreNotGranted() {
		assertThat(ScopeGrants.allowedForUser("admin", Set.of(Role.ADMINISTRATOR))).isFalse();
		assertThat(ScopeGrants.allowedForUser("patient/*.rs?category=laboratory", Set.of(Role.PATIENT)))
				.as("a finer-grained scope needs a type").isFalse();
	}

	@Test
	void finerGrainedScopesAreGrantedLikeTheirUnconstrainedForm() {
		assertThat(ScopeGrants.allowedForUser("patient/Observation.rs?category=laboratory", Set.of(Role.PATIENT))).isTrue();
		assertThat(ScopeGrants.allowedForUser("user/Observation.rs?category=laboratory", Set.of(Role.PATIENT))).isFalse();
	}

	@Test
	void aBackendServiceGetsSystemScopesOnly() {
		assertThat(ScopeGrants.allowedForService("system/*.rs")).isTrue();
		assertThat(ScopeGrants.allowedForService("user/*.rs")).isFalse();
		assertThat(ScopeGrants.allowedForService("openid")).isFalse();
	}
}

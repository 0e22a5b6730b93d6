package org.custodian.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

	@Test
	void acceptsALongPassphrase() {
		assertThat(PasswordPolicy.problems("ana", "correct horse battery staple")).isEmpty();
	}

	@Test
	void refusesPasswordsShorterThanTwelveCharacters() {
		assertThat(PasswordPolicy.problems("ana", "Sh0rt!pass")).containsExactly(
				"A password needs at least 12 characters (this one has 10)");
	}

	@Test
	void refusesPasswordsContainingTheUsername() {
		assertThat(PasswordPolicy.problems("ana.lee", "my-ANA.LEE-password")).containsExactly(
				"A password may not contain the username");
	}

	@Test
	void refusesCommonPasswordsWhateverTheirCase() {
		assertThat(PasswordPolicy.problems("ana", "Password1234")).containsExactly(
				"This password is among the most common ones; choose another");
	}

	@Test
	void refusesOneCharacterRepeated() {
		assertThat(PasswordPolicy.problems("ana", "aaaaaaaaaaaaaaaa")).containsExactly(
				"A password may not be one character repeated");
	}

	@Test
	void namesEveryProblemAtOnceWithAStableCode() {
		assertThatThrownBy(() -> PasswordPolicy.require("bob", "bob123"))
				.isInstanceOfSatisfying(CustodianException.Invalid.class,
						e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCOUNT_PASSWORD_POLICY))
				.hasMessageContaining("at least 12 characters").hasMessageContaining("may not contain the username");
	}
}

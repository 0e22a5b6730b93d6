package org.custodian.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.custodian.access.Role;
import org.custodian.account.SignIn.Outcome;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.custodian.testkit.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Accounts against the real database: hashing, lockout, the second factor and its replay. */
class AccountsIT extends ServerTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	Accounts accounts;

	@Test
	void locksAccountAfterFiveFailedPasswords() {
		String name = clinician();
		for (int i = 1; i <= 4; i++) {
			assertThat(accounts.checkPassword(name, "wrong password " + i).outcome()).isEqualTo(Outcome.REFUSED);
		}

		assertThat(accounts.checkPassword(name, "wrong password 5").outcome()).isEqualTo(Outcome.LOCKED);
		assertThat(accounts.checkPassword(name, PASSWORD).outcome()).as("the right password while locked")
				.isEqualTo(Outcome.LOCKED);
		assertThat(accounts.checkPassword(name, PASSWORD).account()).isNull();
	}

	@Test
	void lockedAccountOpensAgainAfterTheLockoutPeriod() {
		String name = clinician();
		for (int i = 1; i <= 5; i++) {
			accounts.checkPassword(name, "wrong password " + i);
		}
		jdbc.update("update user_account set locked_until = now() - interval '1 second' where username = ?", name);

		assertThat(accounts.checkPassword(name, PASSWORD).outcome()).isEqualTo(Outcome.SIGNED_IN);
	}

	@Test
	void successfulSignInResetsTheFailureCount() {
		String name = clinician();
		for (int i = 1; i <= 4; i++) {
			accounts.checkPassword(name, "wrong password " + i);
		}
		assertThat(accounts.checkPassword(name, PASSWORD).outcome()).isEqualTo(Outcome.SIGNED_IN);

		for (int i = 1; i <= 4; i++) {
			assertThat(accounts.checkPassword(name, "wrong again " + i).outcome()).isEqualTo(Outcome.REFUSED);
		}
	}

	@Test
	void unknownUserIsRefusedLikeAWrongPassword() {
		SignIn unknown = accounts.checkPassword("nobody-" + UUID.randomUUID(), PASSWORD);

		assertThat(unknown.outcome()).isEqualTo(Outcome.REFUSED);
		assertThat(unknown.account()).isNull();
	}

	@Test
	void privilegedUserIsEnrolledInTotpAndMustGiveACode() {
		String name = "po-" + unique();
		Enrolment enrolment = accounts.add(name, "Pat Officer", Set.of(Role.PRIVACY_OFFICER), null, PASSWORD);

		assertThat(enrolment.secondFactorUri()).startsWith("otpauth://totp/Custodian:" + name + "?secret=");
		assertThat(accounts.checkPassword(name, PASSWORD).outcome()).isEqualTo(Outcome.SECOND_FACTOR_NEEDED);
		assertThat(accounts.checkSecondFactor(name, currentCode(enrolment)).outcome()).isEqualTo(Outcome.SIGNED_IN);
	}

	@Test
	void refusesReusedTotpCode() {
		String name = "him-" + unique();
		Enrolment enrolment = accounts.add(name, "", Set.of(Role.HIM), null, PASSWORD);
		String code = currentCode(enrolment);
		accounts.checkPassword(name, PASSWORD);
		assertThat(accounts.checkSecondFactor(name, code).outcome()).isEqualTo(Outcome.SIGNED_IN);

		accounts.checkPassword(name, PASSWORD);
		assertThat(accounts.checkSecondFactor(name, code).outcome()).isEqualTo(Outcome.REFUSED);
	}

	@Test
	void wrongCodesCountTowardsLockoutAndTheRightPasswordDoesNotResetThem() {
		String name = "admin-" + unique();
		Enrolment enrolment = accounts.add(name, "", Set.of(Role.ADMINISTRATOR), null, PASSWORD);
		for (int i = 0; i < 4; i++) {
			assertThat(accounts.checkPassword(name, PASSWORD).outcome()).isEqualTo(Outcome.SECOND_FACTOR_NEEDED);
			assertThat(accounts.checkSecondFactor(name, "000000").outcome()).isIn(Outcome.REFUSED);
		}

		assertThat(accounts.checkSecondFactor(name, "111111").outcome()).isEqualTo(Outcome.LOCKED);
		assertThat(accounts.checkSecondFactor(name, currentCode(enrolment)).outcome()).isEqualTo(Outcome.LOCKED);
	}

	@Test
	void storesTheSecondFactorSecretSealedNotInTheClear() {
		String name = "aud-" + unique();
		Enrolment enrolment = accounts.add(name, "", Set.of(Role.AUDITOR), null, PASSWORD);
		String secret = enrolment.secondFactorUri().replaceAll(".*secret=([A-Z2-7]+).*", "$1");

		String stored = jdbc.queryForObject("select totp_secret from user_account where username = ?", String.class, name);

		assertThat(stored).startsWith("v1:").doesNotContain(secret);
	}

	@Test
	void aSealedSecretCopiedToAnotherAccountDoesNotOpen() {
		String owner = "aud-" + unique();
		Enrolment enrolment = accounts.add(owner, "", Set.of(Role.AUDITOR), null, PASSWORD);
		String thief = clinician();
		jdbc.update("update user_account set totp_secret = (select totp_secret from user_account where username = ?)"
				+ " where username = ?", owner, thief);

		assertThat(accounts.checkPassword(thief, PASSWORD).outcome()).isEqualTo(Outcome.SECOND_FACTOR_NEEDED);
		assertThat(accounts.checkSecondFactor(thief, currentCode(enrolment)).outcome()).isEqualTo(Outcome.REFUSED);
	}

	@Test
	void disabledUserCannotSignInUntilEnabledAgain() {
		String name = clinician();
		accounts.setEnabled(name, false);

		assertThat(accounts.checkPassword(name, PASSWORD).outcome()).isEqualTo(Outcome.REFUSED);
		assertThat(accounts.find(name)).isEmpty();
		accounts.setEnabled(name, true);
		assertThat(accounts.checkPassword(name, PASSWORD).outcome()).isEqualTo(Outcome.SIGNED_IN);
	}

	@Test
	void newPasswordLiftsTheLockoutAndTheOldOneStopsWorking() {
		String name = clinician();
		for (int i = 1; i <= 5; i++) {
			accounts.checkPassword(name, "wrong password " + i);
		}

		accounts.changePassword(name, "a whole new passphrase");

		assertThat(accounts.checkPassword(name, PASSWORD).outcome()).isEqualTo(Outcome.REFUSED);
		assertThat(accounts.checkPassword(name, "a whole new passphrase").outcome()).isEqualTo(Outcome.SIGNED_IN);
	}

	@Test
	void renewedSecondFactorReplacesTheOldSecret() {
		String name = "roi-" + unique();
		Enrolment old = accounts.add(name, "", Set.of(Role.ROI), null, PASSWORD);

		Enrolment renewed = accounts.renewSecondFactor(name);

		assertThat(renewed.secondFactorUri()).isNotEqualTo(old.secondFactorUri());
		accounts.checkPassword(name, PASSWORD);
		String oldCode = currentCode(old);
		String newCode = currentCode(renewed);
		if (!oldCode.equals(newCode)) {
			assertThat(accounts.checkSecondFactor(name, oldCode).outcome()).isEqualTo(Outcome.REFUSED);
		}
		assertThat(accounts.checkSecondFactor(name, newCode).outcome()).isEqualTo(Outcome.SIGNED_IN);
	}

	@Test
	void managingAnUnknownUserSaysSo() {
		assertThatThrownBy(() -> accounts.setEnabled("nobody-" + unique(), false))
				.isInstanceOfSatisfying(CustodianException.NotFound.class,
						e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCOUNT_UNKNOWN));
	}

	@Test
	void storesOnlyAnArgon2idHashOfThePassword() {
		String name = clinician();
		String hash = jdbc.queryForObject("select password_hash from user_account where username = ?", String.class, name);

		assertThat(hash).startsWith("{argon2}$argon2id$").doesNotContain(PASSWORD);
	}

	@Test
	void upgradesAnOlderHashWhenTheUserSignsIn() {
		String name = clinician();
		jdbc.update("update user_account set password_hash = ? where username = ?",
				"{bcrypt}" + new BCryptPasswordEncoder().encode(PASSWORD), name);

		assertThat(accounts.checkPassword(name, PASSWORD).outcome()).isEqualTo(Outcome.SIGNED_IN);
		assertThat(jdbc.queryForObject("select password_hash from user_account where username = ?", String.class, name))
				.startsWith("{argon2}");
	}

	@Test
	void refusesAWeakPasswordWithTheReason() {
		assertThatThrownBy(() -> accounts.add("weak-" + unique(), "", Set.of(Role.CLINICIAN), null, "password1234"))
				.isInstanceOfSatisfying(CustodianException.Invalid.class,
						e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCOUNT_PASSWORD_POLICY))
				.hasMessageContaining("most common");
	}

	@Test
	void patientUserMustNameTheirPatientRecord() {
		assertThatThrownBy(() -> accounts.add("pat-" + unique(), "", Set.of(Role.PATIENT), "Practitioner/1", PASSWORD))
				.isInstanceOfSatisfying(CustodianException.Invalid.class,
						e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCOUNT_INVALID));
	}

	@Test
	void refusesASecondAccountWithTheSameName() {
		String name = clinician();

		assertThatThrownBy(() -> accounts.add(name.toUpperCase(), "", Set.of(Role.NURSE), null, PASSWORD))
				.isInstanceOfSatisfying(CustodianException.Conflict.class,
						e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCOUNT_EXISTS));
	}

	private String clinician() {
		String name = "doc-" + unique();
		accounts.add(name, "Dr Test", Set.of(Role.CLINICIAN), "Practitioner/" + unique(), PASSWORD);
		return name;
	}

	private static String currentCode(Enrolment enrolment) {
		return TotpCodes.now(enrolment, Instant.now());
	}

	private static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}
}

package org.custodian.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.database.DatabaseProperties;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Local user accounts and the checks of signing in: the password against its adaptive hash, then,
 * for users enrolled in it, a TOTP code accepted at most once per 30-second step. Consecutive
 * failures of either lock the account for a while ({@link AccountProperties}); only a complete
 * sign-in resets the count, so knowing the password does not buy fresh guesses at the code.
 *
 * <p>Counting is one atomic {@code update … returning}, so parallel guesses cannot slip past the limit.
 */
@Service
public class Accounts {

	private static final String USERNAME = "[a-z0-9][a-z0-9._@-]{0,63}";
	private static final String FHIR_USER = "(Practitioner|PractitionerRole|Patient|RelatedPerson|Person)/[A-Za-z0-9.-]{1,64}";
	private static final String ISSUER = "Custodian";
	/** Who the audit trail names for changes made with {@code custodian user} on the server host. */
	public static final String OPERATOR = "system:command-line";

	private final JdbcTemplate jdbc;
	private final PasswordEncoder passwords;
	private final SignInEvents events;
	private final AccountProperties properties;
	private final Clock clock;
	private final SecretSeal seal;
	private final AccountChanges changes;
	/** Compared against when the user is unknown, so that a refusal takes as long either way. */
	private final String decoyHash;

	Accounts(JdbcTemplate jdbc, PasswordEncoder passwords, SignInEvents events, AccountProperties properties, Clock clock,
			DatabaseProperties database, AccountChanges changes) {
		this.jdbc = jdbc;
		this.changes = changes;
		this.seal = new SecretSeal(database.dataDir());
		this.passwords = passwords;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
		this.decoyHash = passwords.encode("decoy password that matches nothing");
	}

	/** Creates an account, as the operator on the server host ({@link #OPERATOR}). */
	public Enrolment add(String username, String displayName, Set<Role> roles, @Nullable String fhirUser, String password) {
		return add(OPERATOR, username, displayName, roles, fhirUser, password);
	}

	/** Creates an account; a user whose roles are privileged is enrolled in TOTP at once. */
	@Transactional
	public Enrolment add(String actor, String username, String displayName, Set<Role> roles, @Nullable String fhirUser,
			String password) {
		String name = username.toLowerCase(Locale.ROOT);
		if (!name.matches(USERNAME)) {
			throw invalid("A username is 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit, not '"
					+ username + "'");
		}
		if (roles.isEmpty()) {
			throw invalid("A user needs at least one role");
		}
		if (fhirUser != null && !fhirUser.matches(FHIR_USER)) {
			throw invalid("The FHIR user must name a Practitioner, PractitionerRole, Patient, RelatedPerson or Person, not '"
					+ fhirUser + "'");
		}
		if (roles.contains(Role.PATIENT) && (fhirUser == null || !fhirUser.startsWith("Patient/"))) {
			throw invalid("A user with the patient role needs --fhir-user Patient/ID: the record they may open");
		}
		PasswordPolicy.require(name, password);
		byte[] secret = UserAccount.needsSecondFactor(roles) ? Totp.newSecret() : null;
		int added = jdbc.update("insert into user_account (username, display_name, roles, fhir_user, password_hash, totp_secret)"
				+ " values (?, ?, ?, ?, ?, ?) on conflict (username) do nothing", name,
				displayName.isBlank() ? name : displayName, roles.stream().map(Role::externalName).toArray(String[]::new),
				fhirUser, passwords.encode(password), secret == null ? null : seal.seal(secret, name));
		if (added == 0) {
			throw new CustodianException.Conflict(ErrorCode.ACCOUNT_EXISTS, "A user named '" + name + "' already exists");
		}
		UserAccount account = new UserAccount(name, displayName, roles, fhirUser, secret != null);
		changes.changed(actor, name, "created with roles " + names(roles) + (fhirUser == null ? "" : ", as " + fhirUser)
				+ (secret == null ? "" : ", second factor enrolled"));
		return new Enrolment(account, secret == null ? null : Totp.uri(ISSUER, name, secret));
	}

	/**
	 * Disables or re-enables an account. A disabled user cannot sign in, and their apps' refresh
	 * tokens stop working; access tokens already issued run out within their lifetime.
	 */
	public void setEnabled(String username, boolean enabled) {
		setEnabled(OPERATOR, username, enabled);
	}

	@Transactional
	public void setEnabled(String actor, String username, boolean enabled) {
		require(jdbc.update("update user_account set enabled = ?, changed = now() where username = ?", enabled,
				username.toLowerCase(Locale.ROOT)), username);
		changes.changed(actor, username.toLowerCase(Locale.ROOT), enabled ? "enabled" : "disabled");
	}

	/**
	 * Sets the roles an account holds. A user given a privileged role who has no second factor yet
	 * is enrolled at once; the enrolment (to show once) is returned, or null when none was needed.
	 */
	@Transactional
	public @Nullable Enrolment setRoles(String actor, String username, Set<Role> roles) {
		String name = username.toLowerCase(Locale.ROOT);
		if (roles.isEmpty()) {
			throw invalid("A user needs at least one role");
		}
		UserAccount before = row(name).map(Accounts::account).orElseThrow(() -> new CustodianException.NotFound(
				ErrorCode.ACCOUNT_UNKNOWN, "No user named '" + username + "'"));
		if (roles.contains(Role.PATIENT) && (before.fhirUser() == null || !before.fhirUser().startsWith("Patient/"))) {
			throw invalid("A user with the patient role needs a FHIR user Patient/ID: the record they may open");
		}
		jdbc.update("update user_account set roles = ?, changed = now() where username = ?",
				roles.stream().map(Role::externalName).toArray(String[]::new), name);
		changes.changed(actor, name, "roles set to " + names(roles) + " (were " + names(before.roles()) + ")");
		if (UserAccount.needsSecondFactor(roles) && !before.secondFactorEnrolled()) {
			return renewSecondFactor(actor, name);
		}
		return null;
	}

	/** Every account, enabled or not, by username: the administrator's list. */
	public List<UserAccount> all() {
		return jdbc.queryForList("select * from user_account order by username").stream().map(Accounts::account).toList();
	}

	/** Whether the account exists but is disabled. */
	public boolean disabled(String username) {
		return row(username).map(r -> !(Boolean) r.get("enabled")).orElse(false);
	}

	/** Sets a new password (under the policy) and lifts a lockout: what the help desk does. */
	public void changePassword(String username, String password) {
		changePassword(OPERATOR, username, password);
	}

	@Transactional
	public void changePassword(String actor, String username, String password) {
		String name = username.toLowerCase(Locale.ROOT);
		PasswordPolicy.require(name, password);
		require(jdbc.update("update user_account set password_hash = ?, failed_attempts = 0, locked_until = null,"
				+ " changed = now() where username = ?", passwords.encode(password), name), username);
		changes.changed(actor, name, "password set, lockout lifted");
	}

	/** A new second-factor secret (a lost phone): the old one stops working at once. */
	public Enrolment renewSecondFactor(String username) {
		return renewSecondFactor(OPERATOR, username);
	}

	@Transactional
	public Enrolment renewSecondFactor(String actor, String username) {
		String name = username.toLowerCase(Locale.ROOT);
		byte[] secret = Totp.newSecret();
		require(jdbc.update("update user_account set totp_secret = ?, totp_last_step = null, changed = now()"
				+ " where username = ?", seal.seal(secret, name), name), username);
		UserAccount account = row(name).map(Accounts::account).orElseThrow();
		changes.changed(actor, name, "second factor renewed (the old one no longer works)");
		return new Enrolment(account, Totp.uri(ISSUER, name, secret));
	}

	public Optional<UserAccount> find(String username) {
		return row(username).filter(r -> (Boolean) r.get("enabled")).map(Accounts::account);
	}

	public boolean none() {
		return !Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from user_account)", Boolean.class));
	}

	/** The first step of signing in. */
	public SignIn checkPassword(String username, String password) {
		Optional<Map<String, Object>> found = row(username);
		if (found.isEmpty() || !(Boolean) found.get().get("enabled")) {
			passwords.matches(password, decoyHash);
			events.refused(username, found.isEmpty() ? "unknown user" : "disabled");
			return SignIn.refused();
		}
		Map<String, Object> row = found.get();
		String name = (String) row.get("username");
		if (locked(row)) {
			events.refused(name, "locked");
			return SignIn.locked();
		}
		String hash = (String) row.get("password_hash");
		if (!passwords.matches(password, hash)) {
			events.refused(name, "wrong password");
			return failure(name);
		}
		if (passwords.upgradeEncoding(hash)) {
			jdbc.update("update user_account set password_hash = ? where username = ?", passwords.encode(password), name);
		}
		UserAccount account = account(row);
		if (account.secondFactorEnrolled()) {
			return new SignIn(SignIn.Outcome.SECOND_FACTOR_NEEDED, account);
		}
		jdbc.update("update user_account set failed_attempts = 0 where username = ?", name);
		events.signedIn(name);
		return new SignIn(SignIn.Outcome.SIGNED_IN, account);
	}

	/**
	 * The second step, for a user whose password was just accepted: a code from their
	 * authenticator, accepted once.
	 */
	public SignIn checkSecondFactor(String username, String code) {
		Optional<Map<String, Object>> found = row(username);
		if (found.isEmpty() || !(Boolean) found.get().get("enabled") || found.get().get("totp_secret") == null) {
			events.secondFactorRefused(username, "no second factor enrolled");
			return SignIn.refused();
		}
		Map<String, Object> row = found.get();
		String name = (String) row.get("username");
		if (locked(row)) {
			events.secondFactorRefused(name, "locked");
			return SignIn.locked();
		}
		byte[] secret;
		try {
			secret = seal.open((String) row.get("totp_secret"), name);
		} catch (IllegalStateException e) {
			// Sealed for another account, or under another key: no code can match it.
			events.secondFactorRefused(name, "secret does not open");
			return failure(name);
		}
		OptionalLong step = Totp.matchingStep(secret, code, clock.instant());
		if (step.isEmpty()) {
			events.secondFactorRefused(name, "wrong code");
			return failure(name);
		}
		// Claiming the step and resetting the count is one statement: of two requests with the same
		// code, exactly one sees its update applied.
		int claimed = jdbc.update("update user_account set totp_last_step = ?, failed_attempts = 0 where username = ?"
				+ " and (totp_last_step is null or totp_last_step < ?)", step.getAsLong(), name, step.getAsLong());
		if (claimed == 0) {
			events.secondFactorRefused(name, "code already used");
			return failure(name);
		}
		events.signedIn(name);
		return new SignIn(SignIn.Outcome.SIGNED_IN, account(row));
	}

	private SignIn failure(String name) {
		Instant now = clock.instant();
		int limit = properties.maxFailedAttempts();
		Timestamp lockedUntil = jdbc.queryForObject("update user_account set"
				+ " locked_until = case when failed_attempts + 1 >= ? then ? else locked_until end,"
				+ " failed_attempts = case when failed_attempts + 1 >= ? then 0 else failed_attempts + 1 end"
				+ " where username = ? returning locked_until", Timestamp.class, limit,
				Timestamp.from(now.plus(properties.lockoutDuration())), limit, name);
		if (lockedUntil != null && lockedUntil.toInstant().isAfter(now)) {
			events.lockedOut(name);
			return SignIn.locked();
		}
		return SignIn.refused();
	}

	private boolean locked(Map<String, Object> row) {
		Object until = row.get("locked_until");
		return until instanceof Timestamp t && t.toInstant().isAfter(clock.instant());
	}

	private Optional<Map<String, Object>> row(String username) {
		List<Map<String, Object>> rows = jdbc.queryForList("select * from user_account where username = ?",
				username.toLowerCase(Locale.ROOT));
		return rows.stream().findFirst();
	}

	private static UserAccount account(Map<String, Object> row) {
		Set<Role> roles = RoleColumn.read(row.get("roles"));
		return new UserAccount((String) row.get("username"), (String) row.get("display_name"), roles,
				(String) row.get("fhir_user"), row.get("totp_secret") != null);
	}


	private static String names(Set<Role> roles) {
		return String.join(", ", roles.stream().map(Role::externalName).sorted().toList());
	}

	private static void require(int updated, String username) {
		if (updated == 0) {
			throw new CustodianException.NotFound(ErrorCode.ACCOUNT_UNKNOWN, "No user named '" + username + "'");
		}
	}

	private static CustodianException invalid(String message) {
		return new CustodianException.Invalid(ErrorCode.ACCOUNT_INVALID, message);
	}
}

package org.custodian.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How sign-in protects accounts.
 *
 * @param maxFailedAttempts consecutive failed passwords or codes that lock an account (default 5)
 * @param lockoutDuration   how long a locked account stays locked (default 15 minutes)
 * @param idleTimeout       how long an interactive (browser) session may sit idle before the user
 *                          must sign in again (default 15 minutes; HIPAA 164.312(a)(2)(iii))
 */
@ConfigurationProperties("custodian.accounts")
public record AccountProperties(Integer maxFailedAttempts, Duration lockoutDuration, Duration idleTimeout) {

	public AccountProperties {
		if (maxFailedAttempts == null) {
			maxFailedAttempts = 5;
		}
		if (maxFailedAttempts < 1 || maxFailedAttempts > 100) {
			throw new IllegalArgumentException("custodian.accounts.max-failed-attempts must be between 1 and 100, not "
					+ maxFailedAttempts);
		}
		if (lockoutDuration == null) {
			lockoutDuration = Duration.ofMinutes(15);
		}
		if (lockoutDuration.isNegative() || lockoutDuration.isZero()) {
			throw new IllegalArgumentException("custodian.accounts.lockout-duration must be positive, not " + lockoutDuration);
		}
		if (idleTimeout == null) {
			idleTimeout = Duration.ofMinutes(15);
		}
		if (idleTimeout.compareTo(Duration.ofMinutes(1)) < 0 || idleTimeout.compareTo(Duration.ofHours(12)) > 0) {
			throw new IllegalArgumentException("custodian.accounts.idle-timeout must be between 1 minute and 12 hours, not "
					+ idleTimeout);
		}
	}
}

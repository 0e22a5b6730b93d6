package org.custodian.access;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How access tokens are issued and checked.
 *
 * @param issuer        the {@code iss} of tokens this server signs, and the only issuer it accepts
 * @param audience      the {@code aud} a token must name to be accepted here (the FHIR API)
 * @param tokenLifetime how long a token from {@code custodian token} lasts (at most 1 hour)
 * @param encounterWindow how long after an encounter ends its participants keep a treatment
 *                      relationship with the patient
 * @param breakGlassDuration how long a record opened by breaking the glass stays open (at most 24 h)
 */
@ConfigurationProperties("custodian.access")
public record AccessProperties(String issuer, String audience, Duration tokenLifetime, Duration encounterWindow,
		Duration breakGlassDuration) {

	public AccessProperties {
		if (issuer == null || issuer.isBlank()) {
			issuer = "urn:custodian:local";
		}
		if (audience == null || audience.isBlank()) {
			audience = "urn:custodian:fhir";
		}
		if (breakGlassDuration == null) {
			breakGlassDuration = Duration.ofHours(2);
		}
		if (breakGlassDuration.compareTo(Duration.ofHours(24)) > 0 || breakGlassDuration.isNegative()
				|| breakGlassDuration.isZero()) {
			throw new IllegalArgumentException("custodian.access.break-glass-duration must be between 1 s and 24 h, not "
					+ breakGlassDuration);
		}
		if (encounterWindow == null) {
			encounterWindow = Duration.ofDays(30);
		}
		if (tokenLifetime == null) {
			tokenLifetime = Duration.ofMinutes(15);
		}
		if (tokenLifetime.compareTo(Duration.ofHours(1)) > 0 || tokenLifetime.isNegative() || tokenLifetime.isZero()) {
			throw new IllegalArgumentException("custodian.access.token-lifetime must be between 1 s and 1 h, not "
					+ tokenLifetime);
		}
	}
}

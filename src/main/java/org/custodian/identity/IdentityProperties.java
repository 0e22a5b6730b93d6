package org.custodian.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code custodian.identity.*}: the match thresholds, in bits of evidence (log2 of how much likelier
 * the fields' agreement is between records of one person than between strangers).
 *
 * @param matchAt  at or above: the same person (PDQm grade certain)
 * @param reviewAt at or above: possibly the same person, for review (grade probable)
 * @param onRegistration what registering a Patient does about likely duplicates ({@link RegistrationCheck})
 */
@ConfigurationProperties("custodian.identity")
public record IdentityProperties(@DefaultValue("14") double matchAt, @DefaultValue("6") double reviewAt,
		@DefaultValue("warn") RegistrationCheck.Mode onRegistration) {
}

package org.custodian.access;

import java.time.Instant;

/**
 * A change to who may see what (a role's policy, a labelling rule), as reported to
 * {@link AccessDecisions} for the audit trail: when, by whom, what changed, and why.
 *
 * @param what    {@code role-policy}, {@code labelling-rule}
 * @param subject what was changed: {@code clinician v3}, {@code hiv-icd10cm}
 */
public record SecurityChange(Instant at, String actor, String what, String subject, String detail) {
}

package org.custodian.account;

import org.jspecify.annotations.Nullable;

/**
 * What the new user must be given once: the {@code otpauth://} URI of their second factor, when their
 * roles need one. It is shown only at creation; the secret is not shown again.
 */
public record Enrolment(UserAccount account, @Nullable String secondFactorUri) {
}

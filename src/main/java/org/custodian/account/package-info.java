/**
 * People who sign in: local user accounts (roles, the FHIR resource that is the user, an adaptive
 * password hash, lockout, TOTP second factor) and the record of sign-in events. The authorization
 * server at the web edge asks {@link org.custodian.account.Accounts} whether a sign-in succeeds;
 * nothing here knows about HTTP.
 */
@NullMarked
package org.custodian.account;

import org.jspecify.annotations.NullMarked;

package org.custodian.account;

/**
 * Where sign-in reports what happened, for the audit trail ({@code audit.SignInAudit} records them). Events name
 * usernames and client ids, never patient data. Implementations must not throw: a failure to
 * record must not decide a sign-in.
 */
public interface SignInEvents {

	void signedIn(String username);

	/** A browser session ended: signed out, or ended by the idle time-out ({@code how} says which). */
	void signedOut(String username, String how);

	/** A wrong password, or an unknown or disabled user (the reason is for the log, never the user). */
	void refused(String username, String reason);

	void lockedOut(String username);

	void secondFactorRefused(String username, String reason);

	/** A person approved an app's access (the scopes granted), or declined it ({@code scope} empty). */
	void approved(String username, String clientId, String scope);

	/** An access token issued: to a user through a client, or to a client acting for itself. */
	void tokenIssued(String subject, String clientId, String grant, String scope);

	void tokenRevoked(String clientId, String tokenType);
}

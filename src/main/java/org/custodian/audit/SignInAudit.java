package org.custodian.audit;

import java.time.Instant;
import java.util.List;

import org.custodian.account.LoggedSignInEvents;
import org.custodian.account.SignInEvents;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sign-in in the audit trail: each sign-in, refusal, lockout, refused one-time code, approval or
 * refusal of an app, token issued and token revoked is a {@code login} record (and a log line
 * without patient data). As {@link SignInEvents} asks, recording never decides a sign-in: a
 * failure to write the record is logged as an error instead.
 */
@Component
class SignInAudit implements SignInEvents {

	private static final Logger log = LoggerFactory.getLogger(SignInAudit.class);

	private final AuditTrail trail;
	private final LoggedSignInEvents logged = new LoggedSignInEvents();

	SignInAudit(AuditTrail trail) {
		this.trail = trail;
	}

	@Override
	public void signedIn(String username) {
		logged.signedIn(username);
		record("sign-in", AuditRecord.SUCCESS, username, null, null);
	}

	@Override
	public void signedOut(String username, String how) {
		logged.signedOut(username, how);
		record("sign-out", AuditRecord.SUCCESS, username, null, how);
	}

	@Override
	public void refused(String username, String reason) {
		logged.refused(username, reason);
		record("sign-in", AuditRecord.MINOR_FAILURE, username, null, reason);
	}

	@Override
	public void lockedOut(String username) {
		logged.lockedOut(username);
		record("lockout", AuditRecord.MINOR_FAILURE, username, null, "locked after repeated failures");
	}

	@Override
	public void secondFactorRefused(String username, String reason) {
		logged.secondFactorRefused(username, reason);
		record("second-factor", AuditRecord.MINOR_FAILURE, username, null, reason);
	}

	@Override
	public void approved(String username, String clientId, String scope) {
		logged.approved(username, clientId, scope);
		record("approval", AuditRecord.SUCCESS, username, clientId, scope.isBlank() ? "declined" : "approved: " + scope);
	}

	@Override
	public void tokenIssued(String subject, String clientId, String grant, String scope) {
		logged.tokenIssued(subject, clientId, grant, scope);
		record("token", AuditRecord.SUCCESS, subject, clientId, grant + ": " + scope);
	}

	@Override
	public void tokenRevoked(String clientId, String tokenType) {
		logged.tokenRevoked(clientId, tokenType);
		record("revocation", AuditRecord.SUCCESS, clientId, clientId, tokenType);
	}

	private void record(String subtype, int outcome, String actor, @Nullable String client, @Nullable String detail) {
		try {
			trail.record(new AuditRecord(Instant.now(), "login", 'E', subtype, outcome, bounded(actor), null,
					client == null ? null : bounded(client), List.of(), null, null, List.of(), List.of(), null, detail, false));
		} catch (RuntimeException e) {
			log.error("A sign-in event ({}) could not be written to the audit trail", subtype, e);
		}
	}

	/** What a stranger typed as a username goes into a column of 256 characters. */
	private static String bounded(String text) {
		return text.length() > 256 ? text.substring(0, 256) : text;
	}
}

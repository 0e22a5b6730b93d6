package org.custodian.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SignInEvents} as log lines, under the logger {@code org.custodian.account.SignInEvents}; the
 * audit trail's implementation writes each event to the trail and logs it through this.
 */
public final class LoggedSignInEvents implements SignInEvents {

	private static final Logger LOG = LoggerFactory.getLogger(SignInEvents.class);

	@Override
	public void signedIn(String username) {
		LOG.info("sign-in succeeded user={}", clean(username));
	}

	@Override
	public void signedOut(String username, String how) {
		LOG.info("session ended user={} how={}", clean(username), clean(how));
	}

	@Override
	public void refused(String username, String reason) {
		LOG.warn("sign-in refused user={} reason={}", clean(username), reason);
	}

	@Override
	public void lockedOut(String username) {
		LOG.warn("account locked user={}", clean(username));
	}

	@Override
	public void secondFactorRefused(String username, String reason) {
		LOG.warn("second factor refused user={} reason={}", clean(username), reason);
	}

	@Override
	public void approved(String username, String clientId, String scope) {
		if (scope.isBlank()) {
			LOG.info("access declined user={} client={}", clean(username), clean(clientId));
		} else {
			LOG.info("access approved user={} client={} scope=\"{}\"", clean(username), clean(clientId), clean(scope));
		}
	}

	@Override
	public void tokenIssued(String subject, String clientId, String grant, String scope) {
		LOG.info("token issued subject={} client={} grant={} scope=\"{}\"", clean(subject), clean(clientId), grant,
				clean(scope));
	}

	@Override
	public void tokenRevoked(String clientId, String tokenType) {
		LOG.info("token revoked client={} type={}", clean(clientId), tokenType);
	}

	/** A typed username may hold anything: keep it on one line and short, so it cannot forge log lines. */
	private static String clean(String text) {
		String oneLine = text.replaceAll("[\\p{Cntrl}]", "?");
		return oneLine.length() > 128 ? oneLine.substring(0, 128) + "…" : oneLine;
	}
}

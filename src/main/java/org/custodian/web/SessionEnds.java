package org.custodian.web;

import org.custodian.account.SignInEvents;
import org.springframework.context.ApplicationListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.session.HttpSessionDestroyedEvent;
import org.springframework.stereotype.Component;

/**
 * Records the end of a signed-in browser session that nobody signed out of: the idle time-out (or
 * the server discarding it). A session signed out of was recorded by the sign-out itself and is
 * marked {@link #SIGNED_OUT}, so it is not recorded twice.
 */
@Component
class SessionEnds implements ApplicationListener<HttpSessionDestroyedEvent> {

	static final String SIGNED_OUT = SessionEnds.class.getName() + ".signedOut";

	private final SignInEvents events;

	SessionEnds(SignInEvents events) {
		this.events = events;
	}

	@Override
	public void onApplicationEvent(HttpSessionDestroyedEvent event) {
		if (event.getSession().getAttribute(SIGNED_OUT) != null) {
			return;
		}
		for (SecurityContext context : event.getSecurityContexts()) {
			Authentication who = context.getAuthentication();
			if (who != null && who.isAuthenticated()) {
				events.signedOut(who.getName(), "session ended after the idle time-out");
			}
		}
	}
}

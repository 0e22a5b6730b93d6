package org.custodian.web;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.custodian.access.AccessTokens;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;

/**
 * What a client may ask for, by the rule {@code custodian token} follows ({@link AccessTokens#allowed}):
 * a registered scope or a narrower one of the same level, so an app registered for
 * {@code patient/*.rs} may ask for {@code patient/Observation.rs}. Spring's own check demands the
 * exact strings registered.
 */
final class RegisteredScopes {

	private RegisteredScopes() {
	}

	static Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> forAuthorization() {
		return context -> {
			OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
			String refused = firstNotCovered(request.getScopes(), context.getRegisteredClient().getScopes());
			if (refused != null) {
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error("invalid_scope",
						"The client may not be granted '" + refused + "'", null), request);
			}
		};
	}

	static Consumer<OAuth2ClientCredentialsAuthenticationContext> forClientCredentials() {
		return context -> {
			OAuth2ClientCredentialsAuthenticationToken request = context.getAuthentication();
			String refused = firstNotCovered(request.getScopes(), context.getRegisteredClient().getScopes());
			if (refused != null) {
				throw new OAuth2AuthenticationException(new OAuth2Error("invalid_scope",
						"The client may not be granted '" + refused + "'", null));
			}
		};
	}

	private static @Nullable String firstNotCovered(Set<String> requested, Set<String> registered) {
		List<String> allowed = List.copyOf(registered);
		return requested.stream().filter(s -> !AccessTokens.allowed(s, allowed)).findFirst().orElse(null);
	}
}

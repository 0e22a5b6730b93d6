package org.custodian.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens as SMART asks for them: only when the app asked for {@code offline_access} or
 * {@code online_access}, and for public apps too (a phone app cannot keep a secret but must not
 * make its patient sign in every 15 minutes). Spring's generator gives public clients none. What
 * keeps a public app's refresh token from outliving a theft is rotation: each use replaces it and
 * the old one stops working, and revoking it (or disabling the user) ends it.
 */
final class RefreshTokens implements OAuth2TokenGenerator<OAuth2RefreshToken> {

	private static final Set<String> REFRESH_SCOPES = Set.of("offline_access", "online_access");
	private static final SecureRandom RANDOM = new SecureRandom();

	private final Clock clock;

	RefreshTokens(Clock clock) {
		this.clock = clock;
	}

	@Override
	public @Nullable OAuth2RefreshToken generate(OAuth2TokenContext context) {
		if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())
				|| !context.getRegisteredClient().getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)
				|| context.getAuthorizedScopes().stream().noneMatch(REFRESH_SCOPES::contains)) {
			return null;
		}
		byte[] value = new byte[32];
		RANDOM.nextBytes(value);
		Instant now = clock.instant();
		return new OAuth2RefreshToken(Base64.getUrlEncoder().withoutPadding().encodeToString(value), now,
				now.plus(context.getRegisteredClient().getTokenSettings().getRefreshTokenTimeToLive()));
	}
}

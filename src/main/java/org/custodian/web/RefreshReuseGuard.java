package org.custodian.web;

import java.io.IOException;

import org.custodian.account.RevokedTokens;
import org.custodian.account.RotatedRefreshTokens;
import org.custodian.account.SignInEvents;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refresh token reuse detection. Every refresh replaces the refresh token; before the request is
 * handled, a still valid token is noted as used. A token already replaced that comes back was
 * copied, by someone who is either the thief or the app the thief raced: the grant it belonged to
 * is ended (its current refresh token and its access token, which the API then refuses). The request
 * itself then fails as any unknown refresh token does.
 */
final class RefreshReuseGuard extends OncePerRequestFilter {

	private final OAuth2AuthorizationService authorizations;
	private final RotatedRefreshTokens rotated;
	private final RevokedTokens revoked;
	private final SignInEvents events;

	RefreshReuseGuard(OAuth2AuthorizationService authorizations, RotatedRefreshTokens rotated, RevokedTokens revoked,
			SignInEvents events) {
		this.authorizations = authorizations;
		this.rotated = rotated;
		this.revoked = revoked;
		this.events = events;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !"/oauth2/token".equals(request.getRequestURI())
				|| !"refresh_token".equals(request.getParameter("grant_type")) || request.getParameter("refresh_token") == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String token = request.getParameter("refresh_token");
		OAuth2Authorization current = authorizations.findByToken(token, OAuth2TokenType.REFRESH_TOKEN);
		OAuth2Authorization.Token<OAuth2RefreshToken> refresh = current == null ? null : current.getRefreshToken();
		if (refresh != null && refresh.isActive() && refresh.getToken().getExpiresAt() != null) {
			rotated.used(token, current.getId(), refresh.getToken().getExpiresAt());
		} else if (current == null) {
			rotated.grantOf(token).map(authorizations::findById).ifPresent(this::end);
		}
		chain.doFilter(request, response);
	}

	private void end(OAuth2Authorization grant) {
		revoked.revokeAccessTokenOf(grant);
		authorizations.remove(grant);
		events.tokenRevoked(grant.getRegisteredClientId(), "grant (a replaced refresh token was used again)");
	}
}

package org.custodian.web;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import org.custodian.access.AccessTokens;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Token introspection (RFC 7662) for an authenticated client: whether a token this server issued is
 * still active, and its claims. Spring's own provider insists that the issuer claim be a URL, which
 * {@code custodian.access.issuer} need not be ({@code urn:custodian:local}); this one reports the
 * same facts and leaves {@code iss} (optional in RFC 7662) out when it is not a URL.
 */
final class Introspection implements AuthenticationProvider {

	private final OAuth2AuthorizationService authorizations;

	Introspection(OAuth2AuthorizationService authorizations) {
		this.authorizations = authorizations;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenIntrospectionAuthenticationToken request = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		Authentication client = (Authentication) request.getPrincipal();
		if (!(client instanceof OAuth2ClientAuthenticationToken) || !client.isAuthenticated()) {
			throw new org.springframework.security.oauth2.core.OAuth2AuthenticationException("invalid_client");
		}
		OAuth2Authorization authorization = authorizations.findByToken(request.getToken(), null);
		OAuth2Authorization.Token<OAuth2Token> token = authorization == null ? null : authorization.getToken(request.getToken());
		if (token == null || !token.isActive()) {
			return new OAuth2TokenIntrospectionAuthenticationToken(request.getToken(), client,
					OAuth2TokenIntrospection.builder().build());
		}
		OAuth2TokenIntrospection.Builder claims = OAuth2TokenIntrospection.builder(true)
				.clientId(authorization.getRegisteredClientId()).tokenType("Bearer");
		Instant issued = token.getToken().getIssuedAt();
		Instant expires = token.getToken().getExpiresAt();
		if (issued != null) {
			claims.issuedAt(issued);
		}
		if (expires != null) {
			claims.expiresAt(expires);
		}
		Map<String, Object> tokenClaims = token.getClaims();
		if (tokenClaims != null) {
			copy(tokenClaims, claims);
		} else {
			claims.scopes(list -> list.addAll(authorization.getAuthorizedScopes())).subject(authorization.getPrincipalName());
		}
		return new OAuth2TokenIntrospectionAuthenticationToken(request.getToken(), client, claims.build());
	}

	private static void copy(Map<String, Object> from, OAuth2TokenIntrospection.Builder to) {
		Object scope = from.get(AccessTokens.CLAIM_SCOPE);
		if (scope != null && !scope.toString().isBlank()) {
			// Spring keeps scopes as a list and writes them space-separated, as RFC 7662 asks.
			to.scopes(list -> list.addAll(java.util.List.of(scope.toString().trim().split("\\s+"))));
		}
		for (String name : new String[] {"sub", "jti", AccessTokens.CLAIM_CLIENT, AccessTokens.CLAIM_PATIENT,
				AccessTokens.CLAIM_FHIR_USER, AccessTokens.CLAIM_ROLES}) {
			Object value = from.get(name);
			if (value != null) {
				to.claim(name, value);
			}
		}
		Object audience = from.get("aud");
		if (audience instanceof Collection<?> values) {
			to.audiences(list -> values.forEach(v -> list.add(v.toString())));
		}
		Object issuer = from.get("iss");
		if (issuer != null && issuer.toString().matches("https?://\\S+")) {
			to.issuer(issuer.toString());
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenIntrospectionAuthenticationToken.class.isAssignableFrom(authentication);
	}
}

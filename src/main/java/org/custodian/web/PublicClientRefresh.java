package org.custodian.web;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A public app refreshing its token names itself by {@code client_id} alone (it has no secret, and
 * PKCE belongs to the code exchange). Spring accepts a public client only with a code verifier; this
 * reads such a refresh request and accepts it for clients registered as public. The refresh token
 * itself is then checked to belong to that client.
 */
final class PublicClientRefresh {

	private static final String MARK = PublicClientRefresh.class.getName();

	private PublicClientRefresh() {
	}

	static AuthenticationConverter converter() {
		return request -> refreshByPublicClient(request)
				? new OAuth2ClientAuthenticationToken(request.getParameter("client_id"), ClientAuthenticationMethod.NONE, null,
						Map.of(MARK, true))
				: null;
	}

	static AuthenticationProvider provider(RegisteredClientRepository clients) {
		return new AuthenticationProvider() {
			@Override
			public @Nullable Authentication authenticate(Authentication authentication) {
				OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
				if (!Boolean.TRUE.equals(client.getAdditionalParameters().get(MARK))) {
					return null;
				}
				RegisteredClient registered = clients.findByClientId(String.valueOf(client.getPrincipal()));
				if (registered == null || !registered.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
					throw new OAuth2AuthenticationException("invalid_client");
				}
				return new OAuth2ClientAuthenticationToken(registered, ClientAuthenticationMethod.NONE, null);
			}

			@Override
			public boolean supports(Class<?> type) {
				return OAuth2ClientAuthenticationToken.class.isAssignableFrom(type);
			}
		};
	}

	private static boolean refreshByPublicClient(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && "refresh_token".equals(request.getParameter("grant_type"))
				&& request.getParameter("client_id") != null && request.getParameter("client_secret") == null
				&& request.getParameter("client_assertion") == null && request.getHeader("Authorization") == null;
	}
}

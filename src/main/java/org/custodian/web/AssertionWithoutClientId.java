package org.custodian.web;

import java.text.ParseException;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

import com.nimbusds.jwt.SignedJWT;

import jakarta.servlet.http.HttpServletRequest;

/**
 * SMART Backend Services send a signed client assertion without {@code client_id} (RFC 7523 makes it
 * optional); Spring's converter insists on one. The client is then the assertion's subject, read
 * unverified only to find whose registered keys must verify it: the assertion is checked in full
 * afterwards ({@link ClientAssertionKeys}), including that issuer and subject are that client.
 */
final class AssertionWithoutClientId implements AuthenticationConverter {

	private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		String assertion = request.getParameter("client_assertion");
		if (assertion == null || request.getParameter("client_id") != null
				|| !JWT_BEARER.equals(request.getParameter("client_assertion_type"))
				|| !"client_credentials".equals(request.getParameter("grant_type")) && request.getParameter("token") == null) {
			return null;
		}
		String subject;
		try {
			subject = SignedJWT.parse(assertion).getJWTClaimsSet().getSubject();
		} catch (ParseException e) {
			return null;
		}
		return subject == null ? null
				: new OAuth2ClientAuthenticationToken(subject, new ClientAuthenticationMethod(JWT_BEARER), assertion, Map.of());
	}
}

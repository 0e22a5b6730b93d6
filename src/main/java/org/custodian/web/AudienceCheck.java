package org.custodian.web;

import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * SMART's {@code aud} authorization parameter: the app names the FHIR server it means to call, and
 * the request is refused unless that is this server's FHIR base. An app tricked into sending the
 * user here for another server's data (a counterfeit server) gets no code. Spring's own checks
 * (redirect URI, scopes) run first.
 */
final class AudienceCheck implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private final Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> standard;

	AudienceCheck(Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> standard) {
		this.standard = standard;
	}

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		standard.accept(context);
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Object aud = request.getAdditionalParameters().get("aud");
		String base = ServletUriComponentsBuilder.fromCurrentContextPath().path("/fhir").build().toUriString();
		if (aud == null || !strip(aud.toString()).equals(base)) {
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error("invalid_request",
					"aud must be this server's FHIR base URL (" + base + ")", null), request);
		}
	}

	private static String strip(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}
}

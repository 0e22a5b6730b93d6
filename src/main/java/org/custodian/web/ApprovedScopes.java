package org.custodian.web;

import java.util.Set;
import java.util.stream.Collectors;

import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.ScopeGrants;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationConsentAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads the approval form as Spring does, then drops every scope the signed-in person's roles do not
 * allow: the form is the user's to edit, so what it posts is a wish, not a grant. A patient who
 * posts {@code user/*.rs} approves nothing more than their own record.
 */
final class ApprovedScopes implements AuthenticationConverter {

	private final OAuth2AuthorizationConsentAuthenticationConverter form;
	private final Accounts accounts;

	ApprovedScopes(OAuth2AuthorizationConsentAuthenticationConverter form, Accounts accounts) {
		this.form = form;
		this.accounts = accounts;
	}

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		Authentication converted = form.convert(request);
		if (!(converted instanceof OAuth2AuthorizationConsentAuthenticationToken consent)
				|| !(consent.getPrincipal() instanceof Authentication user)) {
			return converted;
		}
		Set<Role> roles = accounts.find(user.getName()).map(u -> u.roles()).orElse(Set.of());
		Set<String> allowed = consent.getScopes().stream().filter(s -> ScopeGrants.allowedForUser(s, roles))
				.collect(Collectors.toSet());
		return new OAuth2AuthorizationConsentAuthenticationToken(consent.getAuthorizationUri(), consent.getClientId(), user,
				consent.getState(), allowed, consent.getAdditionalParameters());
	}
}

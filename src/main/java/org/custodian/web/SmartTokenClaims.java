package org.custodian.web;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.custodian.access.AccessProperties;
import org.custodian.access.AccessTokens;
import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.account.RegisteredApp;
import org.custodian.account.RegisteredApps;
import org.custodian.account.ScopeGrants;
import org.custodian.account.SignInEvents;
import org.custodian.account.UserAccount;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Gives the authorization server's tokens the claims of {@link AccessTokens#issue}, so the FHIR API
 * reads them the same way: issuer and audience from {@code custodian.access}, {@code scope} as one
 * space-separated string, the roles of the user (signed in through an app) or of the client (a
 * backend service), {@code client_id}, {@code fhirUser}, and the patient in context.
 *
 * <p>It is also the last check of what is granted: scopes the signed-in user's roles do not allow,
 * or non-system scopes for a backend service, or patient-level scopes with no patient, refuse the
 * token even if an earlier step let them through.
 */
final class SmartTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final AccessProperties access;
	private final Accounts accounts;
	private final RegisteredApps apps;
	private final EhrLaunches launches;
	private final SignInEvents events;

	SmartTokenClaims(AccessProperties access, Accounts accounts, RegisteredApps apps, EhrLaunches launches,
			SignInEvents events) {
		this.access = access;
		this.accounts = accounts;
		this.apps = apps;
		this.launches = launches;
		this.events = events;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
		if (!idToken && !OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		String clientId = context.getRegisteredClient().getClientId();
		RegisteredApp app = apps.find(clientId).orElseThrow(() -> refuse("invalid_client", "The client is no longer registered"));
		context.getClaims().issuer(access.issuer());
		if (idToken) {
			// SMART: the ID token names the FHIR user when the app asked for the fhirUser scope.
			if (context.getAuthorizedScopes().contains("fhirUser")) {
				user(context).ifFhirUser(f -> context.getClaims().claim(AccessTokens.CLAIM_FHIR_USER, f));
			}
			return;
		}
		Set<String> scopes = context.getAuthorizedScopes();
		// Mutable lists: the grant store serializes claims and admits only the common collection types.
		context.getClaims().audience(new ArrayList<>(List.of(access.audience()))).claim(AccessTokens.CLAIM_CLIENT, clientId)
				.claim(AccessTokens.CLAIM_SCOPE, String.join(" ", scopes));
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
			for (String scope : scopes) {
				if (!ScopeGrants.allowedForService(scope)) {
					throw refuse("invalid_scope", "A backend service is granted system/ scopes only, not '" + scope + "'");
				}
			}
			context.getClaims().claim(AccessTokens.CLAIM_ROLES, roleNames(app.roles()));
			if (app.fhirUser() != null) {
				context.getClaims().claim(AccessTokens.CLAIM_FHIR_USER, app.fhirUser());
			}
			events.tokenIssued(clientId, clientId, "client_credentials", String.join(" ", scopes));
			return;
		}
		UserAccount user = user(context).account();
		for (String scope : scopes) {
			if (!ScopeGrants.allowedForUser(scope, user.roles())) {
				throw refuse("invalid_scope", "'" + scope + "' cannot be granted to this user");
			}
		}
		context.getClaims().claim(AccessTokens.CLAIM_ROLES, roleNames(user.roles()));
		if (user.fhirUser() != null) {
			context.getClaims().claim(AccessTokens.CLAIM_FHIR_USER, user.fhirUser());
		}
		String patient = patient(context, user);
		if (patient != null) {
			context.getClaims().claim(AccessTokens.CLAIM_PATIENT, patient);
		} else if (scopes.stream().anyMatch(ScopeGrants::patientLevel)) {
			throw refuse("invalid_scope", "Patient-level scopes need a patient in context (launch/patient or an EHR launch)");
		}
		events.tokenIssued(user.username(), clientId, context.getAuthorizationGrantType().getValue(), String.join(" ", scopes));
	}

	/**
	 * The patient in context: a patient user's own record; else the launch's patient at the code
	 * exchange (the launch is used up there), and the earlier token's patient on refresh.
	 */
	private @Nullable String patient(JwtEncodingContext context, UserAccount user) {
		if (user.ownPatientId() != null) {
			return user.ownPatientId();
		}
		OAuth2Authorization authorization = context.getAuthorization();
		if (authorization == null) {
			return null;
		}
		if (AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())) {
			Map<String, Object> previous = authorization.getAccessToken() == null ? null
					: authorization.getAccessToken().getClaims();
			Object patient = previous == null ? null : previous.get(AccessTokens.CLAIM_PATIENT);
			return patient == null ? null : patient.toString();
		}
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		Object launch = request == null ? null : request.getAdditionalParameters().get("launch");
		if (launch == null) {
			return null;
		}
		String patient = launches.consume(launch.toString(), user.username());
		if (patient == null) {
			throw refuse("invalid_request", "The launch is unknown, expired, already used, or was made by another user");
		}
		return patient;
	}

	private SignedInUser user(JwtEncodingContext context) {
		Principal principal = context.getPrincipal();
		UserAccount account = accounts.find(principal.getName())
				.orElseThrow(() -> refuse("invalid_grant", "The user can no longer sign in"));
		return new SignedInUser(account);
	}

	private record SignedInUser(UserAccount account) {
		void ifFhirUser(java.util.function.Consumer<String> use) {
			if (account.fhirUser() != null) {
				use.accept(account.fhirUser());
			}
		}
	}

	private static ArrayList<String> roleNames(Set<Role> roles) {
		return roles.stream().map(Role::externalName).collect(Collectors.toCollection(ArrayList::new));
	}

	private static OAuth2AuthenticationException refuse(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, null));
	}
}

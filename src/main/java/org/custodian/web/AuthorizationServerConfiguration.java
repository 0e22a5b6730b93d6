package org.custodian.web;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.custodian.access.AccessProperties;
import org.custodian.access.AccessTokens;
import org.custodian.account.Accounts;
import org.custodian.account.GrantStore;
import org.custodian.account.RegisteredApps;
import org.custodian.account.RevokedTokens;
import org.custodian.account.RotatedRefreshTokens;
import org.custodian.account.ScopeGrants;
import org.custodian.account.SignInEvents;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationEndpointConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2ClientAuthenticationConfigurer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationConsentAuthenticationConverter;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The built-in authorization server: Spring Security's, at {@code /oauth2/*}, signing with the same
 * key as {@code custodian token} so the FHIR API verifies its tokens unchanged. Two filter chains
 * come before the API's: the protocol endpoints, and the sign-in pages (sessions, CSRF). Grants and
 * approvals are kept in PostgreSQL ({@link GrantStore}); launch ids and browser sessions in memory.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class AuthorizationServerConfiguration {

	@Bean
	RegisteredClientRepository registeredClientRepository(RegisteredApps apps, AccessProperties access) {
		return new AppClientRepository(apps, access);
	}

	@Bean
	OAuth2AuthorizationService authorizationService(GrantStore grants, RegisteredClientRepository clients) {
		return grants.authorizations(clients);
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(GrantStore grants, RegisteredClientRepository clients) {
		return grants.approvals(clients);
	}

	@Bean
	JWKSource<SecurityContext> signingKeys(AccessTokens tokens) {
		return new ImmutableJWKSet<>(tokens.signingKeys());
	}

	/**
	 * When {@code custodian.access.issuer} is a URL, OpenID Connect discovery names it as issuer, so
	 * it agrees with the ID tokens' {@code iss}; otherwise the issuer there is taken from the request.
	 */
	@Bean
	AuthorizationServerSettings authorizationServerSettings(AccessProperties access) {
		AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
		if (access.issuer().matches("https?://[^\\s?#]+")) {
			settings.issuer(access.issuer());
		}
		return settings.build();
	}

	@Bean
	EhrLaunches ehrLaunches(Clock clock) {
		return new EhrLaunches(clock);
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> smartTokenClaims(AccessProperties access, Accounts accounts,
			RegisteredApps apps, EhrLaunches launches, SignInEvents events) {
		return new SmartTokenClaims(access, accounts, apps, launches, events);
	}

	/** Self-contained JWT access and ID tokens (with SMART's claims), and SMART's refresh tokens. */
	@Bean
	OAuth2TokenGenerator<OAuth2Token> tokenGenerator(JWKSource<SecurityContext> keys,
			OAuth2TokenCustomizer<JwtEncodingContext> claims, Clock clock) {
		JwtGenerator jwt = new JwtGenerator(new NimbusJwtEncoder(keys));
		jwt.setJwtCustomizer(claims);
		return new DelegatingOAuth2TokenGenerator(jwt, new RefreshTokens(clock));
	}

	/** Session ends reach Spring as events ({@link SessionEnds} records the idle ones). */
	@Bean
	org.springframework.security.web.session.HttpSessionEventPublisher sessionEvents() {
		return new org.springframework.security.web.session.HttpSessionEventPublisher();
	}

	@Bean
	SmartConfiguration smartConfiguration(AccessProperties access) {
		return new SmartConfiguration(access);
	}

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServer(HttpSecurity http, RegisteredApps apps, Clock clock, Accounts accounts,
			OAuth2AuthorizationService authorizations, SignInEvents events, RevokedTokens revoked,
			RotatedRefreshTokens rotated, RegisteredClientRepository clients) throws Exception {
		OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
		OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponse = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
		tokenResponse.setAccessTokenResponseCustomizer(c -> addPatient(c, authorizations));
		http.securityMatcher(server.getEndpointsMatcher())
				.with(server, s -> s.oidc(Customizer.withDefaults())
						.clientAuthentication(c -> clientAuthentication(c, new ClientAssertionKeys(apps, clock), clients))
						.authorizationEndpoint(a -> authorizationEndpoint(a, accounts, events))
						.tokenEndpoint(t -> t.accessTokenResponseHandler(tokenResponse)
								.authenticationProviders(providers -> providers.forEach(p -> {
									if (p instanceof OAuth2ClientCredentialsAuthenticationProvider credentials) {
										credentials.setAuthenticationValidator(RegisteredScopes.forClientCredentials());
									}
								})))
						.tokenIntrospectionEndpoint(i -> i.authenticationProviders(providers -> {
							providers.clear();
							providers.add(new Introspection(authorizations));
						}))
						.tokenRevocationEndpoint(r -> r.revocationResponseHandler((request, response, authentication) -> {
							revokeAtTheApi((OAuth2TokenRevocationAuthenticationToken) authentication, authorizations, revoked,
									events);
							response.setStatus(200);
						})))
				.authorizeHttpRequests(a -> a.anyRequest().authenticated())
				// Added before the authorization server applies its own filters at the same place, so it runs first.
				.addFilterBefore(new PatientPicker(accounts), AbstractPreAuthenticatedProcessingFilter.class)
				.addFilterBefore(new RefreshReuseGuard(authorizations, rotated, revoked, events),
						AbstractPreAuthenticatedProcessingFilter.class)
				.exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/signin"),
						new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
		return http.build();
	}

	/**
	 * How clients prove who they are: Backend Services' signed assertions against their registered
	 * keys (with or without {@code client_id}), and public apps refreshing by {@code client_id}.
	 */
	private static void clientAuthentication(OAuth2ClientAuthenticationConfigurer c, ClientAssertionKeys assertionKeys,
			RegisteredClientRepository clients) {
		c.authenticationConverters(converters -> {
			converters.add(0, new AssertionWithoutClientId());
			converters.add(0, PublicClientRefresh.converter());
		}).authenticationProviders(providers -> {
			providers.forEach(p -> {
				if (p instanceof JwtClientAssertionAuthenticationProvider jwt) {
					jwt.setJwtDecoderFactory(assertionKeys);
				}
			});
			providers.add(0, PublicClientRefresh.provider(clients));
		});
	}

	/**
	 * The authorization request: our approval page, what the form may grant, and the checks of the
	 * request itself (redirect URI, scopes within the registration, SMART's {@code aud}).
	 */
	private static void authorizationEndpoint(OAuth2AuthorizationEndpointConfigurer a, Accounts accounts,
			SignInEvents events) {
		a.consentPage("/signin/consent")
				.authorizationRequestConverters(converters -> converters.replaceAll(c ->
						c instanceof OAuth2AuthorizationConsentAuthenticationConverter consent ? new ApprovedScopes(consent, accounts)
								: c))
				.authenticationProviders(providers -> providers.forEach(p -> {
					if (p instanceof OAuth2AuthorizationConsentAuthenticationProvider consent) {
						consent.setAuthorizationConsentCustomizer(c -> onlyWhatTheUserMayHave(c, accounts, events));
					}
					if (p instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider request) {
						request.setAuthenticationValidator(new AudienceCheck(
								OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR
										.andThen(RegisteredScopes.forAuthorization())));
					}
				}));
	}

	/**
	 * The sign-in pages and the EHR launch endpoint: a browser session (ended after the idle
	 * time-out) and CSRF tokens on every form.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain signInPages(HttpSecurity http, SignInEvents events) throws Exception {
		http.securityMatcher("/signin", "/signin/**", "/smart/**")
				// POST with the form's CSRF token; recorded before the session is dropped, which SessionEnds then skips.
				.logout(l -> l.logoutUrl("/signin/signout").logoutSuccessUrl("/signin?signedout")
						.addLogoutHandler((request, response, authentication) -> {
							if (authentication != null) {
								events.signedOut(authentication.getName(), "signed out");
								jakarta.servlet.http.HttpSession session = request.getSession(false);
								if (session != null) {
									session.setAttribute(SessionEnds.SIGNED_OUT, Boolean.TRUE);
								}
							}
						}))
				.authorizeHttpRequests(a -> a.requestMatchers("/signin", "/signin/code").permitAll().anyRequest().authenticated())
				.exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/signin"))
						// Answered here: an error dispatch would reach the API's chain and come back as 401.
						.accessDeniedHandler((request, response, denied) -> {
							response.setStatus(403);
							response.setContentType("text/plain;charset=UTF-8");
							response.getWriter().write("This form has expired or did not come from this site."
									+ " Go back, reload the page and try again.");
						}))
				.headers(h -> h.frameOptions(f -> f.deny()).contentSecurityPolicy(c -> c.policyDirectives(
						"default-src 'none'; style-src 'self'; frame-ancestors 'none'")));
		return http.build();
	}

	/**
	 * Whatever the consent form posts, a person is granted only scopes their roles allow: a patient
	 * cannot approve {@code user/} or {@code system/} scopes for themselves.
	 */
	private static void onlyWhatTheUserMayHave(OAuth2AuthorizationConsentAuthenticationContext context, Accounts accounts,
			SignInEvents events) {
		String username = context.getAuthorization().getPrincipalName();
		Set<org.custodian.access.Role> roles = accounts.find(username).map(u -> u.roles()).orElse(Set.of());
		context.getAuthorizationConsent().authorities(authorities -> authorities.removeIf((GrantedAuthority a) ->
				a.getAuthority().startsWith("SCOPE_")
						&& !ScopeGrants.allowedForUser(a.getAuthority().substring("SCOPE_".length()), roles)));
		OAuth2AuthorizationConsentAuthenticationToken approval = context.getAuthentication();
		events.approved(username, context.getRegisteredClient().getClientId(), String.join(" ", approval.getScopes()));
	}

	/**
	 * After the authorization server has revoked a token (a refresh token takes its access token
	 * with it), the access token's id goes on the list the FHIR API checks.
	 */
	private static void revokeAtTheApi(OAuth2TokenRevocationAuthenticationToken revocation,
			OAuth2AuthorizationService authorizations, RevokedTokens revoked, SignInEvents events) {
		OAuth2Authorization authorization = authorizations.findByToken(revocation.getToken(), null);
		String client = revocation.getPrincipal() instanceof OAuth2ClientAuthenticationToken c
				? String.valueOf(c.getPrincipal()) : "unknown";
		if (authorization == null) {
			return;
		}
		OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
		if (access != null && access.isInvalidated()) {
			revoked.revokeAccessTokenOf(authorization);
		}
		events.tokenRevoked(client, revocation.getToken().equals(access == null ? null : access.getToken().getTokenValue())
				? "access_token" : "refresh_token");
	}

	/** SMART puts the patient in context into the token response as well as into the token. */
	private static void addPatient(OAuth2AccessTokenAuthenticationContext context, OAuth2AuthorizationService authorizations) {
		OAuth2AccessTokenAuthenticationToken token = context.getAuthentication();
		OAuth2Authorization authorization = authorizations.findByToken(token.getAccessToken().getTokenValue(),
				OAuth2TokenType.ACCESS_TOKEN);
		Object patient = authorization == null || authorization.getAccessToken().getClaims() == null ? null
				: authorization.getAccessToken().getClaims().get(AccessTokens.CLAIM_PATIENT);
		if (patient != null) {
			Map<String, Object> parameters = new HashMap<>(token.getAdditionalParameters());
			parameters.put(AccessTokens.CLAIM_PATIENT, patient.toString());
			context.getAccessTokenResponse().additionalParameters(parameters);
		}
	}
}

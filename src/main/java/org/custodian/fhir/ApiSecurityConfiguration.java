package org.custodian.fhir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessTokens;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditTrail;
import org.custodian.account.RevokedTokens;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.web.SecurityFilterChain;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every request to the FHIR API needs a bearer access token signed by this server (or by the
 * trusted external provider, {@link ExternalProviderProperties}), naming its issuer and the API as
 * audience, not expired and not revoked; only the CapabilityStatement and SMART's discovery
 * document are public (apps read them before they have a token). No sessions, no cookies: each request stands on its
 * token, so there is nothing for cross-site request forgery to ride on. A refused request gets 401
 * with an OperationOutcome ({@code CUS-5001}) and a {@code WWW-Authenticate} challenge.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ApiSecurityConfiguration {

	@Bean
	JwtDecoder accessTokenDecoder(AccessTokens tokens, RevokedTokens revoked) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(tokens.publicKey()).build();
		OAuth2TokenValidator<Jwt> audience = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(tokens.audience())
				? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token is not for this API", null));
		OAuth2TokenValidator<Jwt> notRevoked = jwt -> jwt.getId() != null && revoked.isRevoked(jwt.getId())
				? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token was revoked", null))
				: OAuth2TokenValidatorResult.success();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(new JwtTimestampValidator(Duration.ZERO),
				new JwtIssuerValidator(tokens.issuer()), audience, notRevoked)));
		return decoder;
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder, FhirContext ctx, AccessTokens tokens,
			ExternalProviderProperties external, AuditTrail audit) throws Exception {
		// The issuer named in the token (read before it is verified) picks the verifier; a token from
		// any other issuer is refused. Each verifier checks that issuer again, with its own keys.
		Map<String, AuthenticationManager> verifiers = new HashMap<>();
		verifiers.put(tokens.issuer(), new JwtAuthenticationProvider(decoder)::authenticate);
		if (external.enabled()) {
			verifiers.put(external.issuer(), new JwtAuthenticationProvider(ExternalProviderTokens.decoder(external,
					tokens.audience()))::authenticate);
		}
		JwtIssuerAuthenticationManagerResolver byIssuer = new JwtIssuerAuthenticationManagerResolver(verifiers::get);
		// The CapabilityStatement and SMART's discovery document are read before an app has a token.
		http.authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.GET, "/fhir/metadata",
				"/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration").permitAll()
				.anyRequest().authenticated())
				.oauth2ResourceServer(o -> o.authenticationManagerResolver(byIssuer)
						.authenticationEntryPoint((request, response, e) -> {
							// A request without a valid token is a failed sign-in: recorded, with where it came from.
							audit.record(new AuditRecord(Instant.now(), "login", 'E', "token-refused", AuditRecord.MINOR_FAILURE,
									"anonymous", null, null, List.of(), null, request.getRemoteAddr(), List.of(), List.of(),
									request.getMethod() + " " + request.getRequestURI(), "401 " + ErrorCode.ACCESS_UNAUTHENTICATED.code()
											+ (e.getMessage() == null ? "" : " " + e.getMessage()), false));
							refuse(response, ctx);
						}))
				.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf(c -> c.disable())
				.requestCache(c -> c.disable())
				.anonymous(a -> a.disable());
		return http.build();
	}

	private static void refuse(HttpServletResponse response, FhirContext ctx) throws IOException {
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader("WWW-Authenticate", "Bearer realm=\"custodian\", error=\"invalid_token\"");
		response.setContentType("application/fhir+json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(ctx.newJsonParser().encodeResourceToString(ErrorMappingInterceptor.outcome(
				ErrorCode.ACCESS_UNAUTHENTICATED, IssueType.LOGIN, "A valid access token is required (Authorization:"
						+ " Bearer …); it may be missing, expired, or not issued by this server for this API")));
	}
}

package org.custodian.web;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.custodian.account.RegisteredApps;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Verifies a backend service's signed client assertion ({@code private_key_jwt}, SMART Backend
 * Services) against the keys registered with the client, inline, rather than fetched from a URL:
 * RS384 or ES384 only, the standard checks of Spring's validator (issuer and subject are the client,
 * audience the token endpoint, not expired), and each {@code jti} accepted once while it is valid,
 * so a captured assertion cannot be replayed.
 */
final class ClientAssertionKeys implements JwtDecoderFactory<RegisteredClient> {

	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384);

	private final RegisteredApps apps;
	private final Clock clock;
	private final Map<String, Instant> usedIds = new ConcurrentHashMap<>();

	ClientAssertionKeys(RegisteredApps apps, Clock clock) {
		this.apps = apps;
		this.clock = clock;
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		String jwks = apps.find(client.getClientId()).map(a -> a.jwks()).orElse(null);
		JWKSet keys;
		try {
			keys = jwks == null ? new JWKSet() : JWKSet.parse(jwks);
		} catch (ParseException e) {
			keys = new JWKSet();
		}
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(keys)));
		// Spring checks the claims below; Nimbus would otherwise insist on its own set.
		processor.setJWTClaimsSetVerifier((claims, context) -> { });
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
				JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client), this::firstUse)));
		return decoder;
	}

	private OAuth2TokenValidatorResult firstUse(Jwt assertion) {
		Instant now = clock.instant();
		usedIds.values().removeIf(expiry -> expiry.isBefore(now));
		String id = assertion.getId();
		Instant expires = assertion.getExpiresAt();
		if (id == null || expires == null) {
			return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_client", "The assertion needs jti and exp", null));
		}
		if (expires.isAfter(now.plusSeconds(300))) {
			return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_client",
					"The assertion may be valid for at most five minutes", null));
		}
		if (usedIds.putIfAbsent(assertion.getSubject() + " " + id, expires) != null) {
			return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_client", "The assertion was already used", null));
		}
		return OAuth2TokenValidatorResult.success();
	}
}

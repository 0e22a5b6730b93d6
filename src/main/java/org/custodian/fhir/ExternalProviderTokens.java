package org.custodian.fhir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessTokens;
import org.custodian.access.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies access tokens of the trusted external provider ({@link ExternalProviderProperties}):
 * signed by a key from its JWKS, its issuer, this API as audience, not expired. Its roles claim is
 * rewritten into the {@code roles} claim our tokens carry, keeping only names of Custodian roles,
 * so the rest of the API reads both kinds of token the same way. A provider cannot name a role
 * Custodian does not define, and roles from elsewhere in its token are ignored.
 */
final class ExternalProviderTokens {

	private ExternalProviderTokens() {
	}

	static JwtDecoder decoder(ExternalProviderProperties external, String defaultAudience) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(external.jwksUri()).jwsAlgorithms(a -> a.addAll(List.of(
				SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.ES256,
				SignatureAlgorithm.ES384, SignatureAlgorithm.PS256))).build();
		String audience = external.audience() == null || external.audience().isBlank() ? defaultAudience : external.audience();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(new JwtTimestampValidator(Duration.ZERO),
				new JwtIssuerValidator(external.issuer()),
				jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience) ? OAuth2TokenValidatorResult.success()
						: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token is not for this API", null)))));
		// Spring's standard conversion first (times to Instants, aud to a list), then the roles.
		MappedJwtClaimSetConverter standard = MappedJwtClaimSetConverter.withDefaults(Map.of());
		decoder.setClaimSetConverter(claims -> withRoles(standard.convert(claims), external.rolesClaim()));
		return decoder;
	}

	static Map<String, Object> withRoles(Map<String, Object> claims, String rolesClaim) {
		Map<String, Object> mapped = new HashMap<>(claims);
		List<String> roles = new ArrayList<>();
		Object value = at(claims, rolesClaim);
		if (value instanceof Iterable<?> names) {
			names.forEach(n -> Role.of(String.valueOf(n)).ifPresent(r -> roles.add(r.externalName())));
		} else if (value != null) {
			for (String n : value.toString().split("[\\s,]+")) {
				Role.of(n).ifPresent(r -> roles.add(r.externalName()));
			}
		}
		mapped.put(AccessTokens.CLAIM_ROLES, roles);
		return mapped;
	}

	private static @Nullable Object at(Map<String, Object> claims, String path) {
		Object current = claims;
		for (String part : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(part);
		}
		return current;
	}
}

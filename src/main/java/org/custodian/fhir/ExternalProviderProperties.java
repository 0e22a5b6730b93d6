package org.custodian.fhir;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * An external OpenID Connect provider (Keycloak, Entra ID, …) whose access tokens the FHIR API
 * accepts beside this server's own. Off unless {@code issuer} is set.
 *
 * @param issuer     the provider's {@code iss}, exactly as its tokens carry it
 * @param jwksUri    where its signing keys are published
 * @param rolesClaim the claim that carries the user's roles, a dotted path for nested claims
 *                   ({@code realm_access.roles} in Keycloak); values that name no Custodian role are ignored
 * @param audience   the {@code aud} its tokens must name for this API (default: {@code custodian.access.audience})
 */
@ConfigurationProperties("custodian.access.external")
public record ExternalProviderProperties(String issuer, String jwksUri, String rolesClaim, String audience) {

	public ExternalProviderProperties {
		if (rolesClaim == null || rolesClaim.isBlank()) {
			rolesClaim = "roles";
		}
		if (enabled(issuer) && (jwksUri == null || !jwksUri.matches("https?://\\S+"))) {
			throw new IllegalArgumentException("custodian.access.external.jwks-uri must be the http(s) URL of the provider's"
					+ " keys when custodian.access.external.issuer is set, not '" + jwksUri + "'");
		}
	}

	public boolean enabled() {
		return enabled(issuer);
	}

	private static boolean enabled(String issuer) {
		return issuer != null && !issuer.isBlank();
	}
}

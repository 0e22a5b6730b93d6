package org.custodian.account;

import java.util.List;
import java.util.Set;

import org.custodian.access.Role;
import org.jspecify.annotations.Nullable;

/**
 * A registered client as the authorization server sees it: what it may be granted (roles, scopes)
 * and how it proves who it is.
 *
 * @param publicClient a browser or device app that cannot keep a secret: PKCE is its proof
 * @param secretHash   a confidential client's secret, hashed; null when it has none
 * @param jwks         the JWK Set (JSON) whose keys sign its client assertions; null when it has none
 * @param grantTypes   {@code authorization_code}, {@code refresh_token}, {@code client_credentials}
 */
public record RegisteredApp(String clientId, Set<Role> roles, List<String> scopes, @Nullable String fhirUser,
		List<String> redirectUris, boolean publicClient, @Nullable String secretHash, @Nullable String jwks,
		Set<String> grantTypes) {
}

package org.custodian.web;

import java.time.Duration;

import org.custodian.access.AccessProperties;
import org.custodian.account.RegisteredApp;
import org.custodian.account.RegisteredApps;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The authorization server's view of {@code api_client}: each enabled client as a Spring
 * {@link RegisteredClient}. Clients are registered with {@code custodian client add}, never over
 * HTTP, so {@link #save} refuses.
 */
final class AppClientRepository implements RegisteredClientRepository {

	/** Refresh tokens last 90 days (ONC 170.315(g)(10) asks for at least three months); each use rotates them. */
	static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(90);

	private final RegisteredApps apps;
	private final AccessProperties access;

	AppClientRepository(RegisteredApps apps, AccessProperties access) {
		this.apps = apps;
		this.access = access;
	}

	@Override
	public void save(RegisteredClient registeredClient) {
		throw new UnsupportedOperationException("Clients are registered with 'custodian client add'");
	}

	@Override
	public @Nullable RegisteredClient findById(String id) {
		return findByClientId(id);
	}

	@Override
	public @Nullable RegisteredClient findByClientId(String clientId) {
		return apps.find(clientId).filter(app -> !app.grantTypes().isEmpty()).map(this::client).orElse(null);
	}

	private RegisteredClient client(RegisteredApp app) {
		// The client id is also the registration's id: one row, one key.
		RegisteredClient.Builder client = RegisteredClient.withId(app.clientId()).clientId(app.clientId());
		app.grantTypes().forEach(g -> client.authorizationGrantType(new AuthorizationGrantType(g)));
		app.redirectUris().forEach(client::redirectUri);
		client.scopes(s -> s.addAll(app.scopes()));
		ClientSettings.Builder settings = ClientSettings.builder().requireAuthorizationConsent(true)
				// PKCE for everyone: SMART App Launch 2 requires S256 of every app, public or not.
				.requireProofKey(true);
		if (app.publicClient()) {
			client.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		if (app.secretHash() != null) {
			client.clientSecret(app.secretHash()).clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
		}
		if (app.jwks() != null) {
			client.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
			// The algorithm actually accepted (RS384 or ES384) is checked by ClientAssertionKeys.
			settings.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384);
		}
		client.clientSettings(settings.build());
		client.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(access.tokenLifetime())
				.refreshTokenTimeToLive(REFRESH_TOKEN_LIFETIME).reuseRefreshTokens(false)
				.authorizationCodeTimeToLive(Duration.ofMinutes(1)).build());
		return client.build();
	}
}

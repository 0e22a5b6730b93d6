package org.custodian.account;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.custodian.access.Role;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import com.nimbusds.jose.jwk.JWKSet;

/**
 * How registered clients ({@code api_client}, registered by {@code custodian client add}) sign in to
 * the authorization server: redirect URIs, public or confidential, a hashed secret or the public keys
 * of their signed assertions, and the grant types they may use.
 */
@Service
public class RegisteredApps {

	public static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token", "client_credentials");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcTemplate jdbc;
	private final PasswordEncoder passwords;

	RegisteredApps(JdbcTemplate jdbc, PasswordEncoder passwords) {
		this.jdbc = jdbc;
		this.passwords = passwords;
	}

	/**
	 * Sets how an already registered client signs in. Returns the new secret when one was asked for:
	 * it is shown once and only its hash is kept.
	 */
	public @Nullable String configure(String clientId, List<String> redirectUris, boolean publicClient,
			boolean newSecret, @Nullable String jwks, Set<String> grantTypes) {
		for (String grant : grantTypes) {
			if (!GRANT_TYPES.contains(grant)) {
				throw invalid("'" + grant + "' is not a grant type this server supports (" + String.join(", ", GRANT_TYPES) + ")");
			}
		}
		for (String uri : redirectUris) {
			if (!uri.matches("https://\\S+|http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d+)?(/\\S*)?|[a-z][a-z0-9+.-]*\\.[a-z0-9+.-]+:/\\S*")) {
				throw invalid("A redirect URI must be https, a loopback http address, or an app's private scheme, not '" + uri + "'");
			}
		}
		if (grantTypes.contains("authorization_code") && redirectUris.isEmpty()) {
			throw invalid("The authorization_code grant needs at least one --redirect-uri");
		}
		if (publicClient && (newSecret || jwks != null || grantTypes.contains("client_credentials"))) {
			throw invalid("A public client has no secret or keys and cannot use client_credentials");
		}
		if (!publicClient && !grantTypes.isEmpty() && !newSecret && jwks == null) {
			throw invalid("A confidential client needs a secret (--generate-secret) or keys (--jwks)");
		}
		if (jwks != null) {
			try {
				if (JWKSet.parse(jwks).getKeys().stream().anyMatch(k -> k.isPrivate())) {
					throw invalid("The JWK Set holds a private key: register only the public keys");
				}
			} catch (ParseException e) {
				throw invalid("The client's keys are not a JWK Set: " + e.getMessage());
			}
		}
		String secret = newSecret ? newSecret() : null;
		int updated = jdbc.update("update api_client set redirect_uris = ?, public_client = ?, secret_hash = ?, jwks = ?,"
				+ " grant_types = ? where client_id = ?", String.join(" ", redirectUris), publicClient,
				secret == null ? null : passwords.encode(secret), jwks, String.join(" ", grantTypes), clientId);
		if (updated == 0) {
			throw invalid("No client '" + clientId + "' is registered");
		}
		return secret;
	}

	/** An enabled client, or empty. */
	public Optional<RegisteredApp> find(String clientId) {
		List<Map<String, Object>> rows = jdbc.queryForList("select * from api_client where client_id = ? and enabled", clientId);
		return rows.stream().findFirst().map(RegisteredApps::app);
	}

	/** Whether {@code secret} is the client's secret. */
	public boolean secretMatches(RegisteredApp app, String secret) {
		return app.secretHash() != null && passwords.matches(secret, app.secretHash());
	}

	private static RegisteredApp app(Map<String, Object> row) {
		Set<Role> roles = RoleColumn.read(row.get("roles"));
		return new RegisteredApp((String) row.get("client_id"), roles, words((String) row.get("scopes")),
				(String) row.get("fhir_user"), words((String) row.get("redirect_uris")), (Boolean) row.get("public_client"),
				(String) row.get("secret_hash"), (String) row.get("jwks"),
				new LinkedHashSet<>(words((String) row.get("grant_types"))));
	}

	private static List<String> words(@Nullable String text) {
		return text == null || text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
	}


	/** 256 random bits, URL-safe. */
	private static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static CustodianException invalid(String message) {
		return new CustodianException.Invalid(ErrorCode.CLIENT_REGISTRATION_INVALID, message);
	}
}

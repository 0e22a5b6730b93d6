package org.custodian.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.stereotype.Service;

/**
 * Ids ({@code jti}) of access tokens revoked before they expired. The FHIR API verifies tokens by
 * their signature alone, which a revocation cannot undo; it asks here as well. Kept in the database
 * so a restart does not bring a revoked token back, and in memory so that asking costs no query.
 */
@Service
public class RevokedTokens {

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

	RevokedTokens(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
		jdbc.update("delete from revoked_token where expires < ?", Timestamp.from(clock.instant()));
		jdbc.query("select token_id, expires from revoked_token",
				row -> { revoked.put(row.getString(1), row.getTimestamp(2).toInstant()); });
	}

	public void revoke(String tokenId, Instant expires) {
		jdbc.update("insert into revoked_token (token_id, expires) values (?, ?) on conflict do nothing", tokenId,
				Timestamp.from(expires));
		revoked.put(tokenId, expires);
	}

	/** Revokes the access token of a grant the authorization server has ended or is ending. */
	public void revokeAccessTokenOf(OAuth2Authorization grant) {
		OAuth2Authorization.Token<OAuth2AccessToken> access = grant.getAccessToken();
		if (access != null && access.getClaims() != null && access.getClaims().get("jti") != null
				&& access.getToken().getExpiresAt() != null) {
			revoke(access.getClaims().get("jti").toString(), access.getToken().getExpiresAt());
		}
	}

	public boolean isRevoked(String tokenId) {
		Instant expires = revoked.get(tokenId);
		if (expires != null && expires.isBefore(clock.instant())) {
			revoked.remove(tokenId);
			return false;
		}
		return expires != null;
	}
}

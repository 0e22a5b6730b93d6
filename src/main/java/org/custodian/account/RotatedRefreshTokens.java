package org.custodian.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Refresh tokens that have been used (and so replaced), kept as hashes with the grant they belonged
 * to until they would have expired. Only their hash is stored: the list must not itself be a
 * source of tokens.
 */
@Service
public class RotatedRefreshTokens {

	private final JdbcTemplate jdbc;
	private final Clock clock;

	RotatedRefreshTokens(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Notes that {@code token} of grant {@code authorizationId} is being used, hence replaced. */
	public void used(String token, String authorizationId, Instant expires) {
		jdbc.update("delete from rotated_refresh_token where expires < ?", Timestamp.from(clock.instant()));
		jdbc.update("insert into rotated_refresh_token (token_hash, authorization_id, expires) values (?, ?, ?)"
				+ " on conflict do nothing", hash(token), authorizationId, Timestamp.from(expires));
	}

	/** The grant a replaced refresh token belonged to, if {@code token} is one. */
	public Optional<String> grantOf(String token) {
		List<String> ids = jdbc.queryForList("select authorization_id from rotated_refresh_token where token_hash = ?",
				String.class, hash(token));
		return ids.stream().findFirst();
	}

	private static String hash(String token) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}

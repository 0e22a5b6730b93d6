package org.custodian.account;

import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Service;

/**
 * Where the authorization server keeps its grants (codes, access, refresh and ID tokens of each
 * sign-in) and users' approvals: PostgreSQL (V18), through Spring's own JDBC services, so a refresh
 * token outlives a restart for its 90 days. Nothing deletes a grant when it expires, so every
 * few hundred saves the rows whose every token has expired (an hour ago) are removed.
 */
@Service
public class GrantStore {

	private static final int SAVES_BETWEEN_PURGES = 200;

	private final JdbcTemplate jdbc;

	GrantStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public OAuth2AuthorizationService authorizations(RegisteredClientRepository clients) {
		return new Purging(new JdbcOAuth2AuthorizationService(jdbc, clients), jdbc);
	}

	public OAuth2AuthorizationConsentService approvals(RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
	}

	private static final class Purging implements OAuth2AuthorizationService {

		private final OAuth2AuthorizationService stored;
		private final JdbcTemplate jdbc;
		private final AtomicLong saves = new AtomicLong();

		Purging(OAuth2AuthorizationService stored, JdbcTemplate jdbc) {
			this.stored = stored;
			this.jdbc = jdbc;
		}

		@Override
		public void save(OAuth2Authorization authorization) {
			stored.save(authorization);
			if (saves.incrementAndGet() % SAVES_BETWEEN_PURGES == 1) {
				// greatest() skips nulls: a row is kept while any of its tokens is still valid.
				jdbc.update("delete from oauth2_authorization where greatest(authorization_code_expires_at,"
						+ " access_token_expires_at, refresh_token_expires_at, oidc_id_token_expires_at)"
						+ " < now() - interval '1 hour'");
			}
		}

		@Override
		public void remove(OAuth2Authorization authorization) {
			stored.remove(authorization);
		}

		@Override
		public @Nullable OAuth2Authorization findById(String id) {
			return stored.findById(id);
		}

		@Override
		public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
			return stored.findByToken(token, tokenType);
		}
	}
}

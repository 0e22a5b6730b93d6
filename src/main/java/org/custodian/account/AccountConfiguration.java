package org.custodian.account;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The password hash, the default sign-in event sink, and the first-run notice. */
@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

	private static final Logger LOG = LoggerFactory.getLogger(AccountConfiguration.class);

	/**
	 * Argon2id for new hashes (Spring Security's 5.8 parameters: 16 MiB, 2 passes), bcrypt still
	 * read. Each hash carries its algorithm's id, so a stronger one can become the default later and
	 * users' hashes are upgraded as they sign in ({@link PasswordEncoder#upgradeEncoding}).
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new DelegatingPasswordEncoder("argon2", Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
				"bcrypt", new BCryptPasswordEncoder()));
	}

	/** There is no default account: the operator creates the first one on the server host. */
	@Bean
	ApplicationListener<ApplicationReadyEvent> firstRunNotice(Accounts accounts) {
		return ready -> {
			if (accounts.none()) {
				LOG.info("No user accounts yet: create the first administrator on the server host with"
						+ " 'custodian user add USERNAME --role administrator' (same --data-dir)");
			}
		};
	}
}

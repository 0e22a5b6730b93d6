package org.custodian.web.workspace;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The workspace's pages: the browser session that {@code /signin} establishes (password, and a
 * one-time code where the account has one, which privileged roles must), CSRF tokens on every form,
 * and headers that keep patient data where it is shown: a strict Content-Security-Policy (scripts
 * and styles only from this server, no inline script), no caching, no framing, no referrer.
 */
@Configuration
@ConditionalOnWebApplication
class WorkspaceSecurity {

	/** Paths the workspace owns; everything else is the API's, the authorization server's or sign-in's. */
	static final String[] PATHS = {"/", "/patients", "/patients/**", "/chart/**", "/privacy/**", "/admin/**",
			"/identity", "/identity/**", "/release", "/release/**", "/coding", "/coding/**", "/queries", "/queries/**", "/completion", "/completion/**", "/quality", "/quality/**", "/interfaces", "/interfaces/**",
			"/retention", "/retention/**", "/session/**", "/assets/**", "/webjars/**", "/favicon.ico"};

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
			+ " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
			+ " form-action 'self'; frame-ancestors 'none'";

	@Bean
	@Order(3)
	SecurityFilterChain workspace(HttpSecurity http) throws Exception {
		http.securityMatcher(PATHS)
				.authorizeHttpRequests(a -> a.requestMatchers("/assets/**", "/webjars/**", "/favicon.ico").permitAll()
						.requestMatchers("/privacy/audit", "/privacy/audit/**", "/privacy/audit.csv")
						.hasAnyRole("privacy-officer", "auditor")
						.requestMatchers("/privacy/**").hasRole("privacy-officer")
						.requestMatchers("/admin/**").hasRole("administrator")
						.requestMatchers("/identity", "/identity/**").hasRole("him")
						.requestMatchers("/release", "/release/**").hasAnyRole("roi", "him")
						.requestMatchers("/coding", "/coding/**").hasAnyRole("coder", "him")
						.requestMatchers("/completion/amendments", "/completion/amendments/**").hasRole("him")
						.requestMatchers("/quality", "/quality/**").hasRole("him")
						.requestMatchers("/interfaces", "/interfaces/**").hasRole("him")
						// Legal holds are also the privacy officer's; the rest of retention is the records manager's.
						.requestMatchers("/retention/holds", "/retention/holds/**").hasAnyRole("him", "privacy-officer")
						.requestMatchers("/retention", "/retention/**").hasRole("him")
						.requestMatchers("/completion", "/completion/**").hasAnyRole("clinician", "nurse", "him")
						.requestMatchers("/queries", "/queries/**").hasRole("clinician")
						.anyRequest().authenticated())
				.exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/signin"))
						// Answered here: an error dispatch would reach the API's chain and come back as 401.
						.accessDeniedHandler((request, response, denied) -> {
							response.setStatus(403);
							response.setContentType("text/plain;charset=UTF-8");
							response.getWriter().write("This page is not open to your roles, or the form expired."
									+ " Go back, reload the page and try again.");
						}))
				.headers(h -> h.frameOptions(f -> f.deny())
						.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
						.referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}
}

package org.custodian.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessProperties;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

import com.nimbusds.jose.util.JSONObjectUtils;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * SMART's discovery document, public, at {@code /.well-known/smart-configuration} and relative to the
 * FHIR base ({@code /fhir/.well-known/smart-configuration}, where apps look first). A filter rather
 * than a controller because {@code /fhir/*} belongs to the FHIR servlet. It lists only what works.
 */
final class SmartConfiguration extends OncePerRequestFilter {

	static final List<String> PATHS = List.of("/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration");

	static final List<String> CAPABILITIES = List.of("launch-ehr", "launch-standalone", "client-public",
			"client-confidential-symmetric", "client-confidential-asymmetric", "context-ehr-patient",
			"context-standalone-patient", "sso-openid-connect", "permission-patient", "permission-user", "permission-v1",
			"permission-v2", "permission-offline");

	private final AccessProperties access;

	SmartConfiguration(AccessProperties access) {
		this.access = access;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"GET".equals(request.getMethod()) || !PATHS.contains(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		String base = UriComponentsBuilder.fromUriString(request.getRequestURL().toString()).replacePath(null)
				.replaceQuery(null).build().toUriString();
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("issuer", access.issuer());
		document.put("jwks_uri", base + "/oauth2/jwks");
		document.put("authorization_endpoint", base + "/oauth2/authorize");
		document.put("token_endpoint", base + "/oauth2/token");
		document.put("revocation_endpoint", base + "/oauth2/revoke");
		document.put("introspection_endpoint", base + "/oauth2/introspect");
		document.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials"));
		document.put("response_types_supported", List.of("code"));
		document.put("code_challenge_methods_supported", List.of("S256"));
		document.put("token_endpoint_auth_methods_supported", List.of("none", "client_secret_basic", "client_secret_post",
				"private_key_jwt"));
		document.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
		document.put("scopes_supported", List.of("openid", "fhirUser", "launch", "launch/patient", "offline_access",
				"online_access", "patient/*.rs", "patient/*.cruds", "user/*.rs", "user/*.cruds", "system/*.rs",
				"system/*.cruds", "patient/*.read", "user/*.read", "system/*.read"));
		document.put("capabilities", CAPABILITIES);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Cache-Control", "public, max-age=3600");
		response.getWriter().write(JSONObjectUtils.toJSONString(document));
	}
}

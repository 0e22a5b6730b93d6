package org.custodian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.custodian.access.Role;
import org.custodian.account.RegisteredApps;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.Fixtures;
import org.custodian.testkit.ServerTest;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * SMART Backend Services against the running server: a service registered with its public keys
 * signs an assertion, gets a {@code system/} token, and reads with it; the SMART discovery document;
 * introspection and revocation.
 */
class BackendServicesIT extends ServerTest {

	private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	@Autowired
	RegisteredApps apps;

	private String patientId;
	private String family;

	@BeforeEach
	void onePatient() {
		family = "Backend" + UUID.randomUUID().toString().substring(0, 8);
		FhirHttp.Response r = fhir.post("Patient", Fixtures.patient(family, "Ann"));
		patientId = new IdType(r.header("Location")).getIdPart();
	}

	@Test
	@SuppressWarnings("unchecked")
	void smartConfigurationIsPublicAndListsEndpoints() throws Exception {
		for (String path : List.of("/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration")) {
			Browser.Page page = new Browser(origin()).get(path);

			assertThat(page.status()).as(path).isEqualTo(200);
			Map<String, Object> doc = JSONObjectUtils.parse(page.body());
			assertThat(doc.get("token_endpoint")).isEqualTo(origin() + "/oauth2/token");
			assertThat(doc.get("authorization_endpoint")).isEqualTo(origin() + "/oauth2/authorize");
			assertThat(doc.get("revocation_endpoint")).isEqualTo(origin() + "/oauth2/revoke");
			assertThat(doc.get("introspection_endpoint")).isEqualTo(origin() + "/oauth2/introspect");
			assertThat(doc.get("jwks_uri")).isEqualTo(origin() + "/oauth2/jwks");
			assertThat(doc.get("issuer")).isEqualTo(tokens.issuer());
			assertThat((List<Object>) doc.get("code_challenge_methods_supported")).containsExactly("S256");
			assertThat((List<Object>) doc.get("capabilities")).contains("client-confidential-asymmetric", "launch-standalone");
		}
	}

	@Test
	void capabilityStatementNamesTheSmartEndpoints() {
		FhirHttp.Response metadata = new FhirHttp(fhir.base()).get("metadata");

		assertThat(metadata.status()).isEqualTo(200);
		assertThat(metadata.body()).contains("SMART-on-FHIR").contains("oauth-uris")
				.contains(origin() + "/oauth2/token").contains(origin() + "/oauth2/authorize");
	}

	@Test
	void backendServiceObtainsSystemTokenWithSignedAssertion() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
		String client = backendService(key);

		Browser.Page token = requestToken(client, assertion(client, key, JWSAlgorithm.RS384), "system/*.rs");

		assertThat(token.status()).as(token.body()).isEqualTo(200);
		Map<String, Object> body = JSONObjectUtils.parse(token.body());
		assertThat(body.get("scope")).isEqualTo("system/*.rs");
		assertThat(body).doesNotContainKey("refresh_token");
		FhirHttp.Response read = fhir.as((String) body.get("access_token")).get("Patient/" + patientId);
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		JWTClaimsSet claims = SignedJWT.parse((String) body.get("access_token")).getJWTClaimsSet();
		assertThat(claims.getStringClaim("scope")).isEqualTo("system/*.rs");
		assertThat(claims.getStringListClaim("roles")).containsExactly("integration");
		assertThat(claims.getStringClaim("client_id")).isEqualTo(client);
		assertThat(claims.getAudience()).containsExactly(tokens.audience());
		assertThat(claims.getIssuer()).isEqualTo(tokens.issuer());
	}

	@Test
	void backendServiceMaySignWithEs384() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_384).keyID("ec1").generate();
		String client = backendService(key);

		Browser.Page token = requestToken(client, assertion(client, key, JWSAlgorithm.ES384), "system/*.rs");

		assertThat(token.status()).as(token.body()).isEqualTo(200);
	}

	@Test
	void backendServiceMayAskForLessThanItsRegisteredScopes() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
		String client = backendService(key, "system/*.rs");

		Browser.Page narrower = requestToken(client, assertion(client, key, JWSAlgorithm.RS384), "system/Patient.r");
		Browser.Page wider = requestToken(client, assertion(client, key, JWSAlgorithm.RS384), "system/*.cruds");

		assertThat(narrower.status()).as(narrower.body()).isEqualTo(200);
		assertThat(JSONObjectUtils.parse(narrower.body()).get("scope")).isEqualTo("system/Patient.r");
		assertThat(wider.status()).isEqualTo(400);
		assertThat(wider.body()).contains("invalid_scope").doesNotContain("access_token");
	}

	@Test
	void refusesAssertionSignedWithUnregisteredKey() throws Exception {
		String client = backendService(new RSAKeyGenerator(2048).keyID("k1").generate());
		RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();

		Browser.Page token = requestToken(client, assertion(client, other, JWSAlgorithm.RS384), "system/*.rs");

		assertThat(token.status()).isEqualTo(401);
		assertThat(token.body()).contains("invalid_client").doesNotContain("access_token").doesNotContain(family);
	}

	@Test
	void refusesAReplayedAssertion() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
		String client = backendService(key);
		String assertion = assertion(client, key, JWSAlgorithm.RS384);
		assertThat(requestToken(client, assertion, "system/*.rs").status()).isEqualTo(200);

		Browser.Page again = requestToken(client, assertion, "system/*.rs");

		assertThat(again.status()).isEqualTo(401);
		assertThat(again.body()).contains("invalid_client").doesNotContain("access_token").doesNotContain(family);
	}

	@Test
	void refusesAssertionSignedWithRs256() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
		String client = backendService(key);

		Browser.Page token = requestToken(client, assertion(client, key, JWSAlgorithm.RS256), "system/*.rs");

		assertThat(token.status()).isEqualTo(401);
		assertThat(token.body()).doesNotContain("access_token").doesNotContain(family);
	}

	@Test
	void backendServiceIsRefusedPatientOrUserScopes() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
		String client = backendService(key, "system/*.rs user/*.rs");

		Browser.Page token = requestToken(client, assertion(client, key, JWSAlgorithm.RS384), "user/*.rs");

		assertThat(token.status()).isEqualTo(400);
		assertThat(token.body()).contains("invalid_scope").doesNotContain("access_token").doesNotContain(family);
	}

	@Test
	void introspectionReportsInactiveForRevokedToken() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
		String client = backendService(key);
		String accessToken = (String) JSONObjectUtils.parse(requestToken(client, assertion(client, key, JWSAlgorithm.RS384),
				"system/*.rs").body()).get("access_token");

		Browser.Page active = authenticated(client, key, "/oauth2/introspect", "token", accessToken);
		assertThat(active.status()).as(active.body()).isEqualTo(200);
		assertThat(JSONObjectUtils.parse(active.body()).get("active")).isEqualTo(true);

		Browser.Page revoked = authenticated(client, key, "/oauth2/revoke", "token", accessToken);
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);

		Browser.Page inactive = authenticated(client, key, "/oauth2/introspect", "token", accessToken);
		assertThat(JSONObjectUtils.parse(inactive.body()).get("active")).isEqualTo(false);
		FhirHttp.Response read = fhir.as(accessToken).get("Patient/" + patientId);
		assertThat(read.status()).as("the API refuses a revoked token").isEqualTo(401);
		assertThat(read.body()).doesNotContain(family).doesNotContain(patientId);
	}

	private Browser.Page authenticated(String client, JWK key, String path, String name, String value) throws JOSEException {
		return new Browser(origin()).post(path, Browser.fields(name, value, "client_assertion_type", ASSERTION_TYPE,
				"client_assertion", assertion(client, key, JWSAlgorithm.RS384)));
	}

	private String backendService(JWK key) {
		return backendService(key, "system/*.rs");
	}

	private String backendService(JWK key, String scopes) {
		String client = "svc-" + UUID.randomUUID().toString().substring(0, 8);
		tokens.registerClient(client, "test", Set.of(Role.INTEGRATION), List.of(scopes.split(" ")));
		apps.configure(client, List.of(), false, false, new JWKSet(key.toPublicJWK()).toString(),
				Set.of("client_credentials"));
		return client;
	}

	private Browser.Page requestToken(String client, String assertion, String scope) {
		return new Browser(origin()).post("/oauth2/token", Browser.fields("grant_type", "client_credentials", "scope", scope,
				"client_assertion_type", ASSERTION_TYPE, "client_assertion", assertion));
	}

	private String assertion(String client, JWK key, JWSAlgorithm algorithm) throws JOSEException {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(client).subject(client).audience(origin() + "/oauth2/token")
				.expirationTime(Date.from(now.plusSeconds(240))).issueTime(Date.from(now))
				.jwtID(UUID.randomUUID().toString()).build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
		JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
		jwt.sign(signer);
		return jwt.serialize();
	}

	private String origin() {
		return "http://127.0.0.1:" + port;
	}
}

package org.custodian.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.custodian.CustodianApplication;
import org.custodian.access.AccessTokens;
import org.custodian.access.Role;
import org.custodian.testkit.FhirHttp;
import org.custodian.testkit.Fixtures;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * Trust in an external OpenID Connect provider, configured by properties: its tokens are accepted
 * beside ours with roles read from the named claim. The provider is played by this test: a key
 * made here, its JWKS served from a local port. A server of its own (other properties, so another
 * Spring context and data directory than the shared {@code ServerTest} one).
 */
@SpringBootTest(classes = CustodianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExternalProviderIT {

	private static final String ISSUER = "https://idp.example/realms/hospital";
	private static final RSAKey KEY = key();
	private static final HttpServer PROVIDER = jwksServer();

	@LocalServerPort
	int port;

	@Autowired
	AccessTokens tokens;

	private FhirHttp fhir;
	private String labelled;
	private String family;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		String dataDir = Files.createTempDirectory("custodian-ext-").toString();
		registry.add("custodian.database.data-dir", () -> dataDir);
		registry.add("custodian.access.external.issuer", () -> ISSUER);
		registry.add("custodian.access.external.jwks-uri", () -> "http://127.0.0.1:" + PROVIDER.getAddress().getPort() + "/jwks");
		registry.add("custodian.access.external.roles-claim", () -> "realm_access.roles");
	}

	@AfterAll
	static void stopProvider() {
		PROVIDER.stop(0);
	}

	@BeforeEach
	void aLabelledPatient() {
		tokens.registerClient("ext-loader", "test", Set.of(Role.PRIVACY_OFFICER, Role.INTEGRATION), List.of("system/*.cruds"));
		fhir = new FhirHttp("http://127.0.0.1:" + port + "/fhir", tokens.issue("ext-loader", List.of("system/*.cruds"), null,
				null));
		family = "Ext" + UUID.randomUUID().toString().substring(0, 8);
		Patient patient = Fixtures.patient(family, "Ann");
		patient.getMeta().addSecurity().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("HIV");
		labelled = new IdType(fhir.post("Patient", patient).header("Location")).getIdPart();
	}

	@Test
	void externalProviderTokenAcceptedWithMappedRoles() throws Exception {
		String cleared = externalToken(ISSUER, tokens.audience(), List.of("privacy-officer", "offline_access"));
		String notCleared = externalToken(ISSUER, tokens.audience(), List.of("researcher", "uma_authorization"));

		FhirHttp.Response read = fhir.as(cleared).get("Patient/" + labelled);
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		FhirHttp.Response hidden = fhir.as(notCleared).get("Patient/" + labelled);
		assertThat(hidden.status()).as("a researcher's policy reaches no identified data").isEqualTo(403);
		assertThat(hidden.body()).doesNotContain(family);
	}

	@Test
	void refusesTokenFromUntrustedIssuer() throws Exception {
		String forged = externalToken("https://evil.example/realms/hospital", tokens.audience(), List.of("privacy-officer"));

		FhirHttp.Response r = fhir.as(forged).get("Patient/" + labelled);

		assertThat(r.status()).isEqualTo(401);
		assertThat(r.errorCode()).isEqualTo("CUS-5001");
		assertThat(r.body()).doesNotContain(family).doesNotContain(labelled);
	}

	@Test
	void refusesExternalTokenForAnotherAudience() throws Exception {
		String elsewhere = externalToken(ISSUER, "https://other-api.example", List.of("privacy-officer"));

		FhirHttp.Response r = fhir.as(elsewhere).get("Patient/" + labelled);

		assertThat(r.status()).isEqualTo(401);
		assertThat(r.body()).doesNotContain(family);
	}

	@Test
	void refusesTokenClaimingOurIssuerButSignedByTheProvider() throws Exception {
		String confused = externalToken(tokens.issuer(), tokens.audience(), List.of("privacy-officer"));

		FhirHttp.Response r = fhir.as(confused).get("Patient/" + labelled);

		assertThat(r.status()).isEqualTo(401);
		assertThat(r.body()).doesNotContain(family);
	}

	private static String externalToken(String issuer, String audience, List<String> roles) throws JOSEException {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("kc-user-1").audience(audience)
				.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString())
				.claim("scope", "user/*.rs openid").claim("realm_access", Map.of("roles", roles))
				// A provider's own top-level roles claim must not count: only the configured one does.
				.claim("roles", List.of("administrator")).build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(KEY));
		return jwt.serialize();
	}

	private static RSAKey key() {
		try {
			return new RSAKeyGenerator(2048).keyID("idp-1").generate();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	private static HttpServer jwksServer() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/jwks", exchange -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}
}

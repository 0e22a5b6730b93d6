package org.custodian.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.custodian.database.DatabaseProperties;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.custodian.support.SigningKey;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Registered clients and the access tokens this server issues to them: JWTs signed with the
 * server's key ({@link SigningKey}), naming this server as issuer and its FHIR API as audience, and
 * carrying the client's roles, the granted SMART scopes and, for patient-level scopes, the patient
 * in context. The FHIR edge verifies them and turns their claims into a {@link Caller}.
 */
@Service
public class AccessTokens {

	public static final String CLAIM_SCOPE = "scope";
	public static final String CLAIM_ROLES = "roles";
	public static final String CLAIM_CLIENT = "client_id";
	public static final String CLAIM_PATIENT = "patient";
	public static final String CLAIM_PURPOSE = "purpose_of_use";
	/** SMART's claim for the FHIR resource that is the user ({@code Practitioner/123}). */
	public static final String CLAIM_FHIR_USER = "fhirUser";

	private final AccessProperties properties;
	private final JdbcTemplate jdbc;
	private final RSAKey key;

	AccessTokens(AccessProperties properties, DatabaseProperties database, JdbcTemplate jdbc) {
		this.properties = properties;
		this.jdbc = jdbc;
		this.key = SigningKey.loadOrCreate(database.dataDir());
	}

	public String issuer() {
		return properties.issuer();
	}

	public String audience() {
		return properties.audience();
	}

	/** The public half of the signing key, to verify tokens with. */
	public java.security.interfaces.RSAPublicKey publicKey() {
		try {
			return key.toRSAPublicKey();
		} catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * The signing key, private half included, for the built-in authorization server, which signs
	 * with it so that the FHIR API verifies its tokens exactly as it verifies these.
	 */
	public com.nimbusds.jose.jwk.JWKSet signingKeys() {
		return new com.nimbusds.jose.jwk.JWKSet(key);
	}

	/** Registers (or replaces) a client with the roles it acts in and the scopes it may be granted. */
	public void registerClient(String clientId, @Nullable String description, Set<Role> roles, List<String> scopes) {
		registerClient(clientId, description, roles, scopes, null);
	}

	/**
	 * As {@link #registerClient(String, String, Set, List)}, for a client that acts as one user:
	 * {@code fhirUser} names the FHIR resource that is that user ({@code Practitioner/123}), whose care
	 * teams and encounters give a clinician its treatment relationships.
	 */
	public void registerClient(String clientId, @Nullable String description, Set<Role> roles, List<String> scopes,
			@Nullable String fhirUser) {
		if (fhirUser != null && !fhirUser.matches("(Practitioner|PractitionerRole|Patient|RelatedPerson|Person)/[A-Za-z0-9.-]{1,64}")) {
			throw invalid("fhirUser must name a Practitioner, PractitionerRole, Patient, RelatedPerson or Person, not '"
					+ fhirUser + "'");
		}
		if (!clientId.matches("[A-Za-z0-9._-]{1,128}")) {
			throw invalid("A client id is 1 to 128 letters, digits, '.', '_' or '-', not '" + clientId + "'");
		}
		if (roles.isEmpty()) {
			throw invalid("A client needs at least one role");
		}
		for (String scope : scopes) {
			if (Scope.parse(scope).isEmpty() && !scope.matches("openid|fhirUser|offline_access|online_access|launch(/patient)?")) {
				throw invalid("'" + scope + "' is not a scope this server grants");
			}
		}
		jdbc.update("insert into api_client (client_id, description, roles, scopes, fhir_user) values (?, ?, ?, ?, ?)"
				+ " on conflict (client_id) do update set description = excluded.description, roles = excluded.roles,"
				+ " scopes = excluded.scopes, fhir_user = excluded.fhir_user, enabled = true", clientId, description,
				roles.stream().map(Role::externalName).toArray(String[]::new), String.join(" ", scopes), fhirUser);
	}

	/**
	 * A token for a registered, enabled client, for {@code requested} scopes it may be granted.
	 * Patient-level scopes need the patient in context.
	 */
	public String issue(String clientId, List<String> requested, @Nullable String patient, @Nullable String purpose) {
		List<Map<String, Object>> rows = jdbc.queryForList("select roles, scopes, fhir_user from api_client where client_id = ?"
				+ " and enabled", clientId);
		if (rows.isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.ACCESS_UNKNOWN_CLIENT, "No enabled client '" + clientId
					+ "' is registered (custodian client add registers one)");
		}
		List<String> allowed = Arrays.asList(((String) rows.get(0).get("scopes")).split(" "));
		List<String> roles = roles(rows.get(0).get("roles"));
		List<String> granted = new ArrayList<>(new LinkedHashSet<>(requested));
		for (String scope : granted) {
			if (!allowed(scope, allowed)) {
				throw invalid("Client '" + clientId + "' may not be granted '" + scope + "' (it may have: "
						+ String.join(" ", allowed) + ")");
			}
			if (scope.startsWith("patient/") && patient == null) {
				throw invalid("The patient-level scope '" + scope + "' needs a patient in context");
			}
		}
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(properties.issuer()).subject(clientId)
				.audience(properties.audience()).issueTime(Date.from(now))
				.expirationTime(Date.from(now.plus(properties.tokenLifetime()))).jwtID(UUID.randomUUID().toString())
				.claim(CLAIM_CLIENT, clientId).claim(CLAIM_SCOPE, String.join(" ", granted)).claim(CLAIM_ROLES, roles);
		if (patient != null) {
			claims.claim(CLAIM_PATIENT, patient);
		}
		if (purpose != null) {
			claims.claim(CLAIM_PURPOSE, purpose);
		}
		Object fhirUser = rows.get(0).get("fhir_user");
		if (fhirUser != null) {
			claims.claim(CLAIM_FHIR_USER, fhirUser.toString());
		}
		return sign(claims.build());
	}

	/** Signs arbitrary claims with this server's key; for tests that need forged-but-signed tokens. */
	String sign(JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		} catch (JOSEException e) {
			throw new IllegalStateException("Cannot sign a token", e);
		}
	}

	/** The caller a verified token's claims describe. */
	public static Caller caller(String subject, Map<String, Object> claims) {
		Object scope = claims.get(CLAIM_SCOPE);
		List<String> scopes = scope == null ? List.of() : List.of(scope.toString().trim().split("\\s+"));
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (String name : roles(claims.get(CLAIM_ROLES))) {
			Role.of(name).ifPresent(roles::add);
		}
		Object client = claims.get(CLAIM_CLIENT);
		Object patient = claims.get(CLAIM_PATIENT);
		Object purpose = claims.get(CLAIM_PURPOSE);
		Object fhirUser = claims.get(CLAIM_FHIR_USER);
		return new Caller(subject, client == null ? subject : client.toString(), scopes, roles,
				patient == null ? null : patient.toString(), purpose == null ? null : purpose.toString(),
				fhirUser == null ? null : fhirUser.toString());
	}

	private static List<String> roles(@Nullable Object value) {
		List<String> out = new ArrayList<>();
		if (value instanceof java.sql.Array array) {
			try {
				value = array.getArray();
			} catch (java.sql.SQLException e) {
				throw new IllegalStateException(e);
			}
		}
		if (value instanceof Object[] items) {
			value = Arrays.asList(items);
		}
		if (value instanceof Iterable<?> items) {
			items.forEach(i -> out.add(String.valueOf(i)));
		} else if (value != null) {
			out.add(value.toString());
		}
		return out;
	}

	/**
	 * A scope is allowed when listed, or when a listed scope of the same level covers its type and
	 * interactions. Public for the authorization server, which grants by the same rule.
	 */
	public static boolean allowed(String scope, List<String> allowed) {
		if (allowed.contains(scope)) {
			return true;
		}
		Scope wanted = Scope.parse(scope).orElse(null);
		if (wanted == null) {
			return false;
		}
		for (String a : allowed) {
			Scope has = Scope.parse(a).orElse(null);
			if (has != null && has.level() == wanted.level() && (has.type() == null || has.type().equals(wanted.type()))
					&& has.interactions().containsAll(wanted.interactions())
					&& (has.query() == null || has.query().equals(wanted.query()))) {
				return true;
			}
		}
		return false;
	}

	private static CustodianException invalid(String message) {
		return new CustodianException.Invalid(ErrorCode.ACCESS_INVALID_REQUEST, message);
	}
}

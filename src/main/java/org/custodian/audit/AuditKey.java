package org.custodian.audit;

import java.text.ParseException;
import java.util.HexFormat;
import java.util.Map;

import org.custodian.support.SigningKey;
import org.custodian.database.DatabaseProperties;
import org.springframework.stereotype.Component;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The key that signs the audit trail's checkpoints: its own RSA key in
 * {@code DATA_DIR/keys/audit-signing.jwk.json} (owner-only), apart from the token-signing key, so
 * that who can rewrite the audit tables cannot also re-sign them without the server host's files.
 */
@Component
class AuditKey {

	private final RSAKey key;

	AuditKey(DatabaseProperties database) {
		this.key = SigningKey.loadOrCreate(database.dataDir(), "audit-signing");
	}

	String id() {
		return key.getKeyID();
	}

	/** A compact JWS over checkpoint {@code seq} with chain hash {@code hash}. */
	String sign(long seq, byte[] hash) {
		try {
			JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					new Payload(Map.of("seq", seq, "hash", HexFormat.of().formatHex(hash))));
			jws.sign(new RSASSASigner(key));
			return jws.serialize();
		} catch (JOSEException e) {
			throw new IllegalStateException("Cannot sign an audit checkpoint", e);
		}
	}

	/** Whether {@code signature} is this key's signature over exactly {@code seq} and {@code hash}. */
	boolean verifies(String signature, long seq, byte[] hash) {
		try {
			JWSObject jws = JWSObject.parse(signature);
			if (!jws.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
				return false;
			}
			Map<String, Object> claims = jws.getPayload().toJSONObject();
			return claims != null && ((Number) claims.get("seq")).longValue() == seq
					&& HexFormat.of().formatHex(hash).equals(claims.get("hash"));
		} catch (ParseException | JOSEException | RuntimeException e) {
			return false;
		}
	}
}

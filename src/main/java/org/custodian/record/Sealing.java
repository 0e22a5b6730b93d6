package org.custodian.record;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.custodian.record.internal.DataKeys;
import org.custodian.record.internal.ResourceCodec;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Encryption at rest for what features keep beside the records: documents as they arrived (C-CDA
 * files, scans waiting to be indexed) and release packages. Sealed as record bodies are (AES-256-GCM,
 * a data key per chart: the patient's when the bytes are one patient's, else the shared key), with
 * a context of the feature's choosing bound in (its table and the content's digest), so sealed bytes
 * moved to another row do not open. Each feature keeps beside them whether they are sealed, so rows
 * written before encryption at rest stay readable.
 */
@Component
public class Sealing {

	private final DataKeys keys;
	private final JdbcTemplate jdbc;
	private final boolean enabled;

	Sealing(DataKeys keys, JdbcTemplate jdbc, @Value("${custodian.encryption.enabled:true}") boolean enabled) {
		this.keys = keys;
		this.jdbc = jdbc;
		this.enabled = enabled;
	}

	/** Whether new bytes are sealed ({@code custodian.encryption.enabled}). */
	public boolean enabled() {
		return enabled;
	}

	/**
	 * {@code plain} sealed with the data key of {@code patientId}'s chart (null, or a patient not in the
	 * store: the shared key); call {@link #enabled} first. Inside the transaction that keeps them.
	 */
	public byte[] seal(@Nullable String patientId, byte[] plain, String context) {
		long owner = DataKeys.SHARED;
		if (patientId != null) {
			List<Long> found = jdbc.queryForList("select res_id from resource where res_type = 'Patient' and fhir_id = ?",
					Long.class, patientId);
			owner = found.isEmpty() ? DataKeys.SHARED : found.get(0);
		}
		return ResourceCodec.sealBytes(keys, owner, plain, context.getBytes(StandardCharsets.UTF_8));
	}

	public byte[] open(byte[] sealed, String context) {
		return ResourceCodec.openBytes(keys, sealed, context.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Text kept in a text column, sealed when encryption is on, as {@code sealed:} and base64: for text
	 * that never starts so by itself (an HL7 v2 message starts with its MSH segment).
	 */
	public String sealText(String text, String context) {
		if (!enabled) {
			return text;
		}
		return TEXT_PREFIX + java.util.Base64.getEncoder().encodeToString(seal(null, text.getBytes(StandardCharsets.UTF_8),
				context));
	}

	/** Text as {@link #sealText} kept it: opened if sealed, else as it is (kept before encryption at rest). */
	public String openText(String stored, String context) {
		if (!stored.startsWith(TEXT_PREFIX)) {
			return stored;
		}
		return new String(open(java.util.Base64.getDecoder().decode(stored.substring(TEXT_PREFIX.length())), context),
				StandardCharsets.UTF_8);
	}

	private static final String TEXT_PREFIX = "sealed:";
}

package org.custodian.completion;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.custodian.record.WriteGuard;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;

/**
 * A signed entry is locked: whatever path a write takes, it may not change what was signed, nor who
 * authenticated it, nor be deleted. Its status may still move (superseded by a correction, entered in
 * error), which the record's history and the audit trail keep. Signing itself records the signature
 * first and then writes the entry in the state the signature expects, so it passes this check too.
 */
@Component
class SignedEntryLock implements WriteGuard {

	private record Signed(byte[] digest, @Nullable String authenticator, @Nullable String docStatus) {}

	private final JdbcTemplate jdbc;
	private final FhirContext ctx;

	SignedEntryLock(JdbcTemplate jdbc, FhirContext ctx) {
		this.jdbc = jdbc;
		this.ctx = ctx;
	}

	@Override
	public void check(String type, String id, @Nullable IBaseResource resource) {
		if (!SignedContent.TYPES.contains(type)) {
			return;
		}
		List<Signed> latest = jdbc.query("select digest, authenticator, doc_status from entry_signature where entry = ? order by"
				+ " signature_id desc limit 1", (rs, n) -> new Signed(rs.getBytes(1), rs.getString(2), rs.getString(3)), type + "/"
						+ id);
		if (latest.isEmpty()) {
			return;
		}
		Signed signed = latest.get(0);
		if (resource == null) {
			throw new CustodianException.Conflict(ErrorCode.ENTRY_SIGNED, type + "/" + id + " is signed and is never deleted:"
					+ " mark it entered in error, or correct it with a new entry that replaces it");
		}
		if (!Arrays.equals(signed.digest(), SignedContent.digest(ctx, resource))) {
			throw new CustodianException.Conflict(ErrorCode.ENTRY_SIGNED, type + "/" + id + " is signed and its content is"
					+ " never changed: add an addendum (relatesTo appends) or a correction that replaces it");
		}
		if (!Objects.equals(signed.authenticator(), SignedContent.authenticator(resource)) || (signed.docStatus() != null
				&& !signed.docStatus().equals(SignedContent.docStatus(resource)))) {
			throw new CustodianException.Conflict(ErrorCode.ENTRY_SIGNED, type + "/" + id + " is signed: who authenticated it"
					+ " and its document status change only by signing it");
		}
	}
}

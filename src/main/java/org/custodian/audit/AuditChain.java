package org.custodian.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The hash chain over the audit trail: each row's hash is SHA-256 of the previous row's hash and
 * the row's content, written in one fixed binary form (every field, length-prefixed, in order), so
 * any change to any field of any row, or to their order, changes every hash after it.
 */
final class AuditChain {

	/** The hash before the first row. */
	static final byte[] GENESIS = new byte[32];

	private final MessageDigest sha256;
	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
	private final DataOutputStream out = new DataOutputStream(buffer);

	AuditChain() {
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The hash of row {@code seq} holding {@code r}, following the row whose hash is {@code previous}. */
	byte[] next(byte[] previous, long seq, AuditRecord r) {
		buffer.reset();
		try {
			out.writeLong(seq);
			// PostgreSQL keeps microseconds: the form hashed is what the row holds.
			Instant t = r.recorded().truncatedTo(ChronoUnit.MICROS);
			out.writeLong(t.getEpochSecond());
			out.writeInt(t.getNano());
			text(r.category());
			out.writeChar(r.action());
			text(r.subtype());
			out.writeInt(r.outcome());
			text(r.actor());
			text(r.user());
			text(r.client());
			list(r.roles());
			text(r.purpose());
			text(r.origin());
			list(r.patients());
			list(r.entities());
			text(r.query());
			text(r.detail());
			out.writeBoolean(r.emergency());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		sha256.update(previous);
		sha256.update(buffer.toByteArray());
		return sha256.digest();
	}

	private void text(@Nullable String s) throws IOException {
		if (s == null) {
			out.writeInt(-1);
			return;
		}
		byte[] b = s.getBytes(StandardCharsets.UTF_8);
		out.writeInt(b.length);
		out.write(b);
	}

	private void list(List<String> items) throws IOException {
		out.writeInt(items.size());
		for (String item : items) {
			text(item);
		}
	}
}

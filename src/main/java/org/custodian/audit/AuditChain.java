package org.custodian.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * The hash chain over the audit trail: each row's hash is SHA-256 of the previous row's hash and
 * the row's content, written in one fixed binary form (every field, length-prefixed, in order), so
 * any change to any field of any row, or to their order, changes every hash after it. The content
 * is read back from the table, as stored, by both the sealer and the verifier.
 */
final class AuditChain {

	/** The hash before the first row. */
	static final byte[] GENESIS = new byte[32];

	private final MessageDigest sha256;
	private final Buffer buffer = new Buffer();
	private final DataOutputStream out = new DataOutputStream(buffer);

	AuditChain() {
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * The columns of a row that its hash covers, as the sealer and the verifier select them: every
	 * field, in PostgreSQL's own text form for arrays and as microseconds since the epoch for the
	 * time, so that hashing needs no parsing and no session setting can change what is hashed.
	 */
	static final String COLUMNS = "e.seq, (extract(epoch from e.recorded) * 1000000)::bigint as micros, e.category, e.action,"
			+ " e.subtype, e.outcome, e.actor, e.user_ref, e.client, e.roles::text as roles, e.purpose, e.origin,"
			+ " e.patients::text as patients, e.entities::text as entities, e.query, e.detail, e.emergency";

	/** The hash of the current row of {@code rs} (selected with {@link #COLUMNS}), following the row whose hash is {@code previous}. */
	byte[] next(byte[] previous, ResultSet rs) throws SQLException {
		buffer.reset();
		try {
			// By position, in the order of COLUMNS: looking columns up by name costs more than hashing them.
			out.writeLong(rs.getLong(1));
			out.writeLong(rs.getLong(2));
			text(rs.getString(3));
			text(rs.getString(4));
			text(rs.getString(5));
			out.writeInt(rs.getInt(6));
			for (int i = 7; i <= 16; i++) {
				text(rs.getString(i));
			}
			out.writeBoolean(rs.getBoolean(17));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		sha256.update(previous);
		sha256.update(buffer.bytes(), 0, buffer.size());
		return sha256.digest();
	}

	/** A byte buffer whose contents are hashed in place, without a copy. */
	private static final class Buffer extends ByteArrayOutputStream {
		Buffer() {
			super(512);
		}

		byte[] bytes() {
			return buf;
		}
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
}

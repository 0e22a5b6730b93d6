package org.custodian.completion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/** The signatures kept on entries ({@code entry_signature}), in the order they were made, by entry. */
final class SignatureRows {

	private SignatureRows() {}

	static Map<String, List<EntrySignatures.Kept>> of(JdbcTemplate jdbc, List<String> entries) {
		Map<String, List<EntrySignatures.Kept>> out = new HashMap<>();
		if (entries.isEmpty()) {
			return out;
		}
		jdbc.query("select entry, kind, signer, signer_role, username, supervisor, coalesce(version, 0), digest, signed_at,"
				+ " provenance from entry_signature where entry = any(?) order by signature_id", rs -> {
					out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new EntrySignatures.Kept(rs.getString(2), rs
							.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7), SignedContent.hex(rs
									.getBytes(8)), rs.getTimestamp(9).toInstant(), rs.getString(10)));
				}, (Object) entries.toArray(String[]::new));
		return out;
	}
}

package org.custodian.access;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.custodian.support.Reloading;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The rules of every patient's active privacy consents ({@code consent_rule}, V11), written in the
 * same transaction as the Consent they come from, and read by the gate from memory. The copy in
 * memory is replaced after any Consent written through this server commits, and at least every few
 * seconds (another process, such as an import, may have written one): so a patient's new or
 * withdrawn choice counts from the next request here, and within seconds everywhere.
 */
@Service
public class ConsentDirectory {

	private final JdbcTemplate jdbc;
	/** The rules not yet expired, read again after a local change and at least every 5 s. */
	private final Reloading<List<ConsentRule>> rules;

	ConsentDirectory(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.rules = new Reloading<>(Duration.ofSeconds(5), () -> List.copyOf(jdbc.query("select * from consent_rule"
				+ " where valid_to is null or valid_to > ? order by consent_res_id, rule_no", (rs, i) -> rule(rs),
				Timestamp.from(clock.instant()))));
	}

	/**
	 * Replaces the rules of the Consents in {@code consents} (internal ids: written, replaced or
	 * deleted in the current transaction) with {@code rules}. Must run inside that transaction.
	 */
	public void replace(long[] consents, List<ConsentRule> rules) {
		if (consents.length == 0) {
			return;
		}
		jdbc.update(con -> {
			var ps = con.prepareStatement("delete from consent_rule where consent_res_id = any(?)");
			ps.setArray(1, con.createArrayOf("bigint", Arrays.stream(consents).boxed().toArray()));
			return ps;
		});
		jdbc.batchUpdate("insert into consent_rule (consent_res_id, rule_no, patient_res_id, deny, actors, purposes,"
				+ " res_types, label_mask, data_res_ids, valid_from, valid_to) values (?,?,?,?,?,?,?,?,?,?,?)", rules, 500,
				(ps, r) -> {
					ps.setLong(1, r.consent());
					ps.setInt(2, r.number());
					ps.setLong(3, r.patient());
					ps.setBoolean(4, r.deny());
					ps.setArray(5, r.actors() == null ? null : ps.getConnection().createArrayOf("text", r.actors().toArray()));
					ps.setArray(6, r.purposes() == null ? null : ps.getConnection().createArrayOf("text", r.purposes().toArray()));
					ps.setArray(7, r.types() == null ? null : ps.getConnection().createArrayOf("text", r.types().toArray()));
					ps.setInt(8, r.labelMask());
					ps.setArray(9, r.resources() == null ? null
							: ps.getConnection().createArrayOf("bigint", Arrays.stream(r.resources()).boxed().toArray()));
					ps.setTimestamp(10, r.from() == null ? null : Timestamp.from(r.from()));
					ps.setTimestamp(11, r.to() == null ? null : Timestamp.from(r.to()));
				});
		this.rules.changed();
	}

	/** The rules not yet expired: read again after a local change, or when the copy is a few seconds old. */
	List<ConsentRule> current() {
		return rules.get();
	}

	private static ConsentRule rule(ResultSet rs) throws SQLException {
		Array resources = rs.getArray("data_res_ids");
		return new ConsentRule(rs.getLong("consent_res_id"), rs.getInt("rule_no"), rs.getLong("patient_res_id"),
				rs.getBoolean("deny"), strings(rs.getArray("actors")), strings(rs.getArray("purposes")),
				strings(rs.getArray("res_types")), rs.getInt("label_mask"),
				resources == null ? null : Arrays.stream((Long[]) resources.getArray()).mapToLong(Long::longValue).toArray(),
				instant(rs.getTimestamp("valid_from")), instant(rs.getTimestamp("valid_to")));
	}

	private static @Nullable List<String> strings(@Nullable Array array) throws SQLException {
		return array == null ? null : List.of((String[]) array.getArray());
	}

	private static @Nullable Instant instant(@Nullable Timestamp t) {
		return t == null ? null : t.toInstant();
	}
}

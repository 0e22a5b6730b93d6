package org.custodian.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The FHIR API's accesses to one patient's records under given purposes of use, for the accounting
 * of disclosures (disclosure.Disclosures): when, by which client, why. Nothing else of the trail is
 * read, so the accounting reaches no other audit data.
 */
@Component
public class ApiDisclosures {

	/** One successful access: when, the client (or the user when no client), the purpose of use. */
	public record Access(Instant recorded, String recipient, String purpose) {}

	private final JdbcTemplate jdbc;

	ApiDisclosures(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public List<Access> of(String patient, Set<String> purposes, Instant since) {
		return jdbc.query("select recorded, coalesce(client, actor), purpose from audit_event where category = 'rest'"
				+ " and outcome = 0 and patients @> array[?]::text[] and purpose = any(?) and recorded >= ? order by recorded",
				ps -> {
					ps.setString(1, "Patient/" + patient);
					ps.setArray(2, ps.getConnection().createArrayOf("varchar", purposes.toArray()));
					ps.setTimestamp(3, Timestamp.from(since));
				}, (rs, n) -> new Access(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)));
	}
}

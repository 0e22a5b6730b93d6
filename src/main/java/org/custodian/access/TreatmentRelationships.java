package org.custodian.access;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.custodian.search.IndexHash;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The patients a clinician treats, read from the record itself: those whose active CareTeam lists
 * the clinician as a participant (an assignment is a care team), and those with an encounter the
 * clinician took part in that is ongoing or ended within the window
 * ({@code custodian.access.encounter-window}, 30 days by default). Computed from the index when the
 * request arrives, so a new care team or encounter counts at once and an old one stops counting.
 */
final class TreatmentRelationships {

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final Duration window;

	TreatmentRelationships(JdbcTemplate jdbc, Clock clock, Duration window) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.window = window;
	}

	/** Internal ids of the patients of the practitioner (or other participant) with internal id {@code clinician}. */
	long[] patientsOf(long clinician) {
		long since = clock.instant().minus(window).toEpochMilli();
		List<Long> ids = jdbc.queryForList("select p.target_res_id from idx_reference m"
				+ " join resource t on t.res_id = m.res_id and not t.deleted"
				+ " join idx_reference p on p.res_id = m.res_id and p.hash_identity = ?"
				+ " where m.hash_identity = ? and m.target_res_id = ? and p.target_res_id is not null"
				+ " and not exists (select 1 from idx_token s where s.res_id = m.res_id and s.hash_identity = ?"
				+ " and s.code in ('inactive', 'entered-in-error'))"
				+ " union"
				+ " select p.target_res_id from idx_reference m"
				+ " join resource t on t.res_id = m.res_id and not t.deleted"
				+ " join idx_reference p on p.res_id = m.res_id and p.hash_identity = ?"
				+ " where m.hash_identity = ? and m.target_res_id = ? and p.target_res_id is not null"
				+ " and exists (select 1 from idx_date d where d.res_id = m.res_id and d.hash_identity = ? and d.high_ms >= ?)",
				Long.class,
				IndexHash.identity("CareTeam", "patient"), IndexHash.identity("CareTeam", "participant"), clinician,
				IndexHash.identity("CareTeam", "status"),
				IndexHash.identity("Encounter", "patient"), IndexHash.identity("Encounter", "participant"), clinician,
				IndexHash.identity("Encounter", "date"), since);
		return ids.stream().mapToLong(Long::longValue).toArray();
	}
}

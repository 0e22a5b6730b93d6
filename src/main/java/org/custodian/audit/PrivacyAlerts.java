package org.custodian.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The privacy officer's case queue: alerts raised by monitoring, scored, urgent ones first, one per
 * rule, user, patient and day (a repeat counts an occurrence), each with the investigation's status,
 * notes and outcome as the privacy officer records them.
 */
@Service
public class PrivacyAlerts {

	/** One alert. {@code outcome}: appropriate, violation or inconclusive once closed. */
	public record Alert(long id, Instant raised, String rule, int score, boolean urgent, String actor, @Nullable String patient,
			int occurrences, String summary, String status, @Nullable String outcome, @Nullable String notes,
			@Nullable String reviewedBy) {}

	private static final List<String> STATUSES = List.of("open", "investigating", "closed");
	private static final List<String> OUTCOMES = List.of("appropriate", "violation", "inconclusive");

	private final JdbcTemplate jdbc;

	PrivacyAlerts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Raises (or counts again) the alert of {@code rule} for {@code actor} and {@code patient} today. */
	void raise(String rule, int score, boolean urgent, String actor, @Nullable String patient, long seq, Instant at,
			String summary) {
		String key = rule + "|" + actor + "|" + (patient == null ? "" : patient) + "|" + LocalDate.ofInstant(at, ZoneId.systemDefault());
		jdbc.update("insert into privacy_alert (raised, rule, score, urgent, actor, patient, dedupe_key, first_seq, last_seq,"
				+ " occurrences, summary) values (?,?,?,?,?,?,?,?,?,1,?) on conflict (dedupe_key) do update set"
				+ " occurrences = privacy_alert.occurrences + 1, last_seq = excluded.last_seq,"
				+ " score = greatest(privacy_alert.score, excluded.score), urgent = privacy_alert.urgent or excluded.urgent",
				Timestamp.from(at), rule, score, urgent, actor, patient, key, seq, seq, summary);
	}

	/** The queue: alerts with {@code status} (null: not closed), urgent first, then by score, oldest first. */
	public List<Alert> queue(AccessContext access, @Nullable String status) {
		access.requirePrivacyOfficer("privacy-alerts");
		String where = status == null ? "status <> 'closed'" : "status = ?";
		Object[] args = status == null ? new Object[0] : new Object[] {status};
		return jdbc.query("select * from privacy_alert where " + where + " order by urgent desc, score desc, raised limit 500",
				(rs, i) -> new Alert(rs.getLong("alert_id"), rs.getTimestamp("raised").toInstant(), rs.getString("rule"),
						rs.getInt("score"), rs.getBoolean("urgent"), rs.getString("actor"), rs.getString("patient"),
						rs.getInt("occurrences"), rs.getString("summary"), rs.getString("status"), rs.getString("outcome"),
						rs.getString("notes"), rs.getString("reviewed_by")), args);
	}

	/** Records the investigation of alert {@code id}: its status, notes and (when closed) outcome. */
	public void review(AccessContext access, long id, String status, @Nullable String outcome, String note) {
		access.requirePrivacyOfficer("privacy-alerts");
		if (!STATUSES.contains(status)) {
			throw invalid("status is one of " + STATUSES);
		}
		if (status.equals("closed") == (outcome == null) || (outcome != null && !OUTCOMES.contains(outcome))) {
			throw invalid("A closed alert needs an outcome (" + String.join(", ", OUTCOMES) + "); an open one none");
		}
		if (note == null || note.isBlank()) {
			throw invalid("Record what was found: a note is required");
		}
		int n = jdbc.update("update privacy_alert set status = ?, outcome = ?, notes = coalesce(notes || E'\\n', '') || ?,"
				+ " reviewed_by = ?, reviewed_at = now() where alert_id = ?", status, outcome, note, access.actor(), id);
		if (n == 0) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No privacy alert " + id);
		}
	}

	private static CustodianException invalid(String message) {
		return new CustodianException.Invalid(ErrorCode.ACCESS_INVALID_REQUEST, message);
	}
}

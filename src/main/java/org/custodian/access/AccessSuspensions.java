package org.custodian.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.custodian.support.Reloading;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Users whose access is suspended pending the privacy officer's review: privacy monitoring suspends
 * a user whose pattern looks like exfiltration, and the gate then refuses every request of theirs
 * at once. The set is kept in memory, changed here at once and re-read every few seconds (another
 * process may have changed it). Only the privacy officer lifts a suspension.
 */
@Service
public class AccessSuspensions {

	/** One suspension, active or lifted. */
	public record Suspension(long id, String actor, java.time.Instant since, String reason) {}

	private final JdbcTemplate jdbc;
	private final Clock clock;
	/** The users suspended now, read again after a change made here and at least every 5 s. */
	private final Reloading<Set<String>> suspended;

	AccessSuspensions(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.suspended = new Reloading<>(Duration.ofSeconds(5), () -> Set.copyOf(jdbc.queryForList(
				"select actor from access_suspension where lifted_at is null", String.class)));
	}

	boolean isSuspended(String actor) {
		return suspended.get().contains(actor);
	}

	/** Suspends {@code actor} now (no-op when already suspended). */
	public void suspend(String actor, String reason) {
		jdbc.update("insert into access_suspension (actor, since, reason) values (?, ?, ?) on conflict do nothing", actor,
				Timestamp.from(clock.instant()), reason);
		suspended.changed();
	}

	/** The active suspensions, for the privacy officer. */
	public List<Suspension> active(AccessContext access) {
		access.requirePrivacyOfficer("access-suspensions");
		return jdbc.query("select suspension_id, actor, since, reason from access_suspension where lifted_at is null"
				+ " order by since", (rs, i) -> new Suspension(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
						rs.getString(4)));
	}

	/** Lifts the active suspension of {@code actor}, with the privacy officer's note. */
	public void lift(AccessContext access, String actor, String note) {
		access.requirePrivacyOfficer("access-suspensions");
		int n = jdbc.update("update access_suspension set lifted_by = ?, lifted_at = ?, lift_note = ? where actor = ?"
				+ " and lifted_at is null", access.actor(), Timestamp.from(clock.instant()), note, actor);
		if (n == 0) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No active suspension of " + actor);
		}
		suspended.changed();
	}

}

package org.custodian.audit;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessContext;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Breach assessment, for the privacy officer: an incident is opened (from a privacy alert or not)
 * with its affected patients; the four-factor risk assessment is recorded with a determination; a
 * breach then owes notifications, whose deadlines follow from the discovery date and the number of
 * people affected: individuals within 60 days; with 500 or more, the Secretary of HHS and the media
 * within 60 days as well; with fewer, the Secretary within 60 days after the end of the calendar
 * year. Each notification is marked sent when it is.
 */
@Service
public class BreachIncidents {

	/** HIPAA's threshold for notifying the Secretary and the media without delay. */
	public static final int MAJOR = 500;

	/** One incident with its assessment, affected count and notifications. */
	public record Incident(long id, LocalDate discovered, String description, @Nullable Long alert, String determination,
			@Nullable String risk, int affected, List<Notification> notifications) {}

	/** A notification owed: to whom, by when, and whether sent. */
	public record Notification(String recipient, LocalDate due, @Nullable LocalDate sent) {

		public boolean overdue(LocalDate today) {
			return sent == null && today.isAfter(due);
		}
	}

	/** The four factors of 45 CFR 164.402(2) and the overall risk they add up to (low, medium, high). */
	public record Assessment(String natureAndExtent, String recipient, String acquiredOrViewed, String mitigation,
			String risk) {}

	private final JdbcTemplate jdbc;
	private final Clock clock;

	BreachIncidents(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Opens an incident discovered on {@code discovered}, affecting {@code patients} ({@code Patient/id}). */
	@Transactional
	public long open(AccessContext access, LocalDate discovered, String description, @Nullable Long alert,
			List<String> patients) {
		access.requirePrivacyOfficer("breach-incident");
		if (description == null || description.isBlank()) {
			throw invalid("Describe the incident");
		}
		if (discovered.isAfter(LocalDate.now(clock))) {
			throw invalid("An incident cannot be discovered in the future");
		}
		Long id = jdbc.queryForObject("insert into breach_incident (opened, opened_by, discovered, description, alert_id)"
				+ " values (?,?,?,?,?) returning incident_id", Long.class, Timestamp.from(clock.instant()), access.actor(),
				Date.valueOf(discovered), description, alert);
		for (String p : patients) {
			if (!p.matches("Patient/[A-Za-z0-9.-]{1,64}")) {
				throw invalid("Affected patients are Patient/id references, not '" + p + "'");
			}
			jdbc.update("insert into breach_affected (incident_id, patient) values (?, ?) on conflict do nothing", id, p);
		}
		return id;
	}

	/**
	 * Records the four-factor assessment and the determination (breach or not-a-breach); a breach
	 * gets its notifications and their deadlines.
	 */
	@Transactional
	public Incident assess(AccessContext access, long id, Assessment a, String determination) {
		access.requirePrivacyOfficer("breach-assessment");
		if (!List.of("breach", "not-a-breach").contains(determination)) {
			throw invalid("The determination is breach or not-a-breach");
		}
		if (!List.of("low", "medium", "high").contains(a.risk())) {
			throw invalid("The risk is low, medium or high");
		}
		for (String factor : new String[] {a.natureAndExtent(), a.recipient(), a.acquiredOrViewed(), a.mitigation()}) {
			if (factor == null || factor.isBlank()) {
				throw invalid("Each of the four factors needs its finding");
			}
		}
		if (determination.equals("not-a-breach") && !a.risk().equals("low")) {
			throw invalid("Only a low probability that the PHI was compromised shows it is not a breach");
		}
		int n = jdbc.update("update breach_incident set nature_extent = ?, recipient = ?, acquired_viewed = ?, mitigation = ?,"
				+ " risk = ?, determination = ?, assessed_by = ?, assessed_at = ? where incident_id = ?", a.natureAndExtent(),
				a.recipient(), a.acquiredOrViewed(), a.mitigation(), a.risk(), determination, access.actor(),
				Timestamp.from(clock.instant()), id);
		if (n == 0) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No breach incident " + id);
		}
		jdbc.update("delete from breach_notification where incident_id = ? and sent is null", id);
		if (determination.equals("breach")) {
			Map<String, Object> row = jdbc.queryForMap("select discovered, (select count(*) from breach_affected a where"
					+ " a.incident_id = i.incident_id) as affected from breach_incident i where incident_id = ?", id);
			LocalDate discovered = ((Date) row.get("discovered")).toLocalDate();
			long affected = ((Number) row.get("affected")).longValue();
			owe(id, "individuals", discovered.plusDays(60));
			if (affected >= MAJOR) {
				owe(id, "secretary", discovered.plusDays(60));
				owe(id, "media", discovered.plusDays(60));
			} else {
				owe(id, "secretary", LocalDate.of(discovered.getYear(), 12, 31).plusDays(60));
			}
		}
		return incident(id);
	}

	/** Marks the notification to {@code recipient} sent on {@code sent}. */
	public void sent(AccessContext access, long id, String recipient, LocalDate sent, @Nullable String note) {
		access.requirePrivacyOfficer("breach-notification");
		if (jdbc.update("update breach_notification set sent = ?, note = ? where incident_id = ? and recipient = ?",
				Date.valueOf(sent), note, id, recipient) == 0) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "Incident " + id + " owes no notification to "
					+ recipient);
		}
	}

	/** Every incident, newest first. */
	public List<Incident> all(AccessContext access) {
		access.requirePrivacyOfficer("breach-incidents");
		List<Incident> out = new ArrayList<>();
		for (Long id : jdbc.queryForList("select incident_id from breach_incident order by incident_id desc", Long.class)) {
			out.add(incident(id));
		}
		return out;
	}

	private void owe(long id, String recipient, LocalDate due) {
		jdbc.update("insert into breach_notification (incident_id, recipient, due) values (?,?,?) on conflict do nothing", id,
				recipient, Date.valueOf(due));
	}

	private Incident incident(long id) {
		List<Notification> notifications = jdbc.query("select recipient, due, sent from breach_notification where"
				+ " incident_id = ? order by due, recipient", (rs, i) -> new Notification(rs.getString(1),
						rs.getDate(2).toLocalDate(), rs.getDate(3) == null ? null : rs.getDate(3).toLocalDate()), id);
		return jdbc.queryForObject("select i.*, (select count(*) from breach_affected a where a.incident_id = i.incident_id)"
				+ " as affected from breach_incident i where incident_id = ?", (rs, n) -> new Incident(id,
						rs.getDate("discovered").toLocalDate(), rs.getString("description"),
						rs.getObject("alert_id") == null ? null : rs.getLong("alert_id"), rs.getString("determination"),
						rs.getString("risk"), rs.getInt("affected"), notifications), id);
	}

	private static CustodianException invalid(String message) {
		return new CustodianException.Invalid(ErrorCode.ACCESS_INVALID_REQUEST, message);
	}
}

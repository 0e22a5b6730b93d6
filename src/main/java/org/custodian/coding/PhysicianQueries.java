package org.custodian.coding;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.access.Role;
import org.custodian.account.Accounts;
import org.custodian.record.RecordStore;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Encounter;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Queries to the physician when the documentation does not support a code (conflicting, incomplete
 * or ambiguous): a coder asks a named physician about an encounter, the physician sees the queries
 * waiting for them and answers, and the query is tracked until it is, with its age. Only the
 * physician asked may answer; the question is kept as asked.
 */
@Service
public class PhysicianQueries {

	/** A query and, once answered, its answer. */
	public record Query(long id, String encounter, String patient, String physician, String question, String askedBy,
			Instant askedAt, @Nullable String answer, @Nullable String answeredBy, @Nullable Instant answeredAt) {

		public boolean open() {
			return answeredAt == null;
		}

		/** Days it has waited (until answered, or until now). */
		public long days(Instant now) {
			return Duration.between(askedAt, answeredAt == null ? now : answeredAt).toDays();
		}
	}

	private final JdbcTemplate jdbc;
	private final RecordStore store;
	private final Accounts accounts;
	private final Clock clock;

	PhysicianQueries(JdbcTemplate jdbc, RecordStore store, Accounts accounts, Clock clock) {
		this.jdbc = jdbc;
		this.store = store;
		this.accounts = accounts;
		this.clock = clock;
	}

	public Query ask(AccessContext access, String encounterId, String physician, String question) {
		EncounterCoding.requireCoder(access, "physician-query");
		Encounter encounter = (Encounter) store.read(access, "Encounter", encounterId).resource();
		if (question == null || question.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "Write the question for the physician");
		}
		var to = accounts.find(physician == null ? "" : physician.trim()).filter(a -> a.roles().contains(Role.CLINICIAN))
				.orElseThrow(() -> new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "No clinician signs in as '"
						+ physician + "': a query goes to the physician by their user name"));
		Long id = jdbc.queryForObject("insert into coding_query (encounter, patient, physician, question, asked_by, asked_at)"
				+ " values (?, ?, ?, ?, ?, ?) returning query_id", Long.class, "Encounter/" + encounterId,
				encounter.getSubject().getReference(), to.username(), question.trim(), access.actor(), Timestamp.from(
						clock.instant()));
		return find(id == null ? -1 : id);
	}

	/** The physician's answer; only the physician asked may give it, once. */
	public Query answer(AccessContext access, long id, String answer) {
		Query q = find(id);
		if (!q.physician().equals(access.actor())) {
			throw access.refused("physician-query-answer", "Encounter", null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT,
					"This query was asked of " + q.physician());
		}
		if (answer == null || answer.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "Write the answer");
		}
		if (jdbc.update("update coding_query set answer = ?, answered_by = ?, answered_at = ? where query_id = ? and answered_at"
				+ " is null", answer.trim(), access.actor(), Timestamp.from(clock.instant()), id) == 0) {
			throw new CustodianException.Conflict(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "Query " + id + " was already answered");
		}
		return find(id);
	}

	/** The open queries asked of the caller, the oldest first. */
	public List<Query> waitingFor(AccessContext access) {
		return jdbc.query("select * from coding_query where physician = ? and answered_at is null order by asked_at",
				(rs, n) -> query(rs), access.actor());
	}

	public List<Query> forEncounter(AccessContext access, String encounterId) {
		EncounterCoding.requireCoder(access, "physician-queries");
		return jdbc.query("select * from coding_query where encounter = ? order by asked_at", (rs, n) -> query(rs),
				"Encounter/" + encounterId);
	}

	private Query find(long id) {
		return jdbc.query("select * from coding_query where query_id = ?", (rs, n) -> query(rs), id).stream().findFirst()
				.orElseThrow(() -> new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No query " + id));
	}

	private static Query query(java.sql.ResultSet rs) throws java.sql.SQLException {
		Timestamp answered = rs.getTimestamp("answered_at");
		return new Query(rs.getLong("query_id"), rs.getString("encounter"), rs.getString("patient"), rs.getString("physician"),
				rs.getString("question"), rs.getString("asked_by"), rs.getTimestamp("asked_at").toInstant(), rs.getString("answer"),
				rs.getString("answered_by"), answered == null ? null : answered.toInstant());
	}
}

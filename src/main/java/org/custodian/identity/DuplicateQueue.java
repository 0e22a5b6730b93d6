package org.custodian.identity;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;

/** Writes to the review queue ({@code identity_pair}) that more than one service makes. Pairs are kept smaller id first. */
final class DuplicateQueue {

	private DuplicateQueue() {}

	/** Records that {@code a} and {@code b} are different people, whether or not a run had proposed them. */
	static void markNotSame(JdbcTemplate jdbc, String a, String b, String by, Instant at, String note) {
		String first = a.compareTo(b) < 0 ? a : b;
		String second = first.equals(a) ? b : a;
		jdbc.update("insert into identity_pair (a_patient, b_patient, score, outcome, explanation, status, reviewed_by,"
				+ " reviewed_at, note) values (?, ?, 0, 'possible', '', 'not-same', ?, ?, ?) on conflict (a_patient, b_patient)"
				+ " do update set status = 'not-same', reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at,"
				+ " note = excluded.note", first, second, by, Timestamp.from(at), note);
	}
}

package org.custodian.completion;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The chart-completion figures HIM reports to the medical staff and to surveyors: open deficiencies
 * by age past their due date; delinquent charts (discharged more than
 * {@code custodian.completion.delinquent-after} ago with work still open; inpatient stays, as the
 * Joint Commission counts them); the delinquency rate
 * (delinquent charts over the average monthly discharges of the last three months, which The Joint
 * Commission expects to stay at or under 50%), kept day by day; each clinician's open, overdue and
 * delinquent work; and the escalation notices sent to clinicians with overdue work.
 */
@Service
public class Delinquency {

	/** The classes of a stay that is discharged: what delinquency and the monthly discharges count (v3 ActCode). */
	static final String[] INPATIENT = {"IMP", "ACUTE", "NONAC"};

	/** The figures as they stand. */
	public record Figures(int openDeficiencies, int overdue, Map<String, Integer> overdueByAge, int delinquentCharts,
			double monthlyDischarges, @Nullable Double rate) {}

	/** One day's rate as kept. */
	public record Day(LocalDate day, int delinquentCharts, double monthlyDischarges, int openDeficiencies) {
		public @Nullable Double rate() {
			return monthlyDischarges == 0 ? null : delinquentCharts / monthlyDischarges;
		}
	}

	/** A clinician's completion work. */
	public record Clinician(String assignee, int open, int overdue, int delinquentCharts) {}

	/** An escalation notice sent. */
	public record Notice(String assignee, String level, int deficiencies, int charts, Instant sent) {}

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final Duration delinquentAfter;

	Delinquency(JdbcTemplate jdbc, Clock clock, @Value("${custodian.completion.delinquent-after:30d}") Duration delinquentAfter) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.delinquentAfter = delinquentAfter;
	}

	public Duration delinquentAfter() {
		return delinquentAfter;
	}

	public Figures current() {
		Instant now = clock.instant();
		Timestamp ts = Timestamp.from(now);
		Map<String, Integer> byAge = new LinkedHashMap<>();
		for (String bucket : List.of("1-7 days", "8-14 days", "15-30 days", "over 30 days")) {
			byAge.put(bucket, 0);
		}
		jdbc.query("select extract(epoch from (? - due_at)) / 86400 from deficiency where closed_at is null and due_at < ?",
				rs -> {
					double days = rs.getDouble(1);
					byAge.merge(days <= 7 ? "1-7 days" : days <= 14 ? "8-14 days" : days <= 30 ? "15-30 days" : "over 30 days", 1,
							Integer::sum);
				}, ts, ts);
		int open = jdbc.queryForObject("select count(*) from deficiency where closed_at is null", Integer.class);
		int overdue = byAge.values().stream().mapToInt(Integer::intValue).sum();
		int delinquent = delinquentCharts(now);
		double monthly = monthlyDischarges(now);
		return new Figures(open, overdue, byAge, delinquent, monthly, monthly == 0 ? null : delinquent / monthly);
	}

	private int delinquentCharts(Instant now) {
		return jdbc.queryForObject("select count(distinct d.encounter) from deficiency d join chart_review c using (encounter) where"
				+ " d.closed_at is null and d.discharged_at < ? and c.encounter_class = any(?)", Integer.class, Timestamp.from(now
						.minus(delinquentAfter)), (Object) INPATIENT);
	}

	private double monthlyDischarges(Instant now) {
		int discharges = jdbc.queryForObject("select count(*) from chart_review where discharged_at >= ? and discharged_at < ? and"
				+ " encounter_class = any(?)", Integer.class, Timestamp.from(now.minus(Duration.ofDays(90))), Timestamp.from(now),
				(Object) INPATIENT);
		return discharges / 3.0;
	}

	/** The rate day by day over the last {@code days} days. */
	public List<Day> history(int days) {
		return jdbc.query("select day, delinquent_charts, monthly_discharges, open_deficiencies from delinquency_snapshot where"
				+ " day > ? order by day", (rs, n) -> new Day(rs.getDate(1).toLocalDate(), rs.getInt(2), rs.getDouble(3), rs.getInt(
						4)), java.sql.Date.valueOf(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(days)));
	}

	/** Every clinician with open work, the most overdue first. */
	public List<Clinician> byClinician() {
		Timestamp now = Timestamp.from(clock.instant());
		return jdbc.query("select d.assignee, count(*), count(*) filter (where d.due_at < ?), count(distinct d.encounter) filter"
				+ " (where d.discharged_at < ? and c.encounter_class = any(?)) from deficiency d left join chart_review c using"
				+ " (encounter) where d.closed_at is null and d.assignee is not null group by d.assignee order by 3 desc, 2 desc",
				(rs, n) -> new Clinician(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)), now, Timestamp.from(clock
						.instant().minus(delinquentAfter)), (Object) INPATIENT);
	}

	/** The notices sent to {@code assignee} (null: to everyone), the latest first. */
	public List<Notice> notices(@Nullable String assignee, int count) {
		String where = assignee == null ? "" : " where assignee = ?";
		Object[] args = assignee == null ? new Object[0] : new Object[] {assignee};
		return jdbc.query("select assignee, level, deficiencies, charts, sent_at from completion_notice" + where
				+ " order by sent_at desc, notice_id desc limit " + count, (rs, n) -> new Notice(rs.getString(1), rs.getString(2), rs
						.getInt(3), rs.getInt(4), rs.getTimestamp(5).toInstant()), args);
	}

	/**
	 * Once a day: keeps the day's figures, and sends each clinician with overdue work a notice
	 * (delinquent when a chart of theirs is past the delinquency period, else overdue).
	 */
	@Transactional
	public boolean dailyIfDue() {
		Instant now = clock.instant();
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		Integer kept = jdbc.queryForObject("select count(*) from delinquency_snapshot where day = ?", Integer.class, java.sql.Date
				.valueOf(today));
		if (kept > 0) {
			return false;
		}
		Figures f = current();
		jdbc.update("insert into delinquency_snapshot (day, delinquent_charts, monthly_discharges, open_deficiencies) values (?,"
				+ " ?, ?, ?) on conflict (day) do nothing", java.sql.Date.valueOf(today), f.delinquentCharts(), f.monthlyDischarges(),
				f.openDeficiencies());
		for (Clinician c : byClinician()) {
			if (c.overdue() > 0) {
				jdbc.update("insert into completion_notice (assignee, level, deficiencies, charts, sent_at) values (?, ?, ?, ?, ?)",
						c.assignee(), c.delinquentCharts() > 0 ? "delinquent" : "overdue", c.overdue(), c.delinquentCharts(), Timestamp
								.from(now));
			}
		}
		return true;
	}
}

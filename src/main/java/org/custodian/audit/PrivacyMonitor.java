package org.custodian.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.custodian.access.AccessSuspensions;
import org.custodian.access.Sensitivity;
import org.custodian.access.AccessGate;
import org.custodian.record.RecordStore;
import org.custodian.search.SearchStrings;
import org.custodian.support.CustodianException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Watches the audit stream for snooping, within moments of each access: every committed record of a
 * person reaching patients' data is judged by the rules below on a thread of its own (the request
 * does not wait), and what looks wrong is raised on the privacy officer's queue ({@link PrivacyAlerts}).
 *
 * <ul>
 * <li>{@code shared-surname}: the user (its {@code fhirUser}'s family name) and the patient share a surname;</li>
 * <li>{@code shared-address}: the user and the patient share an address (its lines and postal code);</li>
 * <li>{@code own-record}: the patient has the user's name and birth date (staff looking up their own chart
 * through their work role, not the patient portal);</li>
 * <li>{@code vip}: the patient's record is very restricted (a VIP's, an employee's);</li>
 * <li>{@code deceased}: the patient has died;</li>
 * <li>{@code break-the-glass}, and {@code repeated-break-the-glass} at the third in seven days;</li>
 * <li>{@code after-hours}: between {@code night-start} and {@code night-end}, unless a fifth of the user's
 * own accesses of the last 30 days were at night (those are their usual hours);</li>
 * <li>{@code volume}: more distinct patients today than {@code daily-patients}, three times the user's
 * own daily average and three times their role's (the average of every user with the same roles,
 * over 30 days);</li>
 * <li>{@code refused-repeatedly}: refused, or answered not found for a patient's record (how the gate
 * answers for records outside a user's reach), {@code refusals} times within {@code refusal-window}:
 * what probing for records one has no reason to see looks like;</li>
 * <li>{@code containment}: more distinct patients than {@code containment-patients} within
 * {@code containment-window}: the user is suspended at once ({@link AccessSuspensions}) and the alert is urgent.</li>
 * </ul>
 *
 * Patients' own access, the privacy officer's and auditors' work, interfaces and system tasks are
 * not judged. What the rules need of a patient or a user (names, labels, death) is read through the
 * record store as a system task, and each such read is recorded in the trail like any other. The
 * day's and the containment window's counts are kept in memory, read from the trail when a user is
 * first seen (so a restart loses nothing of them); the baselines are read from the trail once per
 * user, or role, and day.
 */
@Component
class PrivacyMonitor implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PrivacyMonitor.class);
	private static final Set<String> NOT_JUDGED = Set.of("patient", "privacy-officer", "auditor", "integration");
	/** What people do through the FHIR API ({@code rest}) and on the workspace's screens ({@code screen}). */
	private static final Set<String> JUDGED_CATEGORIES = Set.of("rest", "screen");
	private static final long FACTS_REUSED_NANOS = 60_000_000_000L;

	private record Observed(long seq, AuditRecord record) {}

	private record PatientFacts(PersonFacts person, boolean veryRestricted, boolean deceased, long readAt) {}

	/**
	 * What is compared between a user and a patient, normalized: family names; addresses (lines and the
	 * postal code's first five characters, only when both are there); and identities (family name,
	 * first given name and birth date, only when all three are there).
	 */
	record PersonFacts(Set<String> families, Set<String> addresses, Set<String> identities) {
		static final PersonFacts NONE = new PersonFacts(Set.of(), Set.of(), Set.of());

		static PersonFacts of(List<HumanName> names, List<org.hl7.fhir.r4.model.Address> addresses, @Nullable String born) {
			Set<String> families = new HashSet<>();
			Set<String> identities = new HashSet<>();
			for (HumanName name : names) {
				if (!name.hasFamily()) {
					continue;
				}
				String family = SearchStrings.normalize(name.getFamily());
				families.add(family);
				if (born != null && name.hasGiven()) {
					identities.add(family + "|" + SearchStrings.normalize(name.getGiven().get(0).getValue()) + "|" + born);
				}
			}
			Set<String> places = new HashSet<>();
			for (org.hl7.fhir.r4.model.Address a : addresses) {
				String lines = a.getLine().stream().map(l -> SearchStrings.normalize(String.valueOf(l.getValue())))
						.collect(java.util.stream.Collectors.joining(" ")).replaceAll("[^a-z0-9]+", " ").trim();
				String postal = a.hasPostalCode() ? a.getPostalCode().replaceAll("[^A-Za-z0-9]", "").toLowerCase(java.util.Locale.ROOT) : "";
				if (!lines.isEmpty() && !postal.isEmpty()) {
					places.add(lines + "|" + postal.substring(0, Math.min(5, postal.length())));
				}
			}
			return new PersonFacts(families, places, identities);
		}
	}

	private final JdbcTemplate jdbc;
	private final PrivacyAlerts alerts;
	private final AccessSuspensions suspensions;
	private final PrivacyProperties properties;
	private final BlockingQueue<Observed> queue = new LinkedBlockingQueue<>();
	private final Map<String, PatientFacts> patients = new HashMap<>();
	private volatile Thread worker;
	private volatile long judged;

	private final RecordStore store;
	private final AccessGate gate;
	private final AuditTrail trail;

	PrivacyMonitor(JdbcTemplate jdbc, PrivacyAlerts alerts, AccessSuspensions suspensions, PrivacyProperties properties,
			AuditTrail trail, RecordStore store, AccessGate gate) {
		this.jdbc = jdbc;
		this.store = store;
		this.gate = gate;
		this.trail = trail;
		this.alerts = alerts;
		this.suspensions = suspensions;
		this.properties = properties;
		trail.observe((seq, record) -> {
			observed.incrementAndGet();
			queue.add(new Observed(seq, record));
		});
	}

	private final java.util.concurrent.atomic.AtomicLong observed = new java.util.concurrent.atomic.AtomicLong();

	/** Whether every record committed so far has been judged: for tests that wait for the monitor. */
	boolean caughtUp() {
		return judged >= observed.get();
	}

	private void judge(long seq, AuditRecord r) {
		if (r.actor().startsWith("system:") || r.roles().stream().anyMatch(NOT_JUDGED::contains) || !JUDGED_CATEGORIES.contains(r.category())) {
			return;
		}
		// Refused (403), or asked for a patient's record and answered not found: the gate answers a record
		// outside the user's reach as if it did not exist, so that its existence is not given away either.
		if (r.outcome() == AuditRecord.MINOR_FAILURE && r.detail() != null
				&& (r.detail().startsWith("403") || (r.detail().startsWith("404") && !r.patients().isEmpty()))) {
			refused(seq, r);
			return;
		}
		if (r.outcome() != AuditRecord.SUCCESS || r.patients().isEmpty()) {
			return;
		}
		if (r.subtype().equals("$break-the-glass")) {
			alerts.raise("break-the-glass", 50, false, r.actor(), r.patients().get(0), seq, r.recorded(),
					"Broke the glass on " + r.patients().get(0));
			Integer recentCases = jdbc.queryForObject("select count(*) from audit_event where actor = ? and subtype ="
					+ " '$break-the-glass' and outcome = 0 and recorded > ?", Integer.class, r.actor(),
					java.sql.Timestamp.from(r.recorded().minus(Duration.ofDays(7))));
			if (recentCases != null && recentCases >= 3) {
				alerts.raise("repeated-break-the-glass", 80, true, r.actor(), null, seq, r.recorded(),
						recentCases + " break-the-glass cases in seven days");
			}
		}
		PersonFacts user = r.user() == null ? PersonFacts.NONE : userFacts(r.user());
		for (String patient : r.patients()) {
			PatientFacts facts = facts(patient);
			if (facts == null) {
				continue;
			}
			Set<String> shared = new HashSet<>(facts.person().families());
			shared.retainAll(user.families());
			if (!shared.isEmpty()) {
				alerts.raise("shared-surname", 60, false, r.actor(), patient, seq, r.recorded(),
						"User and patient share the surname '" + shared.iterator().next() + "'");
			}
			if (!java.util.Collections.disjoint(facts.person().addresses(), user.addresses())) {
				alerts.raise("shared-address", 60, false, r.actor(), patient, seq, r.recorded(),
						"User and patient share an address");
			}
			if (!java.util.Collections.disjoint(facts.person().identities(), user.identities())) {
				alerts.raise("own-record", 70, false, r.actor(), patient, seq, r.recorded(),
						"The patient has the user's own name and birth date: their own record, looked up through their work role");
			}
			if (facts.veryRestricted()) {
				alerts.raise("vip", 50, false, r.actor(), patient, seq, r.recorded(), "Accessed a very restricted (VIP or"
						+ " employee) record");
			}
			if (facts.deceased()) {
				alerts.raise("deceased", 40, false, r.actor(), patient, seq, r.recorded(), "Accessed a deceased patient's record");
			}
		}
		afterHours(seq, r);
		volume(seq, r);
		containment(seq, r);
	}

	/** One user's day: the distinct patients reached so far, and the baselines read once for the day. */
	private static final class Day {
		final java.time.LocalDate date;
		final Set<String> patients = new HashSet<>();
		final double dailyAverage;
		final double peerAverage;
		final boolean worksNights;
		/** The day's count when volume was last raised, and the hour after hours was: raised again only as they grow. */
		int volumeRaisedAt;
		int nightHourRaised = -1;

		Day(java.time.LocalDate date, double dailyAverage, double peerAverage, boolean worksNights) {
			this.date = date;
			this.dailyAverage = dailyAverage;
			this.peerAverage = peerAverage;
			this.worksNights = worksNights;
		}
	}

	private final Map<String, Day> days = new HashMap<>();

	/** The user's day of {@code r}, its baselines (30 days of their own audit rows) read on its first access. */
	private Day day(AuditRecord r) {
		java.time.LocalDate date = r.recorded().atZone(ZoneId.systemDefault()).toLocalDate();
		Day day = days.get(r.actor());
		if (day != null && day.date.equals(date)) {
			return day;
		}
		Double average = jdbc.queryForObject("select coalesce(avg(n), 0) from (select count(distinct p) as n from audit_event,"
				+ " unnest(patients) p where actor = ? and outcome = 0 and recorded >= now() - interval '30 days'"
				+ " and recorded < date_trunc('day', now()) group by date_trunc('day', recorded)) d", Double.class, r.actor());
		List<Map<String, Object>> usual = jdbc.queryForList("select count(*) as total, count(*) filter (where extract(hour"
				+ " from recorded) >= ? or extract(hour from recorded) < ?) as nights from audit_event where actor = ?"
				+ " and recorded > now() - interval '30 days'", properties.nightStart(), properties.nightEnd(), r.actor());
		long total = ((Number) usual.get(0).get("total")).longValue();
		long nights = ((Number) usual.get(0).get("nights")).longValue();
		if (days.size() > 100_000) {
			days.clear();
		}
		day = new Day(date, average == null ? 0 : average, peerAverage(r.roles(), date), total >= 100 && nights * 5 >= total);
		// The patients already reached today, should the server have restarted since.
		day.patients.addAll(jdbc.queryForList("select distinct p from audit_event, unnest(patients) p where actor = ?"
				+ " and outcome = 0 and category = 'rest' and recorded >= ?", String.class, r.actor(),
				java.sql.Timestamp.from(date.atStartOfDay(ZoneId.systemDefault()).toInstant())));
		days.put(r.actor(), day);
		return day;
	}

	private record PeerBaseline(java.time.LocalDate date, double average) {}

	private final Map<String, PeerBaseline> peers = new HashMap<>();

	/** The daily distinct patients of an average user with exactly these roles, over the last 30 days: read once a day per set of roles. */
	private double peerAverage(List<String> roles, java.time.LocalDate date) {
		String key = "{" + String.join(",", new java.util.TreeSet<>(roles)) + "}";
		PeerBaseline known = peers.get(key);
		if (known != null && known.date().equals(date)) {
			return known.average();
		}
		Double average = jdbc.queryForObject("select coalesce(avg(n), 0) from (select count(distinct p) as n from audit_event,"
				+ " unnest(patients) p where roles @> ?::text[] and roles <@ ?::text[] and outcome = 0 and category = 'rest'"
				+ " and recorded >= now() - interval '30 days' and recorded < date_trunc('day', now())"
				+ " group by actor, date_trunc('day', recorded)) d", Double.class, key, key);
		double value = average == null ? 0 : average;
		peers.put(key, new PeerBaseline(date, value));
		return value;
	}

	private void afterHours(long seq, AuditRecord r) {
		int hour = r.recorded().atZone(ZoneId.systemDefault()).getHour();
		int start = properties.nightStart();
		int end = properties.nightEnd();
		boolean night = start > end ? hour >= start || hour < end : hour >= start && hour < end;
		Day day = day(r);
		if (night && !day.worksNights && day.nightHourRaised != hour) {
			day.nightHourRaised = hour;
			alerts.raise("after-hours", 30, false, r.actor(), null, seq, r.recorded(), "Accessed records at " + hour
					+ ":00, outside the user's usual hours");
		}
	}

	private void volume(long seq, AuditRecord r) {
		Day day = day(r);
		day.patients.addAll(r.patients());
		int today = day.patients.size();
		// Raised when the count first passes the line, then again for every further 50 patients.
		if (today > properties.dailyPatients() && today > 3 * day.dailyAverage && today > 3 * day.peerAverage
				&& today >= day.volumeRaisedAt + 50) {
			day.volumeRaisedAt = today;
			alerts.raise("volume", 70, false, r.actor(), null, seq, r.recorded(), today + " distinct patients today (own daily"
					+ " average " + Math.round(day.dailyAverage) + ", their role's " + Math.round(day.peerAverage) + ")");
		}
	}

	/** One user's accesses within the containment window, and how often each patient appears in it. */
	private static final class Window {
		final Deque<Object[]> entries = new ArrayDeque<>();
		final Map<String, Integer> counts = new HashMap<>();

		void add(Instant at, String patient) {
			entries.addLast(new Object[] {at, patient});
			counts.merge(patient, 1, Integer::sum);
		}

		void dropBefore(Instant since) {
			while (!entries.isEmpty() && ((Instant) entries.peekFirst()[0]).isBefore(since)) {
				String patient = (String) entries.removeFirst()[1];
				counts.computeIfPresent(patient, (p, n) -> n == 1 ? null : n - 1);
			}
		}

		void clear() {
			entries.clear();
			counts.clear();
		}
	}

	private final Map<String, Window> windows = new HashMap<>();

	private void containment(long seq, AuditRecord r) {
		Window window = windows.get(r.actor());
		if (window == null) {
			// First seen since start: the window as the trail has it, should the server have restarted within it.
			Window seeded = new Window();
			jdbc.query("select recorded, p from audit_event, unnest(patients) p where actor = ? and outcome = 0 and category"
					+ " = 'rest' and recorded >= ? order by recorded", rs -> {
						seeded.add(rs.getTimestamp(1).toInstant(), rs.getString(2));
					}, r.actor(), java.sql.Timestamp.from(r.recorded().minus(properties.containmentWindow())));
			windows.put(r.actor(), seeded);
			window = seeded;
		}
		window.dropBefore(r.recorded().minus(properties.containmentWindow()));
		for (String p : r.patients()) {
			window.add(r.recorded(), p);
		}
		int distinct = window.counts.size();
		if (distinct > properties.containmentPatients(r.roles())) {
			suspensions.suspend(r.actor(), distinct + " distinct patients within " + properties.containmentWindow()
					.toMinutes() + " minutes");
			alerts.raise("containment", 100, true, r.actor(), null, seq, r.recorded(), "Suspended: " + distinct
					+ " distinct patients within " + properties.containmentWindow().toMinutes() + " minutes, a pattern like"
					+ " exfiltration");
			window.clear();
		}
	}

	private final Map<String, Deque<Instant>> refusals = new HashMap<>();

	/** Refusals within the window; raised when they reach {@code refusals}, then counted afresh. */
	private void refused(long seq, AuditRecord r) {
		Deque<Instant> recent = refusals.computeIfAbsent(r.actor(), a -> new ArrayDeque<>());
		Instant since = r.recorded().minus(properties.refusalWindow());
		while (!recent.isEmpty() && recent.peekFirst().isBefore(since)) {
			recent.removeFirst();
		}
		recent.addLast(r.recorded());
		if (recent.size() >= properties.refusals()) {
			alerts.raise("refused-repeatedly", 50, false, r.actor(), null, seq, r.recorded(), recent.size() + " requests refused"
					+ " within " + properties.refusalWindow().toMinutes() + " minutes");
			recent.clear();
		}
		if (refusals.size() > 100_000) {
			refusals.clear();
		}
	}

	private record KnownUser(PersonFacts facts, long readAt) {}

	private final Map<String, KnownUser> users = new HashMap<>();

	/** What is compared of a user, read once a minute at most: the monitor judges every one of their requests. */
	private PersonFacts userFacts(String user) {
		KnownUser known = users.get(user);
		if (known != null && System.nanoTime() - known.readAt() < FACTS_REUSED_NANOS) {
			return known.facts();
		}
		if (users.size() > 100_000) {
			users.clear();
		}
		IBaseResource r = read(user);
		PersonFacts facts = r instanceof Practitioner p ? PersonFacts.of(p.getName(), p.getAddress(), p.getBirthDateElement().getValueAsString())
				: r instanceof Patient p ? PersonFacts.of(p.getName(), p.getAddress(), p.getBirthDateElement().getValueAsString()) : PersonFacts.NONE;
		users.put(user, new KnownUser(facts, System.nanoTime()));
		return facts;
	}

	private @Nullable PatientFacts facts(String patient) {
		PatientFacts known = patients.get(patient);
		if (known != null && System.nanoTime() - known.readAt() < FACTS_REUSED_NANOS) {
			return known;
		}
		if (!(read(patient) instanceof Patient p)) {
			return null;
		}
		List<Sensitivity.Label> labels = p.getMeta().getSecurity().stream()
				.map(c -> new Sensitivity.Label(String.valueOf(c.getSystem()), String.valueOf(c.getCode()))).toList();
		boolean deceased = (p.hasDeceasedBooleanType() && p.getDeceasedBooleanType().booleanValue()) || p.hasDeceasedDateTimeType();
		PatientFacts facts = new PatientFacts(PersonFacts.of(p.getName(), p.getAddress(), p.getBirthDateElement().getValueAsString()), (Sensitivity.maskOf(labels) & Sensitivity.VERY_RESTRICTED.mask()) != 0,
				deceased, System.nanoTime());
		if (patients.size() > 100_000) {
			patients.clear();
		}
		patients.put(patient, facts);
		return facts;
	}

	/**
	 * Reads {@code Type/id} through the record store, as a system task of the organization: the
	 * monitor goes through the gate like everything else, and each of its reads is itself recorded
	 * (it does not judge its own records). Null when it does not exist.
	 */
	private @Nullable IBaseResource read(String reference) {
		int slash = reference.indexOf('/');
		if (slash < 0) {
			return null;
		}
		try {
			IBaseResource resource = store.read(gate.forSystemTask("privacy-monitor"), reference.substring(0, slash),
					reference.substring(slash + 1)).resource();
			trail.record(new AuditRecord(Instant.now(), "security", 'R', "privacy-monitor", AuditRecord.SUCCESS,
					"system:privacy-monitor", null, "custodian", List.of(), "HOPERAT", "internal",
					reference.startsWith("Patient/") ? List.of(reference) : List.of(), List.of(reference), null, null, false));
			return resource;
		} catch (CustodianException e) {
			return null;
		}
	}

	@Override
	public void start() {
		worker = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				try {
					Observed o = queue.take();
					try {
						judge(o.seq(), o.record());
					} catch (RuntimeException e) {
						log.error("Privacy monitoring could not judge audit row {}", o.seq(), e);
					}
					judged++;
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
		}, "privacy-monitor");
		worker.setDaemon(true);
		worker.start();
	}

	@Override
	public void stop() {
		if (worker != null) {
			worker.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return worker != null && worker.isAlive();
	}
}

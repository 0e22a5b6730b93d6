package org.custodian.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchPage;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import ca.uhn.fhir.context.FhirContext;

/**
 * Deduplicates the whole patient index in the background, one run at a time: reads every Patient
 * (through the gate, as the task {@code identity-deduplication}), blocks, estimates the weights from
 * this index's own patients (u from random pairs, m by EM; the default weights while the index is too
 * small to say, or the estimate implausible), scores the candidate pairs and replaces
 * the open review queue with the pairs that are matches or possible matches. Pairs reviewed as "not
 * the same person" stay so and never come back. Progress is kept in {@code identity_run}. Started and
 * reviewed by HIM staff.
 */
@Service
public class DeduplicationJob {

	/** A run's state and progress. */
	public record Run(long id, String state, String phase, int patients, int candidates, int matches, int possible,
			@Nullable String detail) {}

	/** One pair in the review queue, with the score's explanation. */
	public record Duplicate(String a, String b, double score, String outcome, String explanation) {}

	static final int PAGE = 1000;
	private static final Logger log = LoggerFactory.getLogger(DeduplicationJob.class);

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final SearchService search;
	private final SearchRequestParser parser;
	private final AccessGate gate;
	private final AuditTrail trail;
	private final AuditRecords records;
	private final IdentityProperties properties;
	private final Clock clock;
	private final PatientMatcher matcher;
	private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "identity-deduplication");
		t.setDaemon(true);
		return t;
	});

	DeduplicationJob(JdbcTemplate jdbc, TransactionTemplate transactions, SearchService search, FhirContext ctx,
			AccessGate gate, AuditTrail trail, IdentityProperties properties, Clock clock, PatientMatcher matcher) {
		this.matcher = matcher;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.search = search;
		this.parser = new SearchRequestParser(ctx, PAGE, PAGE);
		this.gate = gate;
		this.trail = trail;
		this.records = new AuditRecords(ctx);
		this.properties = properties;
		this.clock = clock;
	}

	/** Starts a run for {@code access}'s caller (HIM staff); refuses while one is going. */
	public long start(AccessContext access) {
		HimWork.require(access, "identity-deduplication");
		Long id = transactions.execute(status -> {
			jdbc.execute("lock table identity_run in exclusive mode");
			List<Long> running = jdbc.queryForList("select run_id from identity_run where state = 'running' and kind = 'deduplication'", Long.class);
			if (!running.isEmpty()) {
				throw new CustodianException.Conflict(ErrorCode.CONCURRENT_WRITE, "Deduplication run " + running.get(0)
						+ " is still going; wait for it to finish");
			}
			return jdbc.queryForObject("insert into identity_run (started, started_by, state, phase) values (?, ?, 'running',"
					+ " 'reading patients') returning run_id", Long.class, Timestamp.from(clock.instant()), access.actor());
		});
		long run = id == null ? -1 : id;
		runner.submit(() -> run(run, access.actor()));
		return run;
	}

	public Run status(AccessContext access, long id) {
		HimWork.require(access, "identity-deduplication");
		List<Run> runs = jdbc.query("select * from identity_run where run_id = ?", (rs, n) -> new Run(rs.getLong("run_id"),
				rs.getString("state"), rs.getString("phase"), rs.getInt("patients"), rs.getInt("candidates"),
				rs.getInt("matches"), rs.getInt("possible"), rs.getString("detail")), id);
		if (runs.isEmpty()) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No deduplication run " + id);
		}
		return runs.get(0);
	}

	/** The open review queue, likeliest first. */
	public List<Duplicate> queue(AccessContext access, int count) {
		HimWork.require(access, "duplicate-queue");
		return jdbc.query("select a_patient, b_patient, score, outcome, explanation from identity_pair where status = 'open'"
				+ " order by score desc limit ?", (rs, n) -> new Duplicate(rs.getString(1), rs.getString(2), rs.getDouble(3),
						rs.getString(4), rs.getString(5)), count);
	}

	/** Records that the two patients are not the same person: the pair never comes back. */
	public void notSame(AccessContext access, String a, String b, String note) {
		HimWork.require(access, "duplicate-review");
		if (note == null || note.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.ACCESS_INVALID_REQUEST, "Say how you know they are different people");
		}
		String first = a.compareTo(b) < 0 ? a : b;
		String second = a.compareTo(b) < 0 ? b : a;
		if (jdbc.update("update identity_pair set status = 'not-same', reviewed_by = ?, reviewed_at = ?, note = ? where"
				+ " a_patient = ? and b_patient = ?", access.actor(), Timestamp.from(clock.instant()), note, first, second) == 0) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "Patient/" + a + " and Patient/" + b
					+ " are not in the duplicate queue");
		}
	}

	private void run(long id, String startedBy) {
		try {
			AccessContext system = gate.forSystemTask("identity-deduplication");
			List<Person> people = new ArrayList<>();
			for (int offset = 0;; offset += PAGE) {
				Map<String, String[]> params = new LinkedHashMap<>();
				params.put("_sort", new String[] {"_id"});
				params.put("_count", new String[] {Integer.toString(PAGE)});
				params.put("_offset", new String[] {Integer.toString(offset)});
				SearchPage page = search.firstMatches(system, parser.parse("Patient", params, true));
				for (StoredVersion v : page.resources()) {
					if (v.resource() instanceof Patient p && PatientLinks.replacedBy(p) == null) {
						people.add(Person.of(v.id(), p));
					}
				}
				jdbc.update("update identity_run set patients = ? where run_id = ?", people.size(), id);
				if (!page.hasMore()) {
					break;
				}
			}
			jdbc.update("update identity_run set phase = 'comparing' where run_id = ?", id);
			Deduplication.Result result = Deduplication.run(people, matcher.model(), properties.matchAt(), properties.reviewAt());
			jdbc.update("update identity_run set phase = 'saving', candidates = ? where run_id = ?", result.candidates(), id);
			int[] counts = save(id, people, result);
			jdbc.update("update identity_run set state = 'finished', phase = 'finished', matches = ?, possible = ?, finished = ?"
					+ " where run_id = ?", counts[0], counts[1], Timestamp.from(clock.instant()), id);
			trail.record(records.of(system, "rest", 'E', "$deduplicate", AuditRecord.SUCCESS, new AuditRecords.Touched(), null,
					"run " + id + " started by " + startedBy + ": read " + people.size() + " patients, " + counts[0]
							+ " matches and " + counts[1] + " possible matches to review"));
		} catch (RuntimeException e) {
			log.error("Deduplication run {} failed", id, e);
			jdbc.update("update identity_run set state = 'failed', detail = ?, finished = ? where run_id = ?",
					String.valueOf(e.getMessage()), Timestamp.from(clock.instant()), id);
		}
	}

	/** Replaces the open queue with this run's pairs, leaving pairs reviewed as different people as they are. */
	private int[] save(long id, List<Person> people, Deduplication.Result result) {
		int[] counts = new int[2];
		transactions.executeWithoutResult(status -> {
			Set<String> notSame = new HashSet<>(jdbc.queryForList("select a_patient || '|' || b_patient from identity_pair"
					+ " where status <> 'open'", String.class));
			jdbc.update("delete from identity_pair where status = 'open'");
			List<Object[]> rows = new ArrayList<>();
			for (Deduplication.Pair pair : result.pairs()) {
				Person a = people.get(pair.a());
				Person b = people.get(pair.b());
				Person first = a.id().compareTo(b.id()) < 0 ? a : b;
				Person second = first == a ? b : a;
				if (notSame.contains(first.id() + "|" + second.id())) {
					continue;
				}
				boolean match = pair.outcome() == MatchModel.Outcome.MATCH;
				counts[match ? 0 : 1]++;
				String explanation = result.model().score(first, second).contributions().stream()
						.map(c -> c.field().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " " + c.level() + " "
								+ String.format(java.util.Locale.ROOT, "%+.1f", c.weight()))
						.collect(Collectors.joining(", "));
				rows.add(new Object[] {first.id(), second.id(), pair.score(), match ? "match" : "possible", explanation, id});
			}
			jdbc.batchUpdate("insert into identity_pair (a_patient, b_patient, score, outcome, explanation, run_id)"
					+ " values (?, ?, ?, ?, ?, ?)", rows);
			jdbc.update("update identity_run set duplicates = ? where run_id = ?", duplicateRecords(rows), id);
		});
		return counts;
	}

	/** In each group of charts the pairs link, every chart but one: the records that would go if all were merged. */
	static int duplicateRecords(List<Object[]> pairs) {
		Map<String, String> parent = new java.util.HashMap<>();
		int merged = 0;
		for (Object[] pair : pairs) {
			String a = root(parent, (String) pair[0]);
			String b = root(parent, (String) pair[1]);
			if (!a.equals(b)) {
				parent.put(a, b);
				merged++;
			}
		}
		return merged;
	}

	private static String root(Map<String, String> parent, String x) {
		String r = x;
		while (parent.containsKey(r)) {
			r = parent.get(r);
		}
		String y = x;
		while (!y.equals(r)) { // path compression keeps later look-ups short
			String next = parent.get(y);
			parent.put(y, r);
			y = next;
		}
		return r;
	}


	@jakarta.annotation.PreDestroy
	void stop() {
		runner.shutdownNow();
	}
}

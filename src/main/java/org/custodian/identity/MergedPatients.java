package org.custodian.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.custodian.record.ReferenceGuard;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps new records off charts that were merged away: a write that refers to such a patient (a lab
 * result sent under the old number, say) is refused, naming the chart that replaced it, so nothing
 * lands on a chart nobody looks at. Patients (whose links record the merge) and Provenance (which
 * records history) may still refer to it. The merged-away patients are held in memory (re-read every
 * 30 s, for servers sharing a database) so that a write pays a set look-up; a hit is confirmed in the
 * database, in the write's own transaction, so an unmerge's own writes pass.
 */
@Component
class MergedPatients implements ReferenceGuard {

	private static final long REFRESH_SECONDS = 30;

	private final JdbcTemplate jdbc;
	private final Clock clock;
	private final Set<String> merged = ConcurrentHashMap.newKeySet();
	private volatile Instant loaded = Instant.EPOCH;

	MergedPatients(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public void check(String type, String describe, List<String> localReferences) {
		if (type.equals("Patient") || type.equals("Provenance")) {
			return;
		}
		refresh();
		for (String ref : localReferences) {
			if (ref.startsWith("Patient/") && merged.contains(ref.substring("Patient/".length()))) {
				List<String> into = jdbc.queryForList("select target_patient from identity_merge where source_patient = ? and"
						+ " state = 'merged'", String.class, ref.substring("Patient/".length()));
				if (!into.isEmpty()) {
					throw new CustodianException.Conflict(ErrorCode.PATIENT_MERGED, describe + ": " + type + " refers to " + ref
							+ ", which was merged into Patient/" + into.get(0) + "; refer to Patient/" + into.get(0) + " instead");
				}
			}
		}
	}

	/** After the merge commits, {@code source} takes no new records. */
	void mergedAway(String source) {
		afterCommit(() -> merged.add(source));
	}

	/** After the unmerge commits, {@code source} takes records again. */
	void restored(String source) {
		afterCommit(() -> merged.remove(source));
	}

	private void refresh() {
		Instant now = clock.instant();
		if (loaded.plusSeconds(REFRESH_SECONDS).isBefore(now)) {
			Set<String> current = Set.copyOf(jdbc.queryForList("select source_patient from identity_merge where state ="
					+ " 'merged'", String.class));
			merged.retainAll(current);
			merged.addAll(current);
			loaded = now;
		}
	}

	private static void afterCommit(Runnable r) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					r.run();
				}
			});
		} else {
			r.run();
		}
	}
}

package org.custodian.completion;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.record.StoredVersion;
import org.custodian.search.ChangedRecords;
import org.custodian.search.SearchService;
import org.custodian.support.PeriodicTask;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;

/**
 * Keeps the deficiencies current without anyone asking: every {@code custodian.completion.review-every}
 * it finds the encounters whose chart changed since its last pass (the encounter itself, or a note, a
 * procedure or an order of it, found through the gate by {@code _lastUpdated}) and reviews each, so
 * that signing a note or dictating the missing report closes its deficiency within moments. Once a
 * day it also keeps the delinquency figures and sends the escalation notices ({@link Delinquency}).
 */
@Component
class DeficiencyReviewer extends PeriodicTask {

	private static final List<String> WATCHED = List.of("Encounter", "DocumentReference", "Procedure", "ServiceRequest",
			"MedicationRequest");
	private static final int PAGE = 500;

	private final ChartDeficiencies deficiencies;
	private final Delinquency delinquency;
	private final ChangedRecords changes;
	private final java.time.Clock clock;
	private final Duration settle;
	private final AccessGate gate;
	private final JdbcTemplate jdbc;

	DeficiencyReviewer(ChartDeficiencies deficiencies, Delinquency delinquency, SearchService search, FhirContext ctx,
			AccessGate gate, JdbcTemplate jdbc, @Value("${custodian.completion.review-every:30s}") Duration every,
			@Value("${custodian.completion.settle:10s}") Duration settle, java.time.Clock clock) {
		super("chart-completion", every);
		this.deficiencies = deficiencies;
		this.delinquency = delinquency;
		this.changes = new ChangedRecords(search, ctx, PAGE);
		this.clock = clock;
		this.settle = settle;
		this.gate = gate;
		this.jdbc = jdbc;
	}

	/** Reviews the charts changed since the last pass (up to a few seconds ago); answers how many were reviewed. */
	synchronized int reviewChanges() {
		AccessContext system = gate.forSystemTask(ChartDeficiencies.TASK);
		Instant to = clock.instant().minus(settle);
		Set<String> encounters = new LinkedHashSet<>();
		Map<String, Instant> reached = new java.util.LinkedHashMap<>();
		for (String type : WATCHED) {
			Instant from = jdbc.query("select reviewed_to from deficiency_watermark where resource_type = ?", (rs, n) -> rs
					.getTimestamp(1).toInstant(), type).stream().findFirst().orElse(Instant.EPOCH);
			if (!to.isAfter(from)) {
				continue;
			}
			changes.within(system, type, from, to, page -> {
				for (StoredVersion v : page) {
					String encounter = type.equals("Encounter") ? v.id() : ChartDeficiencies.encounterOf(v.resource());
					if (encounter != null) {
						encounters.add(encounter);
					}
				}
			});
			reached.put(type, to);
		}
		for (String encounter : encounters) {
			deficiencies.review(encounter);
		}
		// Moved only once every chart is reviewed: a round that fails is done again.
		reached.forEach((type, at) -> jdbc.update("insert into deficiency_watermark (resource_type, reviewed_to) values (?, ?) on"
				+ " conflict (resource_type) do update set reviewed_to = excluded.reviewed_to", type, Timestamp.from(at)));
		return encounters.size();
	}

	ChartDeficiencies deficiencies() {
		return deficiencies;
	}


	@Override
	protected void round() {
		reviewChanges();
		delinquency.dailyIfDue();
	}
}

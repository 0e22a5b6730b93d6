package org.custodian.completion;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditTrail;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import ca.uhn.fhir.context.FhirContext;

/**
 * Finds what a chart lacks by the completion rules ({@link DeficiencyRules}) and keeps the
 * deficiencies: each found one is opened, assigned to the clinician responsible (a note's author, the
 * supervisor who must co-sign, the attending for a missing document or diagnosis, the surgeon for an
 * operative report, the ordering clinician for a verbal order) with its due date; one no longer
 * found is closed (completed, late if after its due date, or no longer required when its note was
 * withdrawn). A document that came, but late, leaves a deficiency closed late, which the completion
 * figures count. The chart is read through the gate as the system task {@code chart-completion},
 * each read recorded.
 */
@Service
public class ChartDeficiencies {

	static final String TASK = "chart-completion";
	private static final String SURGICAL = "387713003";
	private static final int MOST = 500;

	/** What a review found: the rule, what is deficient, who must act, by when; {@code doneAt}: done, late. */
	record Found(String rule, String subject, @Nullable String assignee, Instant due, @Nullable Instant doneAt) {}

	/** A deficiency as kept. */
	public record Deficiency(long id, String rule, String title, @Nullable String encounter, String patient, String subject,
			@Nullable String assignee, Instant due, Instant opened, @Nullable Instant closed, @Nullable String closedHow) {

		public boolean overdue(Instant now) {
			return closed == null && now.isAfter(due);
		}
	}

	private final RecordStore store;
	private final SearchService search;
	private final SearchRequestParser parser;
	private final AccessGate gate;
	private final DeficiencyRules rules;
	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final java.time.Clock clock;
	private final AuditTrail trail;

	ChartDeficiencies(RecordStore store, SearchService search, FhirContext ctx, AccessGate gate, DeficiencyRules rules,
			JdbcTemplate jdbc, TransactionTemplate transactions, java.time.Clock clock, AuditTrail trail) {
		this.trail = trail;
		this.store = store;
		this.search = search;
		this.parser = new SearchRequestParser(ctx, MOST, MOST);
		this.gate = gate;
		this.rules = rules;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** Reviews one encounter's chart now; answers its deficiencies, open and closed. */
	public List<Deficiency> review(String encounterId) {
		AccessContext system = gate.forSystemTask(TASK);
		Optional<StoredVersion> stored = readEncounter(system, encounterId);
		if (stored.isEmpty()) {
			return List.of();
		}
		Encounter encounter = (Encounter) stored.get().resource();
		String patient = encounter.getSubject().getReference();
		List<String> read = new ArrayList<>(List.of("Encounter/" + encounterId));
		Set<String> withdrawn = new HashSet<>();
		List<Found> found = find(system, encounter, encounterId, read, withdrawn);
		// The task reads the chart through the gate as itself; the read is recorded like any other.
		trail.record(new AuditRecord(clock.instant(), "task", 'R', TASK, AuditRecord.SUCCESS, "system:" + TASK, null,
				"custodian", List.of(), "HOPERAT", "internal", patient == null ? List.of() : List.of(patient), read, null,
				found.size() + " deficiencies found", false));
		Instant discharged = encounter.getStatus() == Encounter.EncounterStatus.FINISHED && encounter.getPeriod().hasEnd()
				? encounter.getPeriod().getEnd().toInstant() : null;
		return transactions.execute(status -> {
			jdbc.update("insert into chart_review (encounter, patient, encounter_class, discharged_at, reviewed_at) values (?, ?, ?,"
					+ " ?, ?) on conflict (encounter) do update set patient = excluded.patient, encounter_class ="
					+ " excluded.encounter_class, discharged_at = excluded.discharged_at, reviewed_at = excluded.reviewed_at",
					"Encounter/" + encounterId, patient == null ? "" : patient, encounter.getClass_().getCode(), discharged == null
							? null : Timestamp.from(discharged), Timestamp.from(clock.instant()));
			reconcile("Encounter/" + encounterId, patient == null ? "" : patient, found, withdrawn);
			jdbc.update("update deficiency set discharged_at = ? where encounter = ?", discharged == null ? null : Timestamp.from(
					discharged), "Encounter/" + encounterId);
			if (patient != null) {
				completionTeams(system, patient);
			}
			return forEncounter(encounterId);
		});
	}

	/** Identifies the care teams that give a clinician the charts they must complete. */
	static final String COMPLETION_TEAM = "https://custodian.dev/fhir/NamingSystem/chart-completion-assignment";

	/**
	 * A clinician with open work in a chart keeps access to it until the work is done, however long ago
	 * the stay ended: an active care team "Chart completion" (how the gate knows an assignment), written
	 * by this task and made inactive once the clinician's last deficiency in the chart closes. Both writes
	 * are recorded like any other.
	 */
	private void completionTeams(AccessContext system, String patient) {
		Set<String> owing = new HashSet<>(jdbc.queryForList("select distinct assignee from deficiency where patient = ? and"
				+ " closed_at is null and assignee like 'Practitioner/%'", String.class, patient));
		Map<String, StoredVersion> teams = new HashMap<>();
		for (StoredVersion v : search.firstMatches(system, parser.parse("CareTeam", Map.of("subject", new String[] {patient},
				"identifier", new String[] {COMPLETION_TEAM + "|"}), true)).resources()) {
			org.hl7.fhir.r4.model.CareTeam t = (org.hl7.fhir.r4.model.CareTeam) v.resource();
			teams.put(t.getIdentifierFirstRep().getValue(), v);
		}
		for (String assignee : owing) {
			StoredVersion kept = teams.get(assignee);
			org.hl7.fhir.r4.model.CareTeam t = kept == null ? new org.hl7.fhir.r4.model.CareTeam()
					: (org.hl7.fhir.r4.model.CareTeam) kept.resource();
			if (kept != null && t.getStatus() == org.hl7.fhir.r4.model.CareTeam.CareTeamStatus.ACTIVE) {
				continue;
			}
			t.setStatus(org.hl7.fhir.r4.model.CareTeam.CareTeamStatus.ACTIVE).setName("Chart completion").setSubject(new Reference(
					patient));
			if (kept == null) {
				t.addIdentifier().setSystem(COMPLETION_TEAM).setValue(assignee);
				t.addParticipant().setMember(new Reference(assignee));
				store.create(system, "CareTeam", t, null);
			} else {
				store.update(system, "CareTeam", kept.id(), t, kept.version());
			}
		}
		for (Map.Entry<String, StoredVersion> e : teams.entrySet()) {
			org.hl7.fhir.r4.model.CareTeam t = (org.hl7.fhir.r4.model.CareTeam) e.getValue().resource();
			if (!owing.contains(e.getKey()) && t.getStatus() == org.hl7.fhir.r4.model.CareTeam.CareTeamStatus.ACTIVE) {
				t.setStatus(org.hl7.fhir.r4.model.CareTeam.CareTeamStatus.INACTIVE);
				store.update(system, "CareTeam", e.getValue().id(), t, e.getValue().version());
			}
		}
	}

	/**
	 * The deficiencies a caller may see: HIM staff (and administrators) everyone's, a clinician their own
	 * only; {@code status} open, closed or all; the most overdue first.
	 */
	public List<Deficiency> visible(AccessContext access, @Nullable String assignee, String status, int count) {
		String mine = access.fhirUser();
		boolean him = requireHimOrOwn(access);
		String who = him ? assignee : mine;
		if (!him && assignee != null && !assignee.equals(mine)) {
			throw access.refused("deficiencies", null, null, org.custodian.support.ErrorCode.ACCESS_SCOPE_INSUFFICIENT,
					"A clinician sees their own deficiencies only");
		}
		String state = switch (status) {
			case "open" -> "d.closed_at is null";
			case "closed" -> "d.closed_at is not null";
			case "all" -> "true";
			default -> throw new org.custodian.support.CustodianException.Invalid(org.custodian.support.ErrorCode
					.COMPLETION_REQUEST_INVALID, "status is open, closed or all, not " + status);
		};
		int limit = Math.max(1, Math.min(count, 1000));
		List<Deficiency> found = who == null ? query("where " + state + " order by d.closed_at nulls first, d.due_at limit "
				+ limit) : query("where " + state + " and d.assignee = ? order by d.closed_at nulls first, d.due_at limit " + limit,
						who);
		if (!him) {
			return found; // a clinician's own work: what it names is read through the gate when they open it
		}
		// HIM sees the work in the charts it may see (not a very restricted chart, nor one a patient's consent closes).
		Map<String, Boolean> seen = new HashMap<>();
		return found.stream().filter(d -> seen.computeIfAbsent(d.patient(), p -> store.readable(access, p)) && seen
				.computeIfAbsent(d.subject(), s -> store.readable(access, s))).toList();
	}

	/** Gives an open deficiency to another practitioner (HIM staff); the reviews keep that assignment. */
	public Deficiency reassign(AccessContext access, long id, String practitioner) {
		if (!access.roles().contains("him")) {
			throw access.refused("deficiency-assign", null, null, org.custodian.support.ErrorCode.ACCESS_SCOPE_INSUFFICIENT,
					"Deficiencies are reassigned by HIM staff");
		}
		if (!practitioner.matches("Practitioner/[A-Za-z0-9.-]{1,64}")) {
			throw new org.custodian.support.CustodianException.Invalid(org.custodian.support.ErrorCode.COMPLETION_REQUEST_INVALID,
					"A deficiency is given to a practitioner (Practitioner/id), not " + practitioner);
		}
		store.read(access, "Practitioner", practitioner.substring("Practitioner/".length())); // exists, and HIM may see it
		int changed = jdbc.update("update deficiency set assignee = ?, reassigned_by = ? where deficiency_id = ? and closed_at is"
				+ " null", practitioner, access.actor(), id);
		if (changed == 0) {
			throw new org.custodian.support.CustodianException.NotFound(org.custodian.support.ErrorCode.RESOURCE_NOT_FOUND,
					"No open deficiency " + id);
		}
		Deficiency given = query("where d.deficiency_id = ?", id).get(0);
		completionTeams(gate.forSystemTask(TASK), given.patient()); // the new assignee may open the chart to complete it
		return given;
	}

	/** The practitioners' names as the record gives them, read through the gate; a reference stands for one it cannot read. */
	public Map<String, String> practitionerNames(AccessContext access, java.util.Collection<String> practitioners) {
		Map<String, String> out = new HashMap<>();
		for (String p : new HashSet<>(practitioners)) {
			if (p == null || !p.startsWith("Practitioner/")) {
				continue;
			}
			try {
				org.hl7.fhir.r4.model.Practitioner found = (org.hl7.fhir.r4.model.Practitioner) store.read(access, "Practitioner", p
						.substring("Practitioner/".length())).resource();
				out.put(p, found.hasName() ? found.getNameFirstRep().getNameAsSingleString() : p);
			} catch (org.custodian.support.CustodianException e) {
				out.put(p, p);
			}
		}
		return out;
	}

	/** How many open deficiencies, and how many of them overdue, wait: everyone's for HIM, a clinician's own for them. */
	public record Waiting(int open, int overdue) {}

	/**
	 * The counts for the work queues, without reading each chart: a count names no patient, so HIM's
	 * takes in the charts it may not open, whose work its list leaves out.
	 */
	public Waiting waiting(AccessContext access) {
		boolean him = requireHimOrOwn(access);
		Timestamp now = Timestamp.from(clock.instant());
		return him ? jdbc.queryForObject("select count(*), count(*) filter (where due_at < ?) from deficiency where closed_at is"
				+ " null", (rs, n) -> new Waiting(rs.getInt(1), rs.getInt(2)), now) : jdbc.queryForObject("select count(*), count(*)"
						+ " filter (where due_at < ?) from deficiency where closed_at is null and assignee = ?", (rs, n) -> new Waiting(rs
								.getInt(1), rs.getInt(2)), now, access.fhirUser());
	}

	/** Whether the caller is HIM staff (everyone's work); else a clinician with a practitioner (their own), else refused. */
	private static boolean requireHimOrOwn(AccessContext access) {
		boolean him = access.roles().contains("him");
		boolean clinician = access.roles().contains("clinician") || access.roles().contains("nurse");
		if (!him && !(clinician && access.fhirUser() != null)) {
			throw access.refused("deficiencies", null, null, org.custodian.support.ErrorCode.ACCESS_SCOPE_INSUFFICIENT,
					"Chart deficiencies are seen by HIM staff, and by each clinician for their own");
		}
		return him;
	}

	/** Reviews the encounter's chart now, for HIM staff. */
	public List<Deficiency> reviewFor(AccessContext access, String encounterId) {
		if (!access.roles().contains("him")) {
			throw access.refused("review-deficiencies", "Encounter", null, org.custodian.support.ErrorCode
					.ACCESS_SCOPE_INSUFFICIENT, "Charts are reviewed for completion by HIM staff");
		}
		return review(encounterId);
	}

	/** The encounter's deficiencies as kept, the open first. */
	public List<Deficiency> forEncounter(String encounterId) {
		return query("where d.encounter = ? order by d.closed_at nulls first, d.due_at", "Encounter/" + encounterId);
	}

	/** The open deficiencies, the most overdue first; {@code assignee} null: everyone's. */
	public List<Deficiency> open(@Nullable String assignee, int count) {
		return assignee == null ? query("where d.closed_at is null order by d.due_at limit " + count)
				: query("where d.closed_at is null and d.assignee = ? order by d.due_at limit " + count, assignee);
	}

	List<Deficiency> query(String where, Object... args) {
		return jdbc.query("select d.deficiency_id, d.rule_id, r.title, d.encounter, d.patient, d.subject, d.assignee, d.due_at,"
				+ " d.opened_at, d.closed_at, d.closed_how from deficiency d join deficiency_rule r using (rule_id) " + where,
				(rs, n) -> new Deficiency(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs
						.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant(), rs
								.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant(), rs.getString(11)), args);
	}

	private Optional<StoredVersion> readEncounter(AccessContext system, String id) {
		try {
			return Optional.of(store.read(system, "Encounter", id));
		} catch (org.custodian.support.CustodianException.NotFound | org.custodian.support.CustodianException.Gone e) {
			return Optional.empty();
		}
	}

	List<Found> find(AccessContext system, Encounter encounter, String encounterId, List<String> read, Set<String> withdrawn) {
		String encounterClass = encounter.getClass_().getCode();
		Instant admitted = encounter.getPeriod().hasStart() ? encounter.getPeriod().getStart().toInstant() : null;
		Instant discharged = encounter.getStatus() == Encounter.EncounterStatus.FINISHED && encounter.getPeriod().hasEnd()
				? encounter.getPeriod().getEnd().toInstant() : null;
		String attending = attending(encounter);
		List<DocumentReference> notes = matches(system, "DocumentReference", encounterId, read).stream().map(v -> {
			DocumentReference d = (DocumentReference) v.resource();
			d.setId("DocumentReference/" + v.id());
			return d;
		}).filter(d -> {
			if (d.getStatus() != DocumentReferenceStatus.CURRENT) {
				withdrawn.add(d.getIdElement().getValue()); // superseded or entered in error: its work is no longer wanted
				return false;
			}
			return true;
		}).toList();
		Map<String, List<EntrySignatures.Kept>> signed = signatures(notes.stream().map(d -> d.getIdElement().getValue())
				.toList());
		List<Found> found = new ArrayList<>();
		for (DeficiencyRules.Rule rule : rules.all()) {
			if (!rule.appliesTo(encounterClass)) {
				continue;
			}
			switch (rule.kind()) {
				case "unsigned" -> {
					for (DocumentReference d : notes) {
						String author = d.getAuthor().stream().map(Reference::getReference).filter(r -> r != null && r.startsWith(
								"Practitioner/")).findFirst().orElse(null);
						// Only a signature kept here counts: an authenticator anyone could write in the resource does not.
						if (author != null && !signed.containsKey(d.getIdElement().getValue())) {
							found.add(new Found(rule.id(), d.getIdElement().getValue(), author, written(d).plus(rule.due()), null));
						}
					}
				}
				case "uncosigned" -> {
					for (DocumentReference d : notes) {
						List<EntrySignatures.Kept> s = signed.getOrDefault(d.getIdElement().getValue(), List.of());
						EntrySignatures.Kept last = s.isEmpty() ? null : s.get(s.size() - 1);
						if (last != null && last.kind().equals("author") && last.supervisor() != null) {
							found.add(new Found(rule.id(), d.getIdElement().getValue(), last.supervisor(), last.at().plus(rule
									.due()), null));
						}
					}
				}
				case "missing-document" -> {
					Instant moment = rule.anchor().equals("admission") ? admitted : discharged;
					if (moment == null) {
						continue;
					}
					Instant due = moment.plus(rule.due());
					Optional<Instant> first = notes.stream().filter(d -> typed(d.getType(), rule.documentTypes())).map(
							ChartDeficiencies::written).min(Comparator.naturalOrder());
					if (first.isEmpty()) {
						found.add(new Found(rule.id(), "Encounter/" + encounterId, attending, due, null));
					} else if (first.get().isAfter(due)) {
						found.add(new Found(rule.id(), "Encounter/" + encounterId, attending, due, first.get()));
					}
				}
				case "missing-discharge-diagnosis" -> {
					boolean stated = encounter.getDiagnosis().stream().anyMatch(dx -> dx.getUse().getCoding().stream().anyMatch(
							c -> "DD".equals(c.getCode())));
					if (discharged != null && !stated) {
						found.add(new Found(rule.id(), "Encounter/" + encounterId, attending, discharged.plus(rule.due()), null));
					}
				}
				case "operative-report" -> {
					for (StoredVersion v : matches(system, "Procedure", encounterId, read)) {
						Procedure p = (Procedure) v.resource();
						boolean surgical = p.getCategory().getCoding().stream().anyMatch(c -> SURGICAL.equals(c.getCode()));
						if (!surgical || p.getStatus() != Procedure.ProcedureStatus.COMPLETED) {
							withdrawn.add("Procedure/" + v.id());
							continue;
						}
						Instant performed = p.hasPerformedPeriod() && p.getPerformedPeriod().hasEnd() ? p.getPerformedPeriod()
								.getEnd().toInstant() : p.hasPerformedPeriod() ? p.getPerformedPeriod().getStart().toInstant() : p
										.hasPerformedDateTimeType() ? p.getPerformedDateTimeType().getValue().toInstant() : null;
						if (performed == null) {
							continue;
						}
						String surgeon = p.getPerformer().stream().map(x -> x.getActor().getReference()).filter(r -> r != null
								&& r.startsWith("Practitioner/")).findFirst().orElse(attending);
						boolean reported = notes.stream().anyMatch(d -> typed(d.getType(), rule.documentTypes()) && (d.getContext()
								.getRelated().stream().anyMatch(r -> ("Procedure/" + v.id()).equals(r.getReference())) || !written(d)
										.isBefore(performed.minus(java.time.Duration.ofHours(12)))));
						if (!reported) {
							found.add(new Found(rule.id(), "Procedure/" + v.id(), surgeon, performed.plus(rule.due()), null));
						}
					}
				}
				case "unauthenticated-order" -> found.addAll(verbalOrders(system, encounterId, rule, read, withdrawn));
				default -> {
					// a kind this version does not know finds nothing
				}
			}
		}
		return found;
	}

	/** Orders recorded by someone other than the clinician who gave them (verbal, telephone), not yet signed by that clinician. */
	private List<Found> verbalOrders(AccessContext system, String encounterId, DeficiencyRules.Rule rule, List<String> read,
			Set<String> withdrawn) {
		List<String[]> orders = new ArrayList<>(); // reference, requester, authored
		for (StoredVersion v : matches(system, "ServiceRequest", encounterId, read)) {
			ServiceRequest o = (ServiceRequest) v.resource();
			if (!unauthenticatedStatus(o.getStatus().toCode())) {
				withdrawn.add("ServiceRequest/" + v.id());
			}
			if (o.getIntent() == ServiceRequest.ServiceRequestIntent.ORDER && o.hasRequester() && o.getRequester().getReference()
					!= null && unauthenticatedStatus(o.getStatus().toCode()) && verbal(o.getRequester(), o.getExtension())) {
				orders.add(new String[] {"ServiceRequest/" + v.id(), o.getRequester().getReference(), instant(o.getAuthoredOn(), v)
						.toString()});
			}
		}
		for (StoredVersion v : matches(system, "MedicationRequest", encounterId, read)) {
			MedicationRequest o = (MedicationRequest) v.resource();
			if (!unauthenticatedStatus(o.getStatus().toCode())) {
				withdrawn.add("MedicationRequest/" + v.id());
			}
			if (o.getIntent() == MedicationRequest.MedicationRequestIntent.ORDER && o.hasRequester() && o.hasRecorder() && o
					.getRequester().getReference() != null && !o.getRequester().getReference().equals(o.getRecorder().getReference())
					&& unauthenticatedStatus(o.getStatus().toCode())) {
				orders.add(new String[] {"MedicationRequest/" + v.id(), o.getRequester().getReference(), instant(o.getAuthoredOn(),
						v).toString()});
			}
		}
		Map<String, List<EntrySignatures.Kept>> signed = signatures(orders.stream().map(o -> o[0]).toList());
		List<Found> found = new ArrayList<>();
		for (String[] o : orders) {
			if (!signed.containsKey(o[0])) {
				found.add(new Found(rule.id(), o[0], o[1], Instant.parse(o[2]).plus(rule.due()), null));
			}
		}
		return found;
	}

	/**
	 * Whether a ServiceRequest was entered by someone other than its requester (a verbal or telephone
	 * order). R4 gives a MedicationRequest a recorder but a ServiceRequest none, so the one who entered
	 * it is carried by the {@link #ENTERED_BY} extension.
	 */
	private static boolean verbal(Reference requester, List<org.hl7.fhir.r4.model.Extension> extensions) {
		return extensions.stream().filter(e -> e.getUrl().equals(ENTERED_BY)).map(e -> e.getValue()).filter(
				Reference.class::isInstance).map(r -> ((Reference) r).getReference()).anyMatch(r -> r != null && !r.equals(
						requester.getReference()));
	}

	/** Who entered an order, on a ServiceRequest (which has no recorder element in R4). */
	public static final String ENTERED_BY = "https://custodian.dev/fhir/StructureDefinition/entered-by";

	private static boolean unauthenticatedStatus(String status) {
		return Set.of("active", "completed", "on-hold").contains(status);
	}

	private static Instant instant(java.util.@Nullable Date authored, StoredVersion v) {
		return authored != null ? authored.toInstant() : v.lastUpdated();
	}

	private void reconcile(String encounter, String patient, List<Found> found, Set<String> withdrawn) {
		Instant now = clock.instant();
		Map<String, Deficiency> open = new HashMap<>();
		for (Deficiency d : query("where d.encounter = ? and d.closed_at is null", encounter)) {
			open.put(d.rule() + " " + d.subject(), d);
		}
		Set<String> seen = new HashSet<>();
		for (Found f : found) {
			String key = f.rule() + " " + f.subject();
			seen.add(key);
			Deficiency kept = open.get(key);
			if (f.doneAt() != null) {
				if (kept != null) {
					close(kept.id(), f.doneAt(), "completed-late");
				} else if (jdbc.queryForObject("select count(*) from deficiency where rule_id = ? and subject = ?", Integer.class,
						f.rule(), f.subject()) == 0) {
					jdbc.update("insert into deficiency (rule_id, encounter, patient, subject, assignee, due_at, opened_at, closed_at,"
							+ " closed_how) values (?, ?, ?, ?, ?, ?, ?, ?, 'completed-late')", f.rule(), encounter, patient, f
									.subject(), f.assignee(), Timestamp.from(f.due()), Timestamp.from(f.due()), Timestamp.from(f
											.doneAt()));
				}
			} else if (kept == null) {
				jdbc.update("insert into deficiency (rule_id, encounter, patient, subject, assignee, due_at, opened_at) values (?, ?,"
						+ " ?, ?, ?, ?, ?)", f.rule(), encounter, patient, f.subject(), f.assignee(), Timestamp.from(f.due()),
						Timestamp.from(now));
			} else if (!java.util.Objects.equals(kept.assignee(), f.assignee()) || !kept.due().equals(f.due())) {
				// A deficiency HIM gave to someone else keeps that clinician; its due date still follows the rule.
				jdbc.update("update deficiency set assignee = case when reassigned_by is null then ? else assignee end, due_at = ?"
						+ " where deficiency_id = ?", f.assignee(), Timestamp.from(f.due()), kept.id());
			}
		}
		for (Map.Entry<String, Deficiency> e : open.entrySet()) {
			if (!seen.contains(e.getKey())) {
				Deficiency d = e.getValue();
				close(d.id(), now, withdrawn.contains(d.subject()) ? "no-longer-required" : now.isAfter(d.due()) ? "completed-late"
						: "completed");
			}
		}
	}

	private void close(long id, Instant at, String how) {
		jdbc.update("update deficiency set closed_at = ?, closed_how = ? where deficiency_id = ?", Timestamp.from(at), how, id);
	}

	private Map<String, List<EntrySignatures.Kept>> signatures(List<String> entries) {
		return SignatureRows.of(jdbc, entries);
	}


	private List<StoredVersion> matches(AccessContext system, String type, String encounterId, List<String> read) {
		List<StoredVersion> found = search.firstMatches(system, parser.parse(type, Map.of("encounter", new String[] {"Encounter/"
				+ encounterId}, "_count", new String[] {String.valueOf(MOST)}), true)).resources();
		found.forEach(v -> read.add(type + "/" + v.id()));
		return found;
	}

	/** The encounter (its id) a note, document, procedure or order belongs to, or null when it names none. */
	static @Nullable String encounterOf(org.hl7.fhir.instance.model.api.IBaseResource r) {
		Reference ref = r instanceof DocumentReference d ? (d.getContext().hasEncounter() ? d.getContext().getEncounterFirstRep()
				: null) : r instanceof org.hl7.fhir.r4.model.Composition c ? c.getEncounter() : r instanceof Procedure p ? p
						.getEncounter() : r instanceof ServiceRequest s ? s.getEncounter() : r instanceof MedicationRequest m ? m
								.getEncounter() : null;
		String value = ref == null ? null : ref.getReference();
		return value != null && value.startsWith("Encounter/") ? value.substring("Encounter/".length()) : null;
	}

	/** The attending (participant type ATND), else the first practitioner taking part. */
	static @Nullable String attending(Encounter e) {
		String first = null;
		for (Encounter.EncounterParticipantComponent p : e.getParticipant()) {
			String who = p.getIndividual().getReference();
			if (who == null || !who.startsWith("Practitioner/")) {
				continue;
			}
			if (p.getType().stream().flatMap(t -> t.getCoding().stream()).anyMatch(c -> "ATND".equals(c.getCode()))) {
				return who;
			}
			first = first == null ? who : first;
		}
		return first;
	}

	private static boolean typed(CodeableConcept type, Set<String> types) {
		return type.getCoding().stream().anyMatch(c -> types.contains(c.getSystem() + "|" + c.getCode()));
	}

	/** When a note was written: its date, else when it was stored. */
	private static Instant written(DocumentReference d) {
		return d.hasDate() ? d.getDate().toInstant() : d.getMeta().hasLastUpdated() ? d.getMeta().getLastUpdated().toInstant()
				: Instant.EPOCH;
	}
}

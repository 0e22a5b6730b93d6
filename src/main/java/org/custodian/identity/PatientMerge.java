package org.custodian.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.custodian.access.AccessContext;
import org.custodian.record.BundleProcessor;
import org.custodian.record.RecordStore;
import org.custodian.record.Referrers;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import ca.uhn.fhir.context.FhirContext;

/**
 * Merges one patient's chart (the source) into another's (the target), with FHIR {@code Patient/$merge}
 * semantics, and undoes merges. A merge is one transaction: every record that refers to the source
 * is changed to refer to the target, the source is marked inactive and {@code replaced-by} the
 * target, the target {@code replaces} the source and gains the source's identifiers (as old ones),
 * and a Provenance names who did it and why; the audit record of the writes commits with them.
 * Exactly which versions it wrote is kept (table {@code identity_merge_item}, V26), so that
 * {@link #unmerge} can give each record back to the patient it belonged to, after later writes too.
 *
 * <p>A merge is refused, and nothing changes, when it would lose or confuse data: a patient changed
 * since it was reviewed (the versions reviewed are given), records refer to the source that the
 * caller may not see (they would stay behind), or both charts hold an active order for the same
 * thing. HIM staff merge; every read and write goes through the gate with their access.
 */
@Service
public class PatientMerge {

	/** What to merge. Versions, when given, are the ones the reviewer saw. */
	public record Request(String source, @Nullable Integer sourceVersion, String target, @Nullable Integer targetVersion,
			String reason) {}

	/** What a merge changes (or, previewed, would change). */
	public record Plan(String source, String target, List<String> moved, List<Identifier> identifiersAdded) {}

	/** A merge done: its number (for undoing it), the plan carried out, the Provenance and the target as written. */
	public record Done(long merge, Plan plan, String provenance, Patient target) {}

	/** A merge undone: which records went back unchanged since the merge, which had changed meanwhile, which stay. */
	public record Undone(long merge, String source, String target, List<String> restored, List<String> changedSince,
			List<String> stayWithTarget, String provenance) {}

	/** A merge as listed for a patient. */
	public record Merge(long id, String source, String target, String mergedBy, Instant mergedAt, String reason,
			String state, int moved, @Nullable String undoneBy, @Nullable Instant undoneAt) {}

	static final String LIFECYCLE = "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle";
	/** Order statuses that still ask for something to be done. */
	private static final Set<String> ACTIVE_ORDER = Set.of("active", "on-hold", "draft");

	private final RecordStore store;
	private final BundleProcessor bundles;
	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final Clock clock;
	private final ReferenceMove move;

	private final SearchService search;
	private final SearchRequestParser parser;

	private final MergedPatients mergedPatients;

	PatientMerge(RecordStore store, BundleProcessor bundles, JdbcTemplate jdbc, TransactionTemplate transactions,
			Clock clock, FhirContext ctx, SearchService search, MergedPatients mergedPatients) {
		this.mergedPatients = mergedPatients;
		this.search = search;
		this.parser = new SearchRequestParser(ctx, 2, 2);
		this.store = store;
		this.bundles = bundles;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.move = new ReferenceMove(ctx);
	}

	/**
	 * The one live patient that carries all of {@code identifiers} (FHIR $merge's
	 * {@code source-patient-identifier} and {@code target-patient-identifier}); refused when none or several do.
	 */
	public String findByIdentifiers(AccessContext access, List<Identifier> identifiers, String role) {
		Map<String, String[]> params = new LinkedHashMap<>();
		params.put("identifier", identifiers.stream().map(i -> (i.hasSystem() ? i.getSystem() + "|" : "") + i.getValue())
				.toArray(String[]::new));
		params.put("_count", new String[] {"2"});
		List<StoredVersion> found = search.firstMatches(access, parser.parse("Patient", params, true)).resources();
		if (found.size() != 1) {
			throw new CustodianException.Invalid(ErrorCode.MERGE_REFUSED, (found.isEmpty() ? "No patient" : "More than one patient")
					+ " has the " + role + " identifiers given; name the " + role + " patient by reference");
		}
		return found.get(0).id();
	}

	/** Checks everything a merge checks and says what it would change, without changing anything. */
	public Plan preview(AccessContext access, Request request) {
		return transactions.execute(status -> {
			status.setRollbackOnly();
			return plan(access, request).plan();
		});
	}

	public Done merge(AccessContext access, Request request) {
		requireReason(request.reason());
		return transactions.execute(status -> {
			Planned planned = plan(access, request);
			Plan plan = planned.plan();
			Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
			for (StoredVersion v : planned.moved()) {
				put(tx, move.repoint(v.resource(), request.source(), request.target()), v);
			}
			Patient source = ((Patient) planned.source().resource()).copy();
			source.setActive(false);
			source.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/" + plan.target()));
			put(tx, source, planned.source());
			Patient target = ((Patient) planned.target().resource()).copy();
			target.addLink().setType(Patient.LinkType.REPLACES).setOther(new Reference("Patient/" + plan.source()));
			plan.identifiersAdded().forEach(i -> target.addIdentifier(i.copy()));
			put(tx, target, planned.target());
			Provenance provenance = provenance(access, "merge", "Merged Patient/" + plan.source() + " into Patient/"
					+ plan.target() + ": " + request.reason(), plan.source(), plan.target(), plan.moved());
			tx.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(provenance).getRequest()
					.setMethod(HTTPVerb.POST).setUrl("Provenance");
			Bundle response = bundles.transaction(access, tx, "merge");
			String provenanceId = new IdType(response.getEntry().get(tx.getEntry().size() - 1).getResponse().getLocation())
					.getIdPart();
			long merge = record(access, request, plan, provenanceId, planned, response);
			mergedPatients.mergedAway(plan.source());
			StoredVersion written = store.read(access, "Patient", plan.target());
			return new Done(merge, plan, provenanceId, (Patient) written.resource());
		});
	}

	/**
	 * Undoes merge {@code id}: every record the merge moved goes back to the source (exactly as it was
	 * when nothing has changed it since; otherwise with its references to the target pointed back at
	 * the source, later changes kept), both patients lose what the merge gave them, and records written
	 * to the target after the merge stay there and are listed for review. The two patients are then
	 * recorded as not the same person, so the pair is not proposed again.
	 */
	public Undone unmerge(AccessContext access, long id, String reason) {
		HimWork.require(access, "unmerge");
		requireReason(reason);
		return transactions.execute(status -> {
			Merge m = find(id, true);
			if (!m.state().equals("merged")) {
				throw new CustodianException.Conflict(ErrorCode.UNMERGE_REFUSED, "Merge " + id + " was already undone by "
						+ m.undoneBy() + " at " + m.undoneAt());
			}
			List<Long> later = jdbc.queryForList("select merge_id from identity_merge where state = 'merged' and merge_id <> ?"
					+ " and source_patient = ?", Long.class, id, m.target());
			if (!later.isEmpty()) {
				throw new CustodianException.Conflict(ErrorCode.UNMERGE_REFUSED, "Patient/" + m.target()
						+ " was itself merged afterwards (merge " + later.get(0) + "); undo that merge first");
			}
			store.referrers(access, "Patient", m.source()); // locks the source chart
			Referrers ofTarget = store.referrers(access, "Patient", m.target());
			List<Item> items = jdbc.query("select role, res_type, fhir_id, version_before, version_after from"
					+ " identity_merge_item where merge_id = ? order by res_type, fhir_id", (rs, n) -> new Item(rs.getString(1),
							rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5)), id);
			List<Identifier> added = Identifiers.fromJson(jdbc.queryForObject(
					"select added_identifiers from identity_merge where merge_id = ?", String.class, id));
			// Undone first, in this transaction: the records going back may then refer to the source again.
			jdbc.update("update identity_merge set state = 'undone', undone_by = ?, undone_at = ?, undo_reason = ? where"
					+ " merge_id = ?", access.actor(), Timestamp.from(clock.instant()), reason, id);
			Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
			List<String> restored = new ArrayList<>();
			List<String> changed = new ArrayList<>();
			List<String> all = new ArrayList<>();
			Set<String> merged = new java.util.HashSet<>();
			for (Item item : items) {
				merged.add(item.reference());
				StoredVersion now = store.read(access, item.type(), item.id());
				IBaseResource back;
				if (now.version() == item.after()) {
					back = store.vread(access, item.type(), item.id(), item.before()).resource();
					restored.add(item.reference());
				} else {
					back = switch (item.role()) {
						case "source" -> sourceBack((Patient) now.resource(), m.target(),
								(Patient) store.vread(access, "Patient", m.source(), item.before()).resource());
						case "target" -> targetBack((Patient) now.resource(), m.source(), added);
						default -> move.restore(now.resource(), store.vread(access, item.type(), item.id(), item.after()).resource(),
								store.vread(access, item.type(), item.id(), item.before()).resource(), m.source(), m.target());
					};
					changed.add(item.reference());
				}
				all.add(item.reference());
				put(tx, back, now);
			}
			// Written to the target's chart (or changed there) after the merge: which person they belong to is a
			// question for the reviewer, not something the undo can know.
			List<String> stay = ofTarget.visible().stream().filter(v -> v.lastUpdated().isAfter(m.mergedAt()))
					.filter(v -> !isMergeProvenance(v.resource())).map(v -> v.type() + "/" + v.id())
					.filter(r -> !merged.contains(r) && !r.equals("Patient/" + m.source())).toList();
			Provenance provenance = provenance(access, "unmerge", "Undid merge " + id + " of Patient/" + m.source()
					+ " into Patient/" + m.target() + ": " + reason, m.source(), m.target(), all);
			tx.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(provenance).getRequest()
					.setMethod(HTTPVerb.POST).setUrl("Provenance");
			Bundle response = bundles.transaction(access, tx, "unmerge");
			String provenanceId = new IdType(response.getEntry().get(tx.getEntry().size() - 1).getResponse().getLocation())
					.getIdPart();
			jdbc.update("update identity_merge set undo_provenance = ? where merge_id = ?", provenanceId, id);
			mergedPatients.restored(m.source());
			DuplicateQueue.markNotSame(jdbc, m.source(), m.target(), access.actor(), clock.instant(),
					"Merge " + id + " undone: " + reason);
			return new Undone(id, m.source(), m.target(), restored, changed, stay, provenanceId);
		});
	}

	/** The merges a patient took part in, newest first. */
	public List<Merge> mergesOf(AccessContext access, String patient) {
		HimWork.require(access, "merge-history");
		return jdbc.query("select m.*, (select count(*) from identity_merge_item i where i.merge_id = m.merge_id and i.role"
				+ " = 'moved') as moved from identity_merge m where source_patient = ? or target_patient = ? order by merge_id desc",
				(rs, n) -> merge(rs), patient, patient);
	}

	/** The most recent merges, newest first. */
	public List<Merge> recent(AccessContext access, int count) {
		HimWork.require(access, "merge-history");
		return jdbc.query("select m.*, (select count(*) from identity_merge_item i where i.merge_id = m.merge_id and i.role"
				+ " = 'moved') as moved from identity_merge m order by merge_id desc limit ?", (rs, n) -> merge(rs), count);
	}

	/** One merge, as listed. */
	public Merge get(AccessContext access, long id) {
		HimWork.require(access, "merge-history");
		return find(id, false);
	}

	/** The merge in effect that took {@code source} away, if any. */
	public @Nullable Long mergeOf(AccessContext access, String source) {
		HimWork.require(access, "merge-history");
		List<Long> ids = jdbc.queryForList("select merge_id from identity_merge where source_patient = ? and state = 'merged'",
				Long.class, source);
		return ids.isEmpty() ? null : ids.get(0);
	}

	private record Planned(Plan plan, StoredVersion source, StoredVersion target, List<StoredVersion> moved) {}

	private record Item(String role, String type, String id, int before, int after) {
		String reference() {
			return type + "/" + id;
		}
	}

	private Planned plan(AccessContext access, Request request) {
		HimWork.require(access, "merge");
		String source = request.source();
		String target = request.target();
		if (source.equals(target)) {
			throw new CustodianException.Conflict(ErrorCode.MERGE_REFUSED, "The source and the target are the same patient");
		}
		// Locks both charts (the source first): nothing new can come to refer to either until this ends.
		Referrers fromSource = store.referrers(access, "Patient", source);
		Referrers fromTarget = store.referrers(access, "Patient", target);
		StoredVersion s = store.read(access, "Patient", source);
		StoredVersion t = store.read(access, "Patient", target);
		requireReviewed(s, request.sourceVersion());
		requireReviewed(t, request.targetVersion());
		String sourceGone = PatientLinks.replacedBy((Patient) s.resource());
		if (sourceGone != null) {
			throw new CustodianException.Conflict(ErrorCode.MERGE_REFUSED, "Patient/" + source
					+ " was already merged into Patient/" + sourceGone);
		}
		String targetGone = PatientLinks.replacedBy((Patient) t.resource());
		if (targetGone != null) {
			throw new CustodianException.Conflict(ErrorCode.MERGE_REFUSED, "Patient/" + target + " was merged into Patient/"
					+ targetGone + "; merge into that chart instead");
		}
		if (fromSource.hidden() > 0) {
			throw new CustodianException.Conflict(ErrorCode.MERGE_WOULD_LOSE_DATA, fromSource.hidden() + " record"
					+ (fromSource.hidden() == 1 ? "" : "s") + " on Patient/" + source + " cannot be moved by you (sensitive, or"
					+ " withheld by the patient's consent); the merge would leave them on the old chart. Ask a colleague cleared"
					+ " for them, or the privacy officer, to merge these charts");
		}
		List<String> conflicts = conflictingOrders(fromSource.visible(), fromTarget.visible());
		if (!conflicts.isEmpty()) {
			throw new CustodianException.Conflict(ErrorCode.MERGE_WOULD_LOSE_DATA, "Both charts hold active orders for the"
					+ " same thing: " + String.join("; ", conflicts) + ". Complete, stop or cancel the duplicate order first, so"
					+ " the merged chart does not carry two");
		}
		List<StoredVersion> moved = fromSource.visible().stream()
				.filter(v -> !(v.type().equals("Patient") && v.id().equals(target)))
				.filter(v -> !isMergeProvenance(v.resource())).toList();
		List<Identifier> added = new ArrayList<>();
		Patient tp = (Patient) t.resource();
		for (Identifier i : ((Patient) s.resource()).getIdentifier()) {
			boolean known = tp.getIdentifier().stream().anyMatch(x -> Identifiers.same(x, i))
					|| added.stream().anyMatch(x -> Identifiers.same(x, i));
			if (!known && i.hasValue()) {
				added.add(i.copy().setUse(Identifier.IdentifierUse.OLD));
			}
		}
		List<String> movedRefs = moved.stream().map(v -> v.type() + "/" + v.id()).toList();
		return new Planned(new Plan(source, target, movedRefs, added), s, t, moved);
	}

	private static void requireReviewed(StoredVersion v, @Nullable Integer reviewed) {
		if (reviewed != null && reviewed != v.version()) {
			throw new CustodianException.PreconditionFailed(ErrorCode.VERSION_CONFLICT, "Patient/" + v.id()
					+ " changed since it was reviewed (it is at version " + v.version() + ", the review saw version " + reviewed
					+ "); review it again before merging");
		}
	}

	/** Active orders of the same kind for the same code on both charts, described. */
	private static List<String> conflictingOrders(List<StoredVersion> source, List<StoredVersion> target) {
		Map<String, String> onTarget = new LinkedHashMap<>();
		for (StoredVersion v : target) {
			String key = ActiveOrders.key(v.resource(), ACTIVE_ORDER);
			if (key != null) {
				onTarget.putIfAbsent(key, v.type() + "/" + v.id());
			}
		}
		List<String> out = new ArrayList<>();
		for (StoredVersion v : source) {
			String key = ActiveOrders.key(v.resource(), ACTIVE_ORDER);
			if (key != null && onTarget.containsKey(key)) {
				out.add(v.type() + "/" + v.id() + " and " + onTarget.get(key) + " (" + key.substring(key.indexOf(' ') + 1) + ")");
			}
		}
		return out;
	}

	private static boolean isMergeProvenance(IBaseResource r) {
		return r instanceof Provenance p && p.getActivity().getCoding().stream()
				.anyMatch(c -> LIFECYCLE.equals(c.getSystem()) && Set.of("merge", "unmerge").contains(c.getCode()));
	}

	private static Patient sourceBack(Patient now, String target, Patient before) {
		Patient back = now.copy();
		back.getLink().removeIf(l -> l.getType() == Patient.LinkType.REPLACEDBY
				&& ("Patient/" + target).equals(l.getOther().getReference()));
		if (before.hasActive()) {
			back.setActive(before.getActive());
		} else {
			back.setActiveElement(null);
		}
		return back;
	}

	private static Patient targetBack(Patient now, String source, List<Identifier> added) {
		Patient back = now.copy();
		back.getLink().removeIf(l -> l.getType() == Patient.LinkType.REPLACES
				&& ("Patient/" + source).equals(l.getOther().getReference()));
		back.getIdentifier().removeIf(i -> added.stream().anyMatch(a -> Identifiers.same(a, i)));
		return back;
	}

	private static void put(Bundle tx, IBaseResource resource, StoredVersion current) {
		Resource r = (Resource) resource;
		r.setId(current.type() + "/" + current.id());
		tx.addEntry().setFullUrl(current.type() + "/" + current.id()).setResource(r).getRequest().setMethod(HTTPVerb.PUT)
				.setUrl(current.type() + "/" + current.id()).setIfMatch("W/\"" + current.version() + "\"");
	}

	private Provenance provenance(AccessContext access, String activity, String why, String source, String target,
			List<String> moved) {
		Provenance p = new Provenance();
		p.addTarget(new Reference("Patient/" + target));
		p.addTarget(new Reference("Patient/" + source));
		moved.stream().filter(r -> !r.equals("Patient/" + source) && !r.equals("Patient/" + target))
				.forEach(r -> p.addTarget(new Reference(r)));
		p.setRecorded(java.util.Date.from(clock.instant()));
		p.getActivity().addCoding().setSystem(LIFECYCLE).setCode(activity);
		p.addReason().setText(why);
		Reference who = access.fhirUser() != null ? new Reference(access.fhirUser()) : new Reference();
		who.setDisplay(access.actor());
		p.addAgent().setWho(who).getType().addCoding().setSystem(
				"http://terminology.hl7.org/CodeSystem/provenance-participant-type").setCode("performer");
		return p;
	}

	private long record(AccessContext access, Request request, Plan plan, String provenance, Planned planned,
			Bundle response) {
		Long id = jdbc.queryForObject("insert into identity_merge (source_patient, target_patient, merged_by, merged_at,"
				+ " reason, provenance, added_identifiers) values (?, ?, ?, ?, ?, ?, ?) returning merge_id", Long.class,
				plan.source(), plan.target(), access.actor(), Timestamp.from(clock.instant()), request.reason(), provenance,
				Identifiers.toJson(plan.identifiersAdded()));
		long merge = id == null ? -1 : id;
		List<Object[]> items = new ArrayList<>();
		List<StoredVersion> before = new ArrayList<>(planned.moved());
		before.add(planned.source());
		before.add(planned.target());
		for (int i = 0; i < before.size(); i++) {
			StoredVersion v = before.get(i);
			IdType written = new IdType(response.getEntry().get(i).getResponse().getLocation());
			String role = i < planned.moved().size() ? "moved" : i == planned.moved().size() ? "source" : "target";
			items.add(new Object[] {merge, role, v.type(), v.id(), v.version(), written.getVersionIdPartAsLong().intValue()});
		}
		jdbc.batchUpdate("insert into identity_merge_item (merge_id, role, res_type, fhir_id, version_before, version_after)"
				+ " values (?, ?, ?, ?, ?, ?)", items);
		String first = plan.source().compareTo(plan.target()) < 0 ? plan.source() : plan.target();
		String second = first.equals(plan.source()) ? plan.target() : plan.source();
		jdbc.update("update identity_pair set status = 'merged', reviewed_by = ?, reviewed_at = ?, note = ? where a_patient = ?"
				+ " and b_patient = ?", access.actor(), Timestamp.from(clock.instant()), "Merged (merge " + merge + ")", first,
				second);
		return merge;
	}

	private Merge find(long id, boolean lock) {
		List<Merge> found = jdbc.query("select m.*, (select count(*) from identity_merge_item i where i.merge_id = m.merge_id"
				+ " and i.role = 'moved') as moved from identity_merge m where merge_id = ?" + (lock ? " for update of m" : ""),
				(rs, n) -> merge(rs), id);
		if (found.isEmpty()) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No merge " + id);
		}
		return found.get(0);
	}

	private static Merge merge(java.sql.ResultSet rs) throws java.sql.SQLException {
		Timestamp undone = rs.getTimestamp("undone_at");
		return new Merge(rs.getLong("merge_id"), rs.getString("source_patient"), rs.getString("target_patient"),
				rs.getString("merged_by"), rs.getTimestamp("merged_at").toInstant(), rs.getString("reason"), rs.getString("state"),
				rs.getInt("moved"), rs.getString("undone_by"), undone == null ? null : undone.toInstant());
	}

	private static void requireReason(@Nullable String reason) {
		if (reason == null || reason.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.ACCESS_INVALID_REQUEST, "Say why (the reason is kept with the merge)");
		}
	}

}

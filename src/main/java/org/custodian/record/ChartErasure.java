package org.custodian.record;

import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.record.internal.DataKeys;
import org.custodian.record.internal.DestroyedCharts;
import org.custodian.record.internal.IndexTables;
import org.custodian.record.internal.RecordParts;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Destroys a patient's whole chart from the store, for lawful destruction after retention (issue
 * 12): every version of every resource in the Patient compartment (the Patient, everything that is
 * the patient's by the compartment definition, what was deleted from the chart, the Binaries its
 * documents point to, and the Patients merged into it), their index rows, their links, the consent
 * rules they made, and any search results that hold them. Unlike a FHIR delete, which is a new
 * version and keeps the history, nothing is left to read. The chart's data keys are then shredded,
 * and its Patients entered in the register of destroyed charts ({@link DestroyedCharts}).
 *
 * <p>A chart that something outside it still refers to (a Group, a List of another patient) is not
 * destroyed: those references would point at nothing, so they are named for someone to resolve first.
 */
@Component
public class ChartErasure {

	private static final Logger log = LoggerFactory.getLogger(ChartErasure.class);

	/** What one chart holds, found in the destroying transaction. */
	public record Chart(long patientResId, List<Long> members, List<Long> patients, List<String> references,
			Map<String, Integer> resourcesByType, Map<String, Integer> versionsByType, List<String> outsideReferrers) {

		public int resources() {
			return members.size();
		}

		public int versions() {
			return versionsByType.values().stream().mapToInt(Integer::intValue).sum();
		}

		/** The ids of the chart's Patients: its own and those merged into it. */
		public List<String> patientIds() {
			return references.stream().filter(r -> r.startsWith("Patient/")).map(r -> r.substring("Patient/".length())).toList();
		}
	}

	private static final long PATIENT_LINK = org.custodian.search.IndexHash.identity("Patient", "link");
	/** The types whose attachments may point at a Binary of the chart. */
	private static final List<String> ATTACHING = List.of("DocumentReference", "Media", "DiagnosticReport", "Communication");

	private final JdbcTemplate jdbc;
	private final AccessGate gate;
	private final IndexTables indexes;
	private final DataKeys keys;
	private final RecordParts parts;
	private final DestroyedCharts destroyed;

	ChartErasure(JdbcTemplate jdbc, AccessGate gate, DataKeys keys, RecordParts parts, DestroyedCharts destroyed) {
		this.jdbc = jdbc;
		this.gate = gate;
		this.keys = keys;
		this.parts = parts;
		this.destroyed = destroyed;
		this.indexes = new IndexTables(jdbc);
	}

	/**
	 * Everything in {@code patientId}'s chart, the Patient locked against concurrent writes (a writer
	 * that refers to it waits) until the caller's transaction ends; 404 if there is no such patient.
	 */
	public Chart chart(AccessContext access, String patientId) {
		requireTransaction();
		Ids.requireValid(patientId);
		access.require("Patient", org.custodian.access.Interaction.READ);
		List<Long> patient = jdbc.queryForList("select res_id from resource where res_type = 'Patient' and fhir_id = ? for update",
				Long.class, patientId);
		if (patient.isEmpty()) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "Patient/" + patientId + " does not exist");
		}
		long p = patient.get(0);
		Set<Long> found = new LinkedHashSet<>();
		found.add(p);
		found.addAll(mergedInto(p));
		long[] patients = found.stream().mapToLong(Long::longValue).toArray();
		// Live members by the compartment's reference parameters.
		found.addAll(query("select distinct x.res_id from idx_reference x where x.target_res_id = any(?) and x.hash_identity"
				+ " = any(?)", patients, gate.patientCompartmentParameters()));
		found.addAll(deletedMembers(patients, patientId));
		found.addAll(attachedBinaries(found));
		long[] ids = found.stream().mapToLong(Long::longValue).toArray();
		List<Long> members = new ArrayList<>();
		List<Long> patientMembers = new ArrayList<>();
		List<String> references = new ArrayList<>();
		Map<String, Integer> resources = new TreeMap<>();
		Map<String, Integer> versions = new TreeMap<>();
		jdbc.query(con -> {
			PreparedStatement ps = con.prepareStatement("select res_id, res_type, fhir_id, version from resource where res_id = any(?)"
					+ " order by res_id");
			ps.setArray(1, longs(con, ids));
			return ps;
		}, (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
			members.add(rs.getLong(1));
			if (rs.getString(2).equals("Patient")) {
				patientMembers.add(rs.getLong(1));
			}
			references.add(rs.getString(2) + "/" + rs.getString(3));
			resources.merge(rs.getString(2), 1, Integer::sum);
			versions.merge(rs.getString(2), rs.getInt(4), Integer::sum);
		});
		// Outside: what refers into the chart from beyond it; and what is in it but also another
		// patient's (a Group of patients, an appointment of two), which is not this chart's to destroy.
		List<String> outside = jdbc.query(con -> {
			PreparedStatement ps = con.prepareStatement("""
					select distinct r.res_type || '/' || r.fhir_id from resource_link l join resource r on r.res_id = l.res_id
					 where l.target_res_id = any(?) and not (l.res_id = any(?))
					union
					select distinct r.res_type || '/' || r.fhir_id || ' (also another patient''s)' from idx_reference x
					  join resource r on r.res_id = x.res_id join resource t on t.res_id = x.target_res_id
					 where x.res_id = any(?) and x.hash_identity = any(?) and t.res_type = 'Patient'
					   and not (x.target_res_id = any(?))
					order by 1 limit 20""");
			ps.setArray(1, longs(con, ids));
			ps.setArray(2, longs(con, ids));
			ps.setArray(3, longs(con, ids));
			ps.setArray(4, longs(con, gate.patientCompartmentParameters()));
			ps.setArray(5, longs(con, ids));
			return ps;
		}, (rs, n) -> rs.getString(1));
		return new Chart(p, List.copyOf(members), List.copyOf(patientMembers), List.copyOf(references), resources, versions,
				outside);
	}

	/**
	 * Removes {@code chart} from the store in the caller's transaction: index rows, links, consent rules,
	 * every version and the head rows, and search results that list any of it; then the chart's data keys
	 * (its Patient's, and those of Patients merged into it) are shredded, so that copies of its bodies
	 * elsewhere (in backups) no longer open, after any version of a record outside the chart still sealed
	 * with them (written while that record was this patient's) has been sealed again with its own owner's
	 * key. Refused (409) while anything outside the chart refers into it. Once the transaction commits,
	 * the chart's Patients are entered in the register of destroyed charts. Answers the keys shredded.
	 */
	public int erase(Chart chart) {
		requireTransaction();
		if (!chart.outsideReferrers().isEmpty()) {
			throw new CustodianException.Conflict(ErrorCode.DESTRUCTION_REFUSED, "Records outside the chart still refer to it"
					+ " and would be left pointing at nothing: " + String.join(", ", chart.outsideReferrers()));
		}
		long[] ids = chart.members().stream().mapToLong(Long::longValue).toArray();
		long[] patients = chart.patients().stream().mapToLong(Long::longValue).toArray();
		List<DestroyedCharts.Entry> entries = registerEntries(patients);
		resealOutside(patients, ids);
		indexes.clear(ids);
		// Each statement takes the chart's resources once (the consent rules: as the Consent or as its patient).
		for (String sql : List.of("delete from resource_link where target_res_id = any(?)",
				"delete from idx_reference where target_res_id = any(?)",
				"delete from consent_rule where consent_res_id = any(?) or patient_res_id = any(?)",
				"delete from result_snapshot where snapshot_id in (select snapshot_id from result_snapshot_chunk where ids && ?)",
				"delete from resource_version where res_id = any(?)",
				"delete from resource where res_id = any(?)")) {
			jdbc.update(con -> {
				PreparedStatement ps = con.prepareStatement(sql);
				for (int i = 1; i <= sql.chars().filter(c -> c == '?').count(); i++) {
					ps.setArray(i, longs(con, ids));
				}
				return ps;
			});
		}
		int shredded = keys.shred(patients);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				// After the commit, never before: a register naming a chart a failed destruction left in place
				// would have that chart destroyed at the next start. Failing here leaves the destruction done.
				try {
					destroyed.append(entries);
				} catch (RuntimeException e) {
					log.error("Chart Patient/{} was destroyed but could not be entered in the register of destroyed charts:"
							+ " a restore from an earlier backup would bring it back. Add it by hand: {}", chart.patientIds(), entries, e);
				}
			}
		});
		return shredded;
	}

	/**
	 * The Patients named in the register of destroyed charts that are in the store again, exactly (a
	 * backup taken before their destruction was restored): to be destroyed again.
	 */
	public List<String> restoredAfterDestruction() {
		List<DestroyedCharts.Entry> entries = destroyed.entries();
		if (entries.isEmpty()) {
			return List.of();
		}
		// One query for the whole register, read at every start.
		return jdbc.query(con -> {
			PreparedStatement ps = con.prepareStatement("select r.fhir_id from unnest(?::bigint[], ?::text[], ?::timestamptz[])"
					+ " as e(res_id, fhir_id, first_written) join resource r on r.res_id = e.res_id and r.fhir_id = e.fhir_id"
					+ " and r.res_type = 'Patient' join resource_version v on v.res_id = r.res_id and v.version = 1"
					+ " and v.last_updated = e.first_written");
			ps.setArray(1, longs(con, entries.stream().mapToLong(DestroyedCharts.Entry::resId).toArray()));
			ps.setArray(2, con.createArrayOf("text", entries.stream().map(DestroyedCharts.Entry::id).toArray()));
			ps.setArray(3, con.createArrayOf("timestamptz", entries.stream().map(e -> Timestamp.from(e.firstWritten())).toArray()));
			return ps;
		}, (rs, n) -> rs.getString(1));
	}

	/** Patients merged into {@code p}: whose link says they are replaced by it (not "see also", another person). */
	private List<Long> mergedInto(long p) {
		List<Long> linked = query("select distinct x.res_id from idx_reference x join resource r on r.res_id = x.res_id"
				+ " where x.target_res_id = ? and x.hash_identity = ? and r.res_type = 'Patient'", p, PATIENT_LINK);
		List<Long> merged = new ArrayList<>();
		for (StoredVersion v : parts.resources().current(linked, everything())) {
			if (v.resource() instanceof Patient source && source.getLink().stream().anyMatch(l -> l.getType()
					== Patient.LinkType.REPLACEDBY && refersTo(l.getOther(), p))) {
				merged.add(jdbc.queryForObject("select res_id from resource where res_type = 'Patient' and fhir_id = ?",
						Long.class, v.id()));
			}
		}
		return merged;
	}

	private boolean refersTo(Reference reference, long p) {
		String ref = reference.getReference();
		if (ref == null || !ref.startsWith("Patient/")) {
			return false;
		}
		List<Long> target = jdbc.queryForList("select res_id from resource where res_type = 'Patient' and fhir_id = ?",
				Long.class, new org.hl7.fhir.r4.model.IdType(ref).getIdPart());
		return !target.isEmpty() && target.get(0) == p;
	}

	/**
	 * Resources deleted from the chart (a delete removes their index rows): those whose last version,
	 * opened, is one of the chart's Patients' by {@link ChartOwner}; found among the deleted ones whose
	 * last body names the patient (plain) or was sealed with one of the chart's data keys.
	 */
	private List<Long> deletedMembers(long[] patients, String patientId) {
		List<Long> out = new ArrayList<>();
		jdbc.query(con -> {
			PreparedStatement ps = con.prepareStatement("""
					select r.res_id, r.res_type, r.fhir_id, v.version, v.codec, v.body from resource r
					  join resource_version v on v.res_id = r.res_id and v.version = r.version - 1
					 where r.deleted and v.body is not null
					   and (v.codec = 1 and position(? in convert_from(v.body, 'UTF8')) > 0
					        or v.codec = 2 and substring(v.body from 2 for 8) in
					           (select int8send(k.key_id) from patient_key k where k.owner_res_id = any(?)))""");
			ps.setString(1, "\"reference\":\"Patient/" + patientId + "\"");
			ps.setArray(2, longs(con, patients));
			return ps;
		}, (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
			IBaseResource last = parts.codec().decode(rs.getShort(5), rs.getBytes(6), rs.getString(2), rs.getString(3),
					rs.getInt(4), java.time.Instant.EPOCH);
			String owner = ChartOwner.of(rs.getString(2), rs.getString(3), last);
			if (owner != null && ownerIsOneOf(owner, patients)) {
				out.add(rs.getLong(1));
			}
		});
		return out;
	}

	private boolean ownerIsOneOf(String owner, long[] patients) {
		List<Long> id = jdbc.queryForList("select res_id from resource where res_type = 'Patient' and fhir_id = ?", Long.class,
				owner.substring("Patient/".length()));
		return !id.isEmpty() && java.util.Arrays.stream(patients).anyMatch(p -> p == id.get(0));
	}

	/** The Binaries the chart's documents carry their content in ({@code attachment.url} of {@code Binary/id}). */
	private List<Long> attachedBinaries(Set<Long> members) {
		List<Long> attaching = query("select res_id from resource where res_id = any(?) and res_type = any(?) and not deleted",
				members.stream().mapToLong(Long::longValue).toArray(), ATTACHING.toArray(String[]::new));
		Set<String> binaries = new LinkedHashSet<>();
		for (StoredVersion v : parts.resources().current(attaching, everything())) {
			for (Attachment a : parts.ctx().newTerser().getAllPopulatedChildElementsOfType(v.resource(), Attachment.class)) {
				if (a.hasUrl() && a.getUrl().startsWith("Binary/")) {
					binaries.add(new org.hl7.fhir.r4.model.IdType(a.getUrl()).getIdPart());
				}
			}
		}
		if (binaries.isEmpty()) {
			return List.of();
		}
		return query("select res_id from resource where res_type = 'Binary' and fhir_id = any(?)", binaries.toArray(String[]::new));
	}

	/**
	 * Seals again, with its own resource's current key, any version outside the chart that is sealed
	 * with one of the chart's data keys (a record that was this patient's when written and is now
	 * another's, after a correction or a merge), so shredding the chart's keys leaves it readable.
	 */
	private void resealOutside(long[] patients, long[] members) {
		List<Long> doomed = query("select key_id from patient_key where owner_res_id = any(?)", patients);
		if (doomed.isEmpty()) {
			return;
		}
		byte[][] headers = doomed.stream().map(k -> ByteBuffer.allocate(8).putLong(k).array()).toArray(byte[][]::new);
		List<Object[]> rows = jdbc.query(con -> {
			PreparedStatement ps = con.prepareStatement("select v.res_id, v.version, v.res_type, v.fhir_id, v.body,"
					+ " (select substring(h.body from 2 for 8) from resource r join resource_version h on h.res_id = r.res_id"
					+ "   and h.version = r.version where r.res_id = v.res_id and h.codec = 2)"
					+ " from resource_version v where v.codec = 2 and substring(v.body from 2 for 8) = any(?)"
					+ " and not (v.res_id = any(?))");
			ps.setArray(1, con.createArrayOf("bytea", headers));
			ps.setArray(2, longs(con, members));
			return ps;
		}, (rs, n) -> new Object[] {rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBytes(5), rs.getBytes(6)});
		for (Object[] r : rows) {
			byte[] head = (byte[]) r[5];
			long headKey = head == null ? -1 : ByteBuffer.wrap(head).getLong();
			// Its resource's current key; the shared one if that is one of the chart's too (or its head is deleted).
			long keyId = headKey < 0 || doomed.contains(headKey) ? -1 : headKey;
			byte[] resealed = parts.codec().reseal((byte[]) r[4], (String) r[2], (String) r[3], (Integer) r[1], keyId);
			jdbc.update("update resource_version set body = ? where res_id = ? and version = ?", resealed, r[0], r[1]);
		}
	}

	/** No row hidden: a chart is found whole, whatever the asker may see of it. */
	private org.custodian.access.RowFilter everything() {
		return gate.forSystemTask("chart-erasure").visible("r", null);
	}

	private List<Long> query(String sql, Object... args) {
		return jdbc.query(con -> {
			PreparedStatement ps = con.prepareStatement(sql);
			for (int i = 0; i < args.length; i++) {
				if (args[i] instanceof long[] values) {
					ps.setArray(i + 1, longs(con, values));
				} else if (args[i] instanceof String[] values) {
					ps.setArray(i + 1, con.createArrayOf("text", values));
				} else {
					ps.setObject(i + 1, args[i]);
				}
			}
			return ps;
		}, (rs, n) -> rs.getLong(1));
	}

	/** What to enter in the register: each Patient exactly as the store names it. */
	private List<DestroyedCharts.Entry> registerEntries(long[] patients) {
		List<DestroyedCharts.Entry> entries = new ArrayList<>();
		for (long p : patients) {
			entries.addAll(jdbc.query("select r.res_id, r.fhir_id, v.last_updated from resource r join resource_version v"
					+ " on v.res_id = r.res_id and v.version = 1 where r.res_id = ?", (rs, n) -> new DestroyedCharts.Entry(rs
							.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()), p));
		}
		return entries;
	}

	private static Array longs(java.sql.Connection con, long[] values) throws java.sql.SQLException {
		return con.createArrayOf("bigint", java.util.Arrays.stream(values).boxed().toArray());
	}

	private static void requireTransaction() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("A chart is destroyed inside one transaction");
		}
	}
}

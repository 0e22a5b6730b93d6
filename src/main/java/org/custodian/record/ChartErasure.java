package org.custodian.record;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.custodian.access.AccessContext;
import org.custodian.access.AccessGate;
import org.custodian.record.internal.DataKeys;
import org.custodian.record.internal.IndexTables;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Destroys a patient's whole chart from the store, for lawful destruction after retention (issue
 * 12): every version of every resource in the Patient compartment (the Patient, everything that is
 * the patient's by the compartment definition, and what was deleted from the chart), their index
 * rows, their links, and any search results that hold them. Unlike a FHIR delete, which is a new
 * version and keeps the history, nothing is left to read.
 *
 * <p>A chart that something outside it still refers to (a Group, a List of another patient) is not
 * destroyed: those references would point at nothing, so they are named for someone to resolve first.
 */
@Component
public class ChartErasure {

	/** What one chart holds, found in the destroying transaction. */
	public record Chart(long patientResId, List<Long> members, List<Long> patients, List<String> references, Map<String, Integer> resourcesByType,
			Map<String, Integer> versionsByType, List<String> outsideReferrers) {

		public int resources() {
			return members.size();
		}

		public int versions() {
			return versionsByType.values().stream().mapToInt(Integer::intValue).sum();
		}
	}

	private static final long PATIENT_LINK = org.custodian.search.IndexHash.identity("Patient", "link");

	private final JdbcTemplate jdbc;
	private final AccessGate gate;
	private final IndexTables indexes;
	private final DataKeys keys;

	ChartErasure(JdbcTemplate jdbc, AccessGate gate, DataKeys keys) {
		this.jdbc = jdbc;
		this.gate = gate;
		this.keys = keys;
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
		List<Long> members = new ArrayList<>();
		List<String> references = new ArrayList<>();
		List<Long> patients = new ArrayList<>();
		Map<String, Integer> resources = new TreeMap<>();
		Map<String, Integer> versions = new TreeMap<>();
		// Live members by the compartment's reference parameters; the Patients merged into this one (their
		// link names it: the same person's old charts); deleted members (no index rows any more) by the
		// reference in the last version they had, or, sealed, by the chart's data key that sealed it.
		jdbc.query(con -> {
			PreparedStatement ps = con.prepareStatement("""
					select r.res_id, r.res_type, r.version, r.fhir_id from resource r where r.res_id = ?
					union
					select r.res_id, r.res_type, r.version, r.fhir_id from resource r
					 where r.res_id in (select x.res_id from idx_reference x where x.target_res_id = ? and x.hash_identity = any(?))
					union
					select r.res_id, r.res_type, r.version, r.fhir_id from resource r
					 where r.res_type = 'Patient' and r.res_id in (select x.res_id from idx_reference x
					       where x.target_res_id = ? and x.hash_identity = ?)
					union
					select r.res_id, r.res_type, r.version, r.fhir_id from resource r
					  join resource_version v on v.res_id = r.res_id and v.version = r.version - 1
					 where r.deleted and v.body is not null
					   and (v.codec = 1 and position(? in convert_from(v.body, 'UTF8')) > 0
					        or v.codec = 2 and substring(v.body from 2 for 8) in
					           (select int8send(k.key_id) from patient_key k where k.owner_res_id = ?))""");
			ps.setLong(1, p);
			ps.setLong(2, p);
			ps.setArray(3, longs(con, gate.patientCompartmentParameters()));
			ps.setLong(4, p);
			ps.setLong(5, PATIENT_LINK);
			ps.setString(6, "\"reference\":\"Patient/" + patientId + "\"");
			ps.setLong(7, p);
			return ps;
		}, rs -> {
			members.add(rs.getLong(1));
			if (rs.getString(2).equals("Patient")) {
				patients.add(rs.getLong(1));
			}
			references.add(rs.getString(2) + "/" + rs.getString(4));
			resources.merge(rs.getString(2), 1, Integer::sum);
			versions.merge(rs.getString(2), rs.getInt(3), Integer::sum);
		});
		long[] ids = members.stream().mapToLong(Long::longValue).toArray();
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
		return new Chart(p, List.copyOf(members), List.copyOf(patients), List.copyOf(references), resources, versions, outside);
	}

	/**
	 * Removes {@code chart} from the store in the caller's transaction: index rows, links, every
	 * version and the head rows, and search results that list any of it; then the chart's data keys
	 * (its Patient's, and those of Patients merged into it) are shredded, so that copies of its bodies
	 * elsewhere (in backups) no longer open. Refused (409) while anything outside the chart refers into
	 * it. Answers the number of data keys shredded.
	 */
	public int erase(Chart chart) {
		requireTransaction();
		if (!chart.outsideReferrers().isEmpty()) {
			throw new CustodianException.Conflict(ErrorCode.DESTRUCTION_REFUSED, "Records outside the chart still refer to it"
					+ " and would be left pointing at nothing: " + String.join(", ", chart.outsideReferrers()));
		}
		long[] ids = chart.members().stream().mapToLong(Long::longValue).toArray();
		indexes.clear(ids);
		for (String sql : List.of("delete from resource_link where target_res_id = any(?)",
				"delete from idx_reference where target_res_id = any(?)",
				"delete from result_snapshot where snapshot_id in (select snapshot_id from result_snapshot_chunk where ids && ?)",
				"delete from resource_version where res_id = any(?)",
				"delete from resource where res_id = any(?)")) {
			jdbc.update(con -> {
				PreparedStatement ps = con.prepareStatement(sql);
				ps.setArray(1, longs(con, ids));
				return ps;
			});
		}
		return keys.shred(chart.patients().stream().mapToLong(Long::longValue).toArray());
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

package org.custodian.record.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.custodian.access.RowFilter;
import org.custodian.access.Sensitivity;
import org.custodian.record.HistoryWindow;
import org.custodian.record.ChartOwner;
import org.custodian.record.StoredVersion;
import org.custodian.record.StoredVersion.Operation;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * SQL over {@code resource} (head pointers) and {@code resource_version} (immutable versions).
 * Methods that take many keys run one statement for all of them.
 */
public final class ResourceTable {

	private static final int BATCH = 1000;

	private final JdbcTemplate jdbc;
	private final ResourceCodec codec;

	public ResourceTable(JdbcTemplate jdbc, ResourceCodec codec) {
		this.jdbc = jdbc;
		this.codec = codec;
	}

	public long[] allocateIds(int count) {
		if (count == 0) {
			return new long[0];
		}
		List<Long> ids = jdbc.queryForList("select nextval('res_id_seq') from generate_series(1, ?)", Long.class, count);
		return ids.stream().mapToLong(Long::longValue).toArray();
	}

	public @Nullable Head headById(long resId, boolean forUpdate) {
		List<Head> heads = jdbc.query("select res_id, res_type, fhir_id, version, last_updated, deleted from resource"
				+ " where res_id = ?" + (forUpdate ? " for update" : ""), HEAD, resId);
		return heads.isEmpty() ? null : heads.get(0);
	}

	/** Serializes transactions that take the same key, until they end. */
	public void advisoryLock(long key) {
		jdbc.query("select pg_advisory_xact_lock(?)", rs -> null, key);
	}

	public @Nullable Head head(String type, String id, boolean forUpdate) {
		List<Head> heads = jdbc.query("select res_id, res_type, fhir_id, version, last_updated, deleted from resource"
				+ " where res_type = ? and fhir_id = ?" + (forUpdate ? " for update" : ""), HEAD, type, id);
		return heads.isEmpty() ? null : heads.get(0);
	}

	/** Heads of the given {@code Type/id} references, keyed by reference; absent ones are missing. */
	public Map<String, Head> heads(Collection<String> localReferences, boolean forUpdate) {
		return heads(localReferences, forUpdate, false);
	}

	/** As {@link #heads(Collection, boolean)}; {@code forShare} locks the rows against deletes only. */
	public Map<String, Head> heads(Collection<String> localReferences, boolean lock, boolean shared) {
		boolean forUpdate = lock;
		Map<String, Head> found = new HashMap<>();
		if (localReferences.isEmpty()) {
			return found;
		}
		List<String> types = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		for (String ref : localReferences) {
			int slash = ref.indexOf('/');
			types.add(ref.substring(0, slash));
			ids.add(ref.substring(slash + 1));
		}
		// Locks are taken in res_id order so that two transactions never wait on each other in a cycle.
		String sql = "select r.res_id, r.res_type, r.fhir_id, r.version, r.last_updated, r.deleted from resource r"
				+ " join unnest(?::varchar[], ?::varchar[]) as k(t, i) on r.res_type = k.t and r.fhir_id = k.i"
				+ " order by r.res_id" + (forUpdate ? (shared ? " for share of r" : " for update of r") : "");
		jdbc.query(con -> {
			var ps = con.prepareStatement(sql);
			Array t = con.createArrayOf("varchar", types.toArray());
			Array i = con.createArrayOf("varchar", ids.toArray());
			ps.setArray(1, t);
			ps.setArray(2, i);
			return ps;
		}, rs -> {
			Head h = HEAD.mapRow(rs, 0);
			found.put(h.localReference(), h);
		});
		return found;
	}

	/**
	 * Writes heads and versions. {@code targets} resolves the versions' local references: the Patient a
	 * version's chart belongs to ({@link ChartOwner}) picks the data key its body is sealed with.
	 */
	public void write(List<PendingWrite> writes, Map<String, Long> targets) {
		List<PendingWrite> created = writes.stream().filter(PendingWrite::isNew).toList();
		List<PendingWrite> changed = writes.stream().filter(w -> !w.isNew()).toList();
		jdbc.batchUpdate("insert into resource (res_id, res_type, fhir_id, version, last_updated, deleted, sensitivity)"
				+ " values (?, ?, ?, ?, ?, ?, ?)", created, BATCH, (ps, w) -> {
					ps.setLong(1, w.resId());
					ps.setString(2, w.type());
					ps.setString(3, w.id());
					ps.setInt(4, w.version());
					ps.setTimestamp(5, Timestamp.from(w.lastUpdated()));
					ps.setBoolean(6, w.operation() == Operation.DELETE);
					ps.setInt(7, sensitivity(w.resource()));
				});
		// A deletion keeps the labels of the version it deletes: they still guard its history.
		jdbc.batchUpdate("update resource set version = ?, last_updated = ?, deleted = ?,"
				+ " sensitivity = coalesce(?, sensitivity) where res_id = ?", changed, BATCH, (ps, w) -> {
					ps.setInt(1, w.version());
					ps.setTimestamp(2, Timestamp.from(w.lastUpdated()));
					ps.setBoolean(3, w.operation() == Operation.DELETE);
					ps.setObject(4, w.resource() == null ? null : sensitivity(w.resource()), java.sql.Types.INTEGER);
					ps.setLong(5, w.resId());
				});
		jdbc.batchUpdate("insert into resource_version (res_id, version, res_type, fhir_id, last_updated, operation, codec, body)"
				+ " values (?, ?, ?, ?, ?, ?, ?, ?)", writes, BATCH, (ps, w) -> {
					ps.setLong(1, w.resId());
					ps.setInt(2, w.version());
					ps.setString(3, w.type());
					ps.setString(4, w.id());
					ps.setTimestamp(5, Timestamp.from(w.lastUpdated()));
					ps.setString(6, String.valueOf(w.operation().code()));
					ps.setShort(7, w.body() == null ? w.codec() : codec.storedCodec());
					ps.setBytes(8, codec.stored(w, owner(w, targets)));
				});
	}

	/**
	 * One live resource that still refers to any of {@code targets}, as {@code [referrer, target]}
	 * local references, or null when none does.
	 */
	public @Nullable String @Nullable [] firstReferrer(long[] targets) {
		List<String[]> rows = jdbc.query(con -> {
			var ps = con.prepareStatement("select r.res_type || '/' || r.fhir_id, t.res_type || '/' || t.fhir_id"
					+ " from resource_link l join resource r on r.res_id = l.res_id"
					+ " join resource t on t.res_id = l.target_res_id"
					+ " where l.target_res_id = any(?) and l.res_id <> l.target_res_id limit 1");
			ps.setArray(1, con.createArrayOf("bigint", java.util.Arrays.stream(targets).boxed().toArray()));
			return ps;
		}, (rs, n) -> new String[] {rs.getString(1), rs.getString(2)});
		return rows.isEmpty() ? null : rows.get(0);
	}

	/** The live resources whose current version refers to {@code target} (itself excluded), by internal id. */
	public List<Long> referrers(long target) {
		return jdbc.queryForList("select distinct l.res_id from resource_link l join resource r on r.res_id = l.res_id"
				+ " where l.target_res_id = ? and l.res_id <> l.target_res_id and not r.deleted order by l.res_id", Long.class,
				target);
	}

	public @Nullable StoredVersion version(long resId, int version) {
		List<StoredVersion> rows = jdbc.query("select res_type, fhir_id, version, last_updated, operation, codec, body"
				+ " from resource_version where res_id = ? and version = ?", this::mapVersion, resId, version);
		return rows.isEmpty() ? null : rows.get(0);
	}

	/** Whether the caller whose {@code visible} filter (on alias {@code r}) this is may see the resource. */
	public boolean visible(long resId, RowFilter visible) {
		if (visible.unrestricted()) {
			return true;
		}
		List<Object> args = new ArrayList<>();
		args.add(resId);
		args.addAll(visible.args());
		return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from resource r where r.res_id = ? and "
				+ visible.sql() + ")", Boolean.class, args.toArray()));
	}

	/**
	 * Current versions of live resources the {@code visible} filter (on alias {@code r}) admits, in
	 * the order of {@code resIds}, in one query.
	 */
	public List<StoredVersion> current(List<Long> resIds, RowFilter visible) {
		if (resIds.isEmpty()) {
			return List.of();
		}
		String sql = "select v.res_type, v.fhir_id, v.version, v.last_updated, v.operation, v.codec, v.body"
				+ " from unnest(?::bigint[]) with ordinality as k(id, n)"
				+ " join resource r on r.res_id = k.id and not r.deleted" + (visible.unrestricted() ? "" : " and " + visible.sql())
				+ " join resource_version v on v.res_id = r.res_id and v.version = r.version order by k.n";
		return jdbc.query(con -> {
			var ps = con.prepareStatement(sql);
			ps.setArray(1, con.createArrayOf("bigint", resIds.toArray()));
			int i = 2;
			for (Object arg : visible.unrestricted() ? List.of() : visible.args()) {
				ps.setObject(i++, arg);
			}
			return ps;
		}, this::mapVersion);
	}

	/** The encoded body of a version (opened if sealed), for comparing an update with what is stored. */
	public byte @Nullable [] body(long resId, int version) {
		List<byte[]> rows = jdbc.query("select codec, body, res_type, fhir_id from resource_version where res_id = ?"
				+ " and version = ? and body is not null", (rs, n) -> codec.plain(rs.getShort(1), rs.getBytes(2), rs.getString(3),
						rs.getString(4), version), resId, version);
		return rows.isEmpty() ? null : rows.get(0);
	}

	/** The internal id of the Patient whose chart {@code w} is in, or the shared owner. */
	private static long owner(PendingWrite w, Map<String, Long> targets) {
		if (w.resource() == null) {
			return DataKeys.SHARED;
		}
		if (w.type().equals("Patient")) {
			return w.resId();
		}
		String patient = ChartOwner.of(w.type(), w.id(), w.resource());
		Long owner = patient == null ? null : targets.get(patient);
		return owner == null ? DataKeys.SHARED : owner;
	}

	/**
	 * Versions newest first within {@code window}, optionally of one type or one resource, for paging
	 * by offset within a fixed {@code until} (so later writes never shift pages).
	 */
	public List<StoredVersion> history(@Nullable String type, @Nullable Long resId, HistoryWindow window, int offset,
			int limit, RowFilter visible) {
		StringBuilder sql = new StringBuilder("select v.res_type, v.fhir_id, v.version, v.last_updated, v.operation,"
				+ " v.codec, v.body from resource_version v");
		List<Object> args = new ArrayList<>();
		visibleHeads(sql, args, visible);
		sql.append(" where v.last_updated <= ?");
		args.add(Timestamp.from(window.until()));
		appendHistoryFilters(sql, args, type, resId, window);
		sql.append(" order by v.last_updated desc, v.res_id desc, v.version desc offset ? limit ?");
		args.add(offset);
		args.add(limit);
		return jdbc.query(sql.toString(), this::mapVersion, args.toArray());
	}

	public int historyCount(@Nullable String type, @Nullable Long resId, HistoryWindow window, RowFilter visible) {
		StringBuilder sql = new StringBuilder("select count(*) from resource_version v");
		List<Object> args = new ArrayList<>();
		visibleHeads(sql, args, visible);
		sql.append(" where v.last_updated <= ?");
		args.add(Timestamp.from(window.until()));
		appendHistoryFilters(sql, args, type, resId, window);
		Integer n = jdbc.queryForObject(sql.toString(), Integer.class, args.toArray());
		return n == null ? 0 : n;
	}

	/** Versions are shown when their resource, as it is now, may be seen. */
	private static void visibleHeads(StringBuilder sql, List<Object> args, RowFilter visible) {
		if (!visible.unrestricted()) {
			sql.append(" join resource r on r.res_id = v.res_id and ").append(visible.sql());
			args.addAll(visible.args());
		}
	}

	private static void appendHistoryFilters(StringBuilder sql, List<Object> args, @Nullable String type,
			@Nullable Long resId, HistoryWindow window) {
		if (resId != null) {
			sql.append(" and v.res_id = ?");
			args.add(resId);
		} else if (type != null) {
			sql.append(" and v.res_type = ?");
			args.add(type);
		}
		if (window.since() != null) {
			sql.append(" and v.last_updated >= ?");
			args.add(Timestamp.from(window.since()));
		}
		if (window.atHigh() != null) {
			// Current at some point in [atLow, atHigh]: written by atHigh, and not replaced by atLow.
			sql.append(" and v.last_updated <= ? and not exists (select 1 from resource_version n where n.res_id = v.res_id"
					+ " and n.version = v.version + 1 and n.last_updated <= ?)");
			args.add(Timestamp.from(window.atHigh()));
			args.add(Timestamp.from(window.atLow() != null ? window.atLow() : window.atHigh()));
		}
	}

	private StoredVersion mapVersion(ResultSet rs, int row) throws SQLException {
		String type = rs.getString(1);
		String id = rs.getString(2);
		int version = rs.getInt(3);
		Instant updated = rs.getTimestamp(4).toInstant();
		Operation op = Operation.of(rs.getString(5).charAt(0));
		byte[] body = rs.getBytes(7);
		var resource = body == null ? null : codec.decode(rs.getShort(6), body, type, id, version, updated);
		return new StoredVersion(type, id, version, updated, op, resource);
	}

	/** The mask of the sensitivities the resource's security labels mark ({@link Sensitivity}). */
	private static int sensitivity(@Nullable IBaseResource resource) {
		if (resource == null) {
			return 0;
		}
		List<Sensitivity.Label> labels = new ArrayList<>();
		for (IBaseCoding c : resource.getMeta().getSecurity()) {
			labels.add(new Sensitivity.Label(String.valueOf(c.getSystem()), String.valueOf(c.getCode())));
		}
		return Sensitivity.maskOf(labels);
	}

	private static final RowMapper<Head> HEAD = (rs, n) -> new Head(rs.getLong(1), rs.getString(2), rs.getString(3),
			rs.getInt(4), rs.getTimestamp(5).toInstant(), rs.getBoolean(6));
}

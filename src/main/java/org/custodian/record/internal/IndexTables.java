package org.custodian.record.internal;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.custodian.search.IndexEntry;
import org.custodian.search.IndexEntry.CompositePart;
import org.custodian.search.IndexEntry.DateRange;
import org.custodian.search.IndexEntry.NumberRange;
import org.custodian.search.IndexEntry.QuantityValue;
import org.custodian.search.IndexEntry.ReferenceValue;
import org.custodian.search.IndexEntry.StringValue;
import org.custodian.search.IndexEntry.TextValue;
import org.custodian.search.IndexEntry.TokenValue;
import org.custodian.search.IndexEntry.UriValue;
import org.custodian.search.IndexHash;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;

/**
 * Writes the search index and the reference links of the current versions. Index rows describe
 * only the current version of live resources: a new version replaces its resource's rows, a delete
 * removes them. Rows are sorted into per-table lists first, so each table gets one batch. The
 * component values of composite parameters go into the same tables, with their group number in
 * {@code grp} (null for every other row).
 */
public final class IndexTables {

	private static final int BATCH = 2000;
	private static final String[] TABLES = {"idx_string", "idx_token", "idx_date", "idx_number", "idx_quantity",
			"idx_reference", "idx_uri", "idx_text", "resource_link"};

	private final JdbcTemplate jdbc;

	public IndexTables(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Removes the rows of resources that are being replaced or deleted. */
	public void clear(long[] resIds) {
		if (resIds.length == 0) {
			return;
		}
		for (String table : TABLES) {
			jdbc.update(con -> {
				PreparedStatement ps = con.prepareStatement("delete from " + table + " where res_id = any(?)");
				Array ids = con.createArrayOf("bigint", java.util.Arrays.stream(resIds).boxed().toArray());
				ps.setArray(1, ids);
				return ps;
			});
		}
	}

	/**
	 * Inserts the rows of the given versions. {@code targets} maps every local reference
	 * ({@code Type/id}) the versions contain to the internal id of its (existing) target.
	 */
	public void insert(List<PendingWrite> writes, Map<String, Long> targets) {
		Rows rows = new Rows();
		for (PendingWrite w : writes) {
			if (w.resource() == null) {
				continue;
			}
			for (IndexEntry e : w.index()) {
				rows.add(w, e, targets);
			}
			for (String ref : w.localReferences()) {
				Long target = targets.get(ref);
				if (target != null) {
					rows.links.add(new long[] {w.resId(), target});
				}
			}
		}
		batch("insert into idx_string (res_id, hash_identity, value_norm, value_exact, grp) values (?,?,?,?,?)",
				rows.strings);
		batch("insert into idx_token (res_id, hash_identity, hash_sys_code, hash_code, hash_sys, system, code, display,"
				+ " grp) values (?,?,?,?,?,?,?,?,?)", rows.tokens);
		batch("insert into idx_date (res_id, hash_identity, low_ms, high_ms, grp) values (?,?,?,?,?)", rows.dates);
		batch("insert into idx_number (res_id, hash_identity, value, low_value, high_value, grp) values (?,?,?,?,?,?)",
				rows.numbers);
		batch("insert into idx_quantity (res_id, hash_identity, hash_units, system, code, value, low_value, high_value,"
				+ " grp) values (?,?,?,?,?,?,?,?,?)", rows.quantities);
		batch("insert into idx_reference (res_id, hash_identity, target_res_id, target_type, target_id, target_version,"
				+ " target_url, grp) values (?,?,?,?,?,?,?,?)", rows.references);
		batch("insert into idx_uri (res_id, hash_identity, uri, grp) values (?,?,?,?)", rows.uris);
		batch("insert into idx_text (res_id, hash_identity, doc) values (?, ?, to_tsvector('english', ?))", rows.texts);
		jdbc.batchUpdate("insert into resource_link (res_id, target_res_id) values (?, ?)", rows.links, BATCH,
				(ps, link) -> {
					ps.setLong(1, link[0]);
					ps.setLong(2, link[1]);
				});
	}

	private void batch(String sql, List<Object[]> rows) {
		if (rows.isEmpty()) {
			return;
		}
		ParameterizedPreparedStatementSetter<Object[]> setter = (ps, row) -> bind(ps, row);
		jdbc.batchUpdate(sql, rows, BATCH, setter);
	}

	/** A null for a bigint column: an untyped null would be sent as varchar and refused. */
	private static final Object NULL_BIGINT = new Object();
	/** A null for the integer {@code grp} column, for the same reason. */
	private static final Object NULL_INTEGER = new Object();

	private static void bind(PreparedStatement ps, Object[] row) throws SQLException {
		for (int i = 0; i < row.length; i++) {
			Object v = row[i];
			if (v == NULL_BIGINT) {
				ps.setNull(i + 1, Types.BIGINT);
			} else if (v == NULL_INTEGER) {
				ps.setNull(i + 1, Types.INTEGER);
			} else if (v instanceof Integer n) {
				ps.setInt(i + 1, n);
			} else if (v == null) {
				ps.setNull(i + 1, Types.VARCHAR);
			} else if (v instanceof Long l) {
				ps.setLong(i + 1, l);
			} else if (v instanceof String s) {
				ps.setString(i + 1, s);
			} else {
				ps.setObject(i + 1, v);
			}
		}
	}

	/** Index rows sorted by table. */
	private static final class Rows {
		final List<Object[]> strings = new ArrayList<>();
		final List<Object[]> tokens = new ArrayList<>();
		final List<Object[]> dates = new ArrayList<>();
		final List<Object[]> numbers = new ArrayList<>();
		final List<Object[]> quantities = new ArrayList<>();
		final List<Object[]> references = new ArrayList<>();
		final List<Object[]> uris = new ArrayList<>();
		final List<Object[]> texts = new ArrayList<>();
		final List<long[]> links = new ArrayList<>();

		void add(PendingWrite w, IndexEntry entry, Map<String, Long> targets) {
			if (entry instanceof CompositePart part) {
				add(w, part.value(), targets, part.group());
			} else {
				add(w, entry, targets, NULL_INTEGER);
			}
		}

		private void add(PendingWrite w, IndexEntry entry, Map<String, Long> targets, Object group) {
			String type = w.type();
			long identity = IndexHash.identity(type, entry.param());
			long resId = w.resId();
			if (entry instanceof StringValue s) {
				strings.add(new Object[] {resId, identity, s.normalized(), s.exact(), group});
			} else if (entry instanceof TokenValue t) {
				tokens.add(new Object[] {resId, identity, IndexHash.tokenSystemCode(type, t.param(), t.system(), t.code()),
						IndexHash.tokenCode(type, t.param(), t.code()), IndexHash.tokenSystem(type, t.param(), t.system()),
						clip(t.system(), 256), clip(t.code(), 256), clip(t.text(), 200), group});
			} else if (entry instanceof DateRange d) {
				dates.add(new Object[] {resId, identity, d.low(), d.high(), group});
			} else if (entry instanceof NumberRange n) {
				numbers.add(new Object[] {resId, identity, n.value(), n.low(), n.high(), group});
			} else if (entry instanceof QuantityValue q) {
				quantities.add(new Object[] {resId, identity, IndexHash.quantityUnits(type, q.param(), q.system(), q.code()),
						clip(q.system(), 256), clip(q.code(), 256), q.value(), q.low(), q.high(), group});
			} else if (entry instanceof ReferenceValue r) {
				references.add(new Object[] {resId, identity, target(r, targets), clip(r.targetType(), 64),
						clip(r.targetId(), 64), clip(r.targetVersion(), 64), clip(r.url(), 512), group});
			} else if (entry instanceof UriValue u) {
				uris.add(new Object[] {resId, identity, clip(u.uri(), 512), group});
			} else if (entry instanceof TextValue t) {
				texts.add(new Object[] {resId, identity, t.text()});
			}
		}

		private static Object target(ReferenceValue r, Map<String, Long> targets) {
			if (r.targetType() == null || r.targetId() == null || r.url() != null) {
				return NULL_BIGINT;
			}
			Long target = targets.get(r.targetType() + "/" + r.targetId());
			return target == null ? NULL_BIGINT : target;
		}
	}

	static @Nullable String clip(@Nullable String s, int max) {
		return s == null || s.length() <= max ? s : s.substring(0, max);
	}
}

package org.custodian.coding;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The terminology tables: releases written whole in one transaction (concepts by COPY, so a full
 * ICD-10-CM release loads in seconds) or not at all, and read by primary key, parent and words.
 */
@Repository
class TerminologyStore {

	/** A release as stored. */
	record Stored(long id, String system, String version, LocalDate effective, String source, int concepts) {}

	/** A stored concept. */
	record Row(String code, boolean selectable, String display, @Nullable String shortDisplay, @Nullable String parent) {}

	private final JdbcTemplate jdbc;
	private final DataSource dataSource;
	private final TransactionTemplate transactions;

	TerminologyStore(JdbcTemplate jdbc, DataSource dataSource, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.transactions = transactions;
	}

	/** Writes the release unless one of that system and version is already stored; true when it was written. */
	boolean save(Release release, String by, Instant at) {
		Boolean written = transactions.execute(status -> {
			List<Long> ids = jdbc.query("insert into term_release (system, version, effective, source, concepts, loaded_at,"
					+ " loaded_by) values (?, ?, ?, ?, ?, ?, ?) on conflict (system, version) do nothing returning release_id",
					(rs, n) -> rs.getLong(1), release.system(), release.version(), Date.valueOf(release.effective()),
					release.source(), release.size(), Timestamp.from(at), by);
			if (ids.isEmpty()) {
				return false;
			}
			long id = ids.get(0);
			StringBuilder csv = new StringBuilder(release.size() * 96);
			for (Release.Concept c : release.concepts()) {
				csv.append(id).append(',').append(quoted(c.code())).append(',').append(c.selectable()).append(',')
						.append(quoted(c.display())).append(',').append(c.shortDisplay() == null ? "" : quoted(c.shortDisplay()))
						.append(',').append(c.parent() == null ? "" : quoted(c.parent())).append('\n');
			}
			copy("copy term_concept (release_id, code, selectable, display, short_display, parent) from stdin (format csv)",
					csv.toString());
			return true;
		});
		return Boolean.TRUE.equals(written);
	}

	/** Writes a map unless that version of it is stored; true when it was written. */
	boolean save(ConceptMaps.Map map, Instant at) {
		Boolean written = transactions.execute(status -> {
			List<Long> ids = jdbc.query("insert into term_map (source_system, target_system, version, loaded_at) values (?, ?, ?, ?)"
					+ " on conflict do nothing returning map_id", (rs, n) -> rs.getLong(1), map.source(), map.target(),
					map.version(), Timestamp.from(at));
			if (ids.isEmpty()) {
				return false;
			}
			StringBuilder csv = new StringBuilder(map.entries().size() * 40);
			for (ConceptMaps.Entry e : map.entries()) {
				csv.append(ids.get(0)).append(',').append(quoted(e.source())).append(',').append(quoted(e.target())).append(',')
						.append(e.equivalence()).append(',').append(e.scenario()).append(',').append(e.choice()).append('\n');
			}
			copy("copy term_map_entry (map_id, source_code, target_code, equivalence, scenario, choice) from stdin (format csv)",
					csv.toString());
			return true;
		});
		return Boolean.TRUE.equals(written);
	}

	private void copy(String sql, String csv) {
		Connection c = DataSourceUtils.getConnection(dataSource); // the transaction's own connection
		try {
			c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(csv));
		} catch (SQLException e) {
			throw new IllegalStateException("Cannot write the code set: " + e.getMessage(), e);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} finally {
			DataSourceUtils.releaseConnection(c, dataSource);
		}
	}

	private static String quoted(String s) {
		return '"' + s.replace("\"", "\"\"") + '"';
	}

	boolean hasMap(String source, String target, String version) {
		Integer n = jdbc.queryForObject("select count(*) from term_map where source_system = ? and target_system = ? and"
				+ " version = ?", Integer.class, source, target, version);
		return n != null && n > 0;
	}

	List<Stored> releases() {
		return jdbc.query("select release_id, system, version, effective, source, concepts from term_release order by system,"
				+ " effective", (rs, n) -> new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getDate(4).toLocalDate(),
						rs.getString(5), rs.getInt(6)));
	}

	@Nullable Row concept(long release, String code) {
		List<Row> found = jdbc.query("select code, selectable, display, short_display, parent from term_concept where release_id"
				+ " = ? and code = ?", (rs, n) -> row(rs), release, code);
		return found.isEmpty() ? null : found.get(0);
	}

	/** The concept and its children in one round trip: the concept first (when it exists), then its children by code. */
	List<Row> withChildren(long release, String code) {
		return jdbc.query("select code, selectable, display, short_display, parent from term_concept where release_id = ? and"
				+ " (code = ? or parent = ?) order by code <> ?, code", (rs, n) -> row(rs), release, code, code, code);
	}

	/** Which of these codes exist in the release. */
	List<String> existing(long release, List<String> codes) {
		return jdbc.queryForList("select code from term_concept where release_id = ? and code = any(?) order by code",
				String.class, release, codes.toArray(String[]::new));
	}

	/** Writes a release's Alphabetic Index in place of any loaded before for it; answers the entries written. */
	int saveIndex(long release, List<AlphabeticIndex.Entry> entries) {
		Integer n = transactions.execute(status -> {
			jdbc.update("delete from term_index where release_id = ?", release);
			StringBuilder csv = new StringBuilder(entries.size() * 64);
			for (AlphabeticIndex.Entry e : entries) {
				csv.append(release).append(',').append(quoted(e.phrase())).append(',').append(quoted(e.nonessential()))
						.append(',').append(quoted(e.code())).append('\n');
			}
			copy("copy term_index (release_id, phrase, nonessential, code) from stdin (format csv)", csv.toString());
			return entries.size();
		});
		return n == null ? 0 : n;
	}

	int indexSize(long release) {
		Integer n = jdbc.queryForObject("select count(*) from term_index where release_id = ?", Integer.class, release);
		return n == null ? 0 : n;
	}

	List<AlphabeticIndex.Entry> index(long release) {
		return jdbc.query("select phrase, coalesce(nonessential, ''), code from term_index where release_id = ?",
				(rs, n) -> new AlphabeticIndex.Entry(rs.getString(1), rs.getString(2), rs.getString(3)), release);
	}

	/** Every concept of a release, headers too: what the code suggestions index. */
	List<Row> all(long release) {
		return jdbc.query("select code, selectable, display, short_display, parent from term_concept where release_id = ?"
				+ " order by code", (rs, n) -> row(rs), release);
	}

	List<Row> children(long release, String code) {
		return jdbc.query("select code, selectable, display, short_display, parent from term_concept where release_id = ? and"
				+ " parent = ? order by code", (rs, n) -> row(rs), release, code);
	}

	/**
	 * Concepts of a release matching every word of {@code words} (as word prefixes) or whose code
	 * starts with {@code codePrefix}, under {@code isa} when given; a page of them and the total.
	 */
	Page search(long release, @Nullable String isa, @Nullable String query, @Nullable String codePrefix, boolean selectableOnly,
			int offset, int count) {
		StringBuilder where = new StringBuilder("release_id = ?");
		List<Object> args = new java.util.ArrayList<>(List.of(release));
		if (isa != null) {
			where.append(" and (code = ? or code like ?)");
			args.add(isa);
			args.add(isa.replace("%", "").replace("_", "") + "%");
		}
		if (query != null || codePrefix != null) {
			where.append(" and (");
			if (query != null) {
				where.append("words @@ to_tsquery('simple', ?)");
				args.add(query);
			}
			if (codePrefix != null) {
				where.append(query != null ? " or " : "").append("code like ?");
				args.add(codePrefix + "%");
			}
			where.append(")");
		}
		if (selectableOnly) {
			where.append(" and selectable");
		}
		Integer total = jdbc.queryForObject("select count(*) from term_concept where " + where, Integer.class, args.toArray());
		List<Object> paged = new java.util.ArrayList<>(args);
		paged.add(count);
		paged.add(offset);
		List<Row> rows = jdbc.query("select code, selectable, display, short_display, parent from term_concept where " + where
				+ " order by code limit ? offset ?", (rs, n) -> row(rs), paged.toArray());
		return new Page(total == null ? 0 : total, rows);
	}

	record Page(int total, List<Row> rows) {}

	/** A map's entry for a source code, and the system it maps into. */
	record Translation(ConceptMaps.Entry entry, String targetSystem) {}

	List<Translation> translations(String source, String code, @Nullable String target) {
		return jdbc.query("select e.source_code, e.target_code, e.equivalence, e.scenario, e.choice, m.target_system"
				+ " from term_map_entry e join term_map m on m.map_id = e.map_id where m.source_system = ? and e.source_code = ?"
				+ " and (?::text is null or m.target_system = ?) order by e.scenario, e.choice, e.target_code",
				(rs, n) -> new Translation(new ConceptMaps.Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
						rs.getInt(5)), rs.getString(6)), source, code, target, target);
	}

	private static Row row(java.sql.ResultSet rs) throws SQLException {
		return new Row(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getString(5));
	}
}

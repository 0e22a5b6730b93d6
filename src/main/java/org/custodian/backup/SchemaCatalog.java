package org.custodian.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the application's schema holds, read from PostgreSQL's catalog so that a table or sequence
 * a later migration adds is backed up without anyone remembering to list it.
 *
 * <p>Left out: Flyway's history (a restore lets Flyway write its own while it migrates, so the two
 * cannot disagree) and unlogged tables (caches of search results, which PostgreSQL itself empties
 * after a crash). Generated columns are left out of a table's columns: PostgreSQL computes them.
 */
final class SchemaCatalog {

	static final String FLYWAY_HISTORY = "flyway_schema_history";

	private SchemaCatalog() {
	}

	/** The tables to back up, each with its columns in their order, by name. */
	static Map<String, List<String>> tables(Connection con) throws SQLException {
		Map<String, List<String>> tables = new LinkedHashMap<>();
		String sql = "select c.relname, a.attname from pg_class c join pg_attribute a on a.attrelid = c.oid"
				+ " where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and c.relpersistence = 'p'"
				+ " and c.relname <> ? and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''"
				+ " order by c.relname, a.attnum";
		try (PreparedStatement ps = con.prepareStatement(sql)) {
			ps.setString(1, FLYWAY_HISTORY);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					tables.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
				}
			}
		}
		return tables;
	}

	/** The schema's sequences, by name. */
	static List<String> sequences(Connection con) throws SQLException {
		return strings(con, "select relname from pg_class where relnamespace = current_schema()::regnamespace"
				+ " and relkind = 'S' order by relname");
	}

	/** Whether the schema holds any table at all: a database a restore may fill holds none. */
	static boolean hasTables(Connection con) throws SQLException {
		return !strings(con, "select relname from pg_class where relnamespace = current_schema()::regnamespace"
				+ " and relkind in ('r', 'p') limit 1").isEmpty();
	}

	/** The version of the newest migration applied, or null on a database Flyway has not touched. */
	static @Nullable String schemaVersion(Connection con) throws SQLException {
		if (!strings(con, "select relname from pg_class where relnamespace = current_schema()::regnamespace and relname = '"
				+ FLYWAY_HISTORY + "'").isEmpty()) {
			List<String> newest = strings(con, "select version from " + FLYWAY_HISTORY
					+ " where success and version is not null order by installed_rank desc limit 1");
			return newest.isEmpty() ? null : newest.get(0);
		}
		return null;
	}

	/** A foreign key: {@code table}'s constraint {@code name} refers to {@code references}. */
	record ForeignKey(String table, String name, String references) {}

	static List<ForeignKey> foreignKeys(Connection con) throws SQLException {
		List<ForeignKey> keys = new ArrayList<>();
		String sql = "select c.conrelid::regclass::text, c.conname, c.confrelid::regclass::text from pg_constraint c"
				+ " where c.contype = 'f' and c.connamespace = current_schema()::regnamespace order by 1, 2";
		try (PreparedStatement ps = con.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
			while (rs.next()) {
				keys.add(new ForeignKey(unquoted(rs.getString(1)), rs.getString(2), unquoted(rs.getString(3))));
			}
		}
		return keys;
	}

	/** An identifier quoted for SQL: the names come from the catalog, never from a user. */
	static String quoted(String name) {
		return "\"" + name.replace("\"", "\"\"") + "\"";
	}

	private static String unquoted(String regclass) {
		return regclass.startsWith("\"") ? regclass.substring(1, regclass.length() - 1).replace("\"\"", "\"") : regclass;
	}

	private static List<String> strings(Connection con, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (PreparedStatement ps = con.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
			while (rs.next()) {
				values.add(rs.getString(1));
			}
		}
		return values;
	}
}

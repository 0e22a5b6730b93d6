package org.custodian.claims;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The NCCI tables as CMS publishes them each quarter, loaded by the hospital (CMS asks each user to
 * accept the AMA's CPT licence, so they are not shipped): the procedure-to-procedure file (tab
 * separated: column 1, column 2, the pre-1996 mark, effective date, deletion date or "*", modifier
 * indicator, rationale; a few header lines) and the medically unlikely edits file (CSV: code, units,
 * adjudication indicator, rationale, after a copyright preamble). The claim scrubber asks them about a
 * claim's lines.
 */
@Repository
public class NcciTables {

	/** A pair's edit in force: whether a modifier may let both through, and why the pair is edited. */
	public record Pair(String column1, String column2, char modifier, @Nullable String rationale) {}

	/** The most units of a code on one date of service. */
	public record Limit(String code, int units, @Nullable String indicator) {}

	private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

	private final JdbcTemplate jdbc;
	private final TransactionTemplate transactions;
	private final Clock clock;

	NcciTables(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** Loads a PTP file as release {@code version}; answers the pairs loaded (0 when that version was loaded before). */
	public int loadPairs(Path file, String version, String by) {
		List<Object[]> rows = new ArrayList<>();
		try {
			for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
				String[] f = line.split("\t", -1);
				if (f.length < 6 || !f[0].trim().matches("[0-9A-Z]{5}") || !f[3].trim().matches("\\d{8}")) {
					continue; // the header lines
				}
				String deletion = f[4].trim();
				rows.add(new Object[] {f[0].trim(), f[1].trim(), Date.valueOf(LocalDate.parse(f[3].trim(), YYYYMMDD)),
						deletion.matches("\\d{8}") ? Date.valueOf(LocalDate.parse(deletion, YYYYMMDD)) : null, f[5].trim(),
						f.length > 6 ? f[6].trim() : null});
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read " + file, e);
		}
		return load("ptp", version, by, rows, "insert into ncci_ptp (release_id, column1, column2, effective, deleted, modifier,"
				+ " rationale) values (?, ?, ?, ?, ?, ?, ?)", file);
	}

	/** Loads an MUE file as release {@code version}; answers the codes loaded (0 when that version was loaded before). */
	public int loadLimits(Path file, String version, String by) {
		List<Object[]> rows = new ArrayList<>();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
			for (CSVRecord r : CSVFormat.DEFAULT.parse(in)) {
				if (r.size() >= 2 && r.get(0).trim().matches("[0-9A-Z]{5}") && r.get(1).trim().matches("\\d+")) {
					rows.add(new Object[] {r.get(0).trim(), Integer.parseInt(r.get(1).trim()), r.size() > 2 ? r.get(2).trim() : null,
							r.size() > 3 ? r.get(3).trim() : null});
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read " + file, e);
		}
		return load("mue", version, by, rows, "insert into ncci_mue (release_id, code, units, indicator, rationale) values (?,"
				+ " ?, ?, ?, ?) on conflict do nothing", file);
	}

	private int load(String kind, String version, String by, List<Object[]> rows, String insert, Path file) {
		if (rows.isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, file + " holds no NCCI " + kind + " rows");
		}
		Integer loaded = transactions.execute(status -> {
			List<Long> ids = jdbc.query("insert into ncci_release (kind, version, loaded_at, loaded_by, rows_loaded) values (?, ?,"
					+ " ?, ?, ?) on conflict do nothing returning release_id", (rs, n) -> rs.getLong(1), kind, version,
					Timestamp.from(clock.instant()), by, rows.size());
			if (ids.isEmpty()) {
				return 0;
			}
			List<Object[]> withRelease = rows.stream().map(r -> {
				Object[] out = new Object[r.length + 1];
				out[0] = ids.get(0);
				System.arraycopy(r, 0, out, 1, r.length);
				return out;
			}).toList();
			jdbc.batchUpdate(insert, withRelease);
			return rows.size();
		});
		return loaded == null ? 0 : loaded;
	}

	/** Whether a table of this kind has been loaded. */
	public boolean loaded(String kind) {
		return latest(kind).isPresent();
	}

	/** The PTP edit in force on {@code date} for the two codes, in either order. */
	public Optional<Pair> pair(String a, String b, LocalDate date) {
		return latest("ptp").flatMap(release -> jdbc.query("select column1, column2, modifier, rationale from ncci_ptp where"
				+ " release_id = ? and ((column1 = ? and column2 = ?) or (column1 = ? and column2 = ?)) and effective <= ? and"
				+ " (deleted is null or deleted >= ?) limit 1", (rs, n) -> new Pair(rs.getString(1), rs.getString(2),
						rs.getString(3).charAt(0), rs.getString(4)), release, a, b, b, a, Date.valueOf(date), Date.valueOf(date))
				.stream().findFirst());
	}

	public Optional<Limit> limit(String code) {
		return latest("mue").flatMap(release -> jdbc.query("select code, units, indicator from ncci_mue where release_id = ? and"
				+ " code = ?", (rs, n) -> new Limit(rs.getString(1), rs.getInt(2), rs.getString(3)), release, code).stream()
				.findFirst());
	}

	private Optional<Long> latest(String kind) {
		return jdbc.queryForList("select release_id from ncci_release where kind = ? order by loaded_at desc, release_id desc"
				+ " limit 1", Long.class, kind).stream().findFirst();
	}
}

package org.custodian.backup;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * What a backup holds ({@code manifest.json}, written last): when it was taken, the schema version
 * its tables have, and for every file its SHA-256, so a restore refuses a damaged backup before it
 * changes anything.
 *
 * @param takenAt       when the database's snapshot was taken
 * @param schemaVersion the version of the newest migration the database had
 * @param tables        one file per table, in no particular order
 * @param sequences     every sequence's position, read after the snapshot (so never behind a value used in it)
 * @param keys          the files of the data directory's {@code keys/} (all but the master keys)
 * @param masterKeys    the ids of the master keys the backup's data keys are wrapped with: a restore
 *                      needs them, from where they are kept apart from backups
 */
public record Manifest(Instant takenAt, String schemaVersion, List<TableFile> tables, List<SequenceValue> sequences,
		List<KeyFile> keys, List<String> masterKeys) {

	public Manifest(Instant takenAt, String schemaVersion, List<TableFile> tables, List<SequenceValue> sequences,
			List<KeyFile> keys) {
		this(takenAt, schemaVersion, tables, sequences, keys, List.of());
	}

	public Manifest {
		Objects.requireNonNull(takenAt, "takenAt");
		Objects.requireNonNull(schemaVersion, "schemaVersion");
		if (!schemaVersion.matches("[0-9]+(\\.[0-9]+)*")) {
			throw new IllegalArgumentException("not a schema version: " + schemaVersion);
		}
	}

	static final String FILE = "manifest.json";
	static final String FORMAT = "custodian-backup";
	static final long FORMAT_VERSION = 1;

	/** A table's rows as PostgreSQL's binary COPY format, gzip-compressed, in the columns listed. */
	public record TableFile(String table, String file, List<String> columns, long rows, String sha256) {
		public TableFile {
			Objects.requireNonNull(table, "table");
			Objects.requireNonNull(file, "file");
			Objects.requireNonNull(columns, "columns");
			Objects.requireNonNull(sha256, "sha256");
		}
	}

	/** A sequence's {@code last_value} and {@code is_called}, as {@code setval} takes them. */
	public record SequenceValue(String sequence, long lastValue, boolean called) {
		public SequenceValue {
			Objects.requireNonNull(sequence, "sequence");
		}
	}

	/** A copy of one file of the data directory's {@code keys/}. */
	public record KeyFile(String file, String sha256) {
		public KeyFile {
			Objects.requireNonNull(file, "file");
			Objects.requireNonNull(sha256, "sha256");
		}
	}

	public long rowsOf(String table) {
		return tables.stream().filter(t -> t.table().equals(table)).mapToLong(TableFile::rows).sum();
	}

	String toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("format", FORMAT);
		json.put("formatVersion", FORMAT_VERSION);
		json.put("takenAt", takenAt.toString());
		json.put("schemaVersion", schemaVersion);
		json.put("tables", tables.stream().map(t -> Map.of("table", t.table(), "file", t.file(), "columns", t.columns(),
				"rows", t.rows(), "sha256", t.sha256())).toList());
		json.put("sequences", sequences.stream().map(s -> Map.of("sequence", s.sequence(), "lastValue", s.lastValue(),
				"called", s.called())).toList());
		json.put("keys", keys.stream().map(k -> Map.of("file", k.file(), "sha256", k.sha256())).toList());
		json.put("masterKeys", masterKeys);
		return JSONObjectUtils.toJSONString(json);
	}

	static Manifest parse(String text) {
		try {
			Map<String, Object> json = JSONObjectUtils.parse(text);
			if (!FORMAT.equals(json.get("format"))) {
				throw new BackupFailure("manifest.json is not a Custodian backup's manifest");
			}
			long version = JSONObjectUtils.getLong(json, "formatVersion");
			if (version != FORMAT_VERSION) {
				throw new BackupFailure("The backup's format version is " + version + "; this Custodian reads version "
						+ FORMAT_VERSION);
			}
			List<TableFile> tables = new ArrayList<>();
			for (Map<String, Object> t : JSONObjectUtils.getJSONObjectArray(json, "tables")) {
				tables.add(new TableFile(JSONObjectUtils.getString(t, "table"), JSONObjectUtils.getString(t, "file"),
						JSONObjectUtils.getStringList(t, "columns"), JSONObjectUtils.getLong(t, "rows"),
						JSONObjectUtils.getString(t, "sha256")));
			}
			List<SequenceValue> sequences = new ArrayList<>();
			for (Map<String, Object> s : JSONObjectUtils.getJSONObjectArray(json, "sequences")) {
				sequences.add(new SequenceValue(JSONObjectUtils.getString(s, "sequence"), JSONObjectUtils.getLong(s, "lastValue"),
						JSONObjectUtils.getBoolean(s, "called")));
			}
			List<KeyFile> keys = new ArrayList<>();
			for (Map<String, Object> k : JSONObjectUtils.getJSONObjectArray(json, "keys")) {
				keys.add(new KeyFile(JSONObjectUtils.getString(k, "file"), JSONObjectUtils.getString(k, "sha256")));
			}
			// Absent from backups taken before encryption at rest: none needed.
			List<String> masterKeys = json.containsKey("masterKeys") ? JSONObjectUtils.getStringList(json, "masterKeys")
					: List.of();
			return new Manifest(Instant.parse(JSONObjectUtils.getString(json, "takenAt")),
					JSONObjectUtils.getString(json, "schemaVersion"), tables, sequences, keys, masterKeys);
		} catch (ParseException | RuntimeException e) {
			if (e instanceof BackupFailure failure) {
				throw failure;
			}
			throw new BackupFailure("manifest.json cannot be read (" + e.getMessage() + "): the backup is damaged");
		}
	}
}

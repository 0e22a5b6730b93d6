package org.custodian.disclosure;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.custodian.access.AccessContext;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.record.StoredVersion;
import org.custodian.search.Everything;
import org.custodian.search.SearchPage;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * Electronic health information export (ONC 170.315(b)(10)): one patient's, or the whole population's,
 * as FHIR R4 resources in NDJSON, one file per resource type, with a manifest ({@code docs/ehi-export.md}
 * documents the format). Read through the gate with the caller's access, and recorded in the audit
 * trail as one export naming the patient (or the counts, for the population).
 */
@Service
public class EhiExport {

	/** What an export wrote: resources per type. */
	public record Written(Map<String, Integer> counts) {
		public int total() {
			return counts.values().stream().mapToInt(Integer::intValue).sum();
		}
	}

	static final int PAGE = 1000;

	private final SearchService search;
	private final SearchRequestParser parser;
	private final FhirContext ctx;
	private final AuditTrail trail;
	private final AuditRecords records;
	private final Clock clock;

	EhiExport(SearchService search, FhirContext ctx, AuditTrail trail, Clock clock) {
		this.search = search;
		this.parser = new SearchRequestParser(ctx, PAGE, PAGE);
		this.ctx = ctx;
		this.trail = trail;
		this.records = new AuditRecords(ctx);
		this.clock = clock;
	}

	/** Writes {@code patient}'s EHI (null: everyone's) into {@code dir}, which must be empty or absent. */
	public Written export(AccessContext access, Path dir, @Nullable String patient) {
		try {
			Files.createDirectories(dir);
			try (var entries = Files.list(dir)) {
				if (entries.findAny().isPresent()) {
					throw new IllegalArgumentException(dir + " is not empty: export into an empty folder");
				}
			}
			Map<String, Integer> counts = new TreeMap<>();
			Map<String, BufferedWriter> files = new LinkedHashMap<>();
			IParser json = ctx.newJsonParser().setPrettyPrint(false);
			try {
				if (patient != null) {
					SearchPage all = search.everything(access, new Everything("Patient", patient, List.of(), null), Integer.MAX_VALUE);
					for (StoredVersion v : all.resources()) {
						write(files, counts, dir, json, v);
					}
				} else {
					for (String type : ctx.getResourceTypes().stream().sorted().toList()) {
						for (int offset = 0;; offset += PAGE) {
							Map<String, String[]> params = new LinkedHashMap<>();
							params.put("_sort", new String[] {"_id"});
							params.put("_count", new String[] {Integer.toString(PAGE)});
							params.put("_offset", new String[] {Integer.toString(offset)});
							SearchPage page = search.firstMatches(access, parser.parse(type, params, true));
							for (StoredVersion v : page.resources()) {
								write(files, counts, dir, json, v);
							}
							if (!page.hasMore()) {
								break;
							}
						}
					}
				}
			} finally {
				for (BufferedWriter w : files.values()) {
					w.close();
				}
			}
			Files.writeString(dir.resolve("manifest.json"), manifest(counts, patient), StandardCharsets.UTF_8);
			AuditRecords.Touched touched = new AuditRecords.Touched();
			if (patient != null) {
				touched.patient("Patient/" + patient);
			}
			trail.record(records.of(access, "rest", 'E', "ehi-export", AuditRecord.SUCCESS, touched, null,
					(patient == null ? "population" : "one patient") + ": " + counts.values().stream().mapToInt(i -> i).sum()
							+ " resources of " + counts.size() + " types"));
			return new Written(counts);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void write(Map<String, BufferedWriter> files, Map<String, Integer> counts, Path dir, IParser json,
			StoredVersion v) throws IOException {
		BufferedWriter w = files.get(v.type());
		if (w == null) {
			w = Files.newBufferedWriter(dir.resolve(v.type() + ".ndjson"), StandardCharsets.UTF_8);
			files.put(v.type(), w);
		}
		w.write(json.encodeResourceToString(v.resource()));
		w.newLine();
		counts.merge(v.type(), 1, Integer::sum);
	}

	private String manifest(Map<String, Integer> counts, @Nullable String patient) {
		StringBuilder b = new StringBuilder("{\n  \"format\": \"FHIR R4 resources, NDJSON, one file per resource type;"
				+ " see docs/ehi-export.md\",\n  \"fhirVersion\": \"4.0.1\",\n  \"exportedAt\": \"" + clock.instant() + "\",\n");
		b.append("  \"scope\": ").append(patient == null ? "\"population\"" : "\"Patient/" + patient + "\"").append(",\n");
		b.append("  \"files\": [");
		int i = 0;
		for (Map.Entry<String, Integer> e : counts.entrySet()) {
			b.append(i++ == 0 ? "\n" : ",\n").append("    {\"type\": \"").append(e.getKey()).append("\", \"file\": \"")
					.append(e.getKey()).append(".ndjson\", \"count\": ").append(e.getValue()).append('}');
		}
		return b.append("\n  ]\n}\n").toString();
	}
}

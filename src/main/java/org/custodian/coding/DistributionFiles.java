package org.custodian.coding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;

/**
 * Releases read from the distribution files their publishers ship, for the code sets a hospital
 * licenses itself or updates between Custodian's releases: an ICD-10-CM order file (the April
 * update), HCPCS Level II (CSV with code and descriptions), LOINC ({@code Loinc.csv}), SNOMED CT
 * (an RF2 snapshot folder: concepts, English descriptions, is-a relationships), RxNorm
 * ({@code RXNCONSO.RRF}) and CPT (the AMA's tab-separated code and descriptor files).
 */
public final class DistributionFiles {

	/** The formats {@link #read} understands. */
	public static final List<String> FORMATS = List.of("icd10cm-order", "hcpcs-csv", "loinc-csv", "snomed-rf2", "rxnorm-rrf",
			"cpt-tab");

	private static final String FSN = "900000000000003001";
	private static final String IS_A = "116680003";
	/** RxNorm term types that name a drug as prescribed, the preferred display first. */
	private static final List<String> RXNORM_TTYS = List.of("SCD", "SBD", "GPCK", "BPCK", "SCDC", "SBDC", "SCDF", "SBDF",
			"IN", "PIN", "MIN", "BN", "DF");

	private DistributionFiles() {}

	public static Release read(String format, Path path, String system, String version, LocalDate effective) {
		String source = format + " " + path.getFileName();
		try {
			return switch (format) {
				case "icd10cm-order" -> {
					try (InputStream in = Files.newInputStream(path)) {
						yield Icd10cmFiles.order(in, version, effective, source);
					}
				}
				case "hcpcs-csv" -> csv(path, system, version, effective, source, "code", "long_description", "short_description",
						null);
				case "loinc-csv" -> csv(path, system, version, effective, source, "LOINC_NUM", "LONG_COMMON_NAME", "SHORTNAME",
						"STATUS");
				case "snomed-rf2" -> snomed(path, version, effective, source);
				case "rxnorm-rrf" -> rxnorm(path, version, effective, source);
				case "cpt-tab" -> cpt(path, version, effective, source);
				default -> throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "Unknown format " + format
						+ "; one of " + String.join(", ", FORMATS));
			};
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read " + path, e);
		} catch (IllegalArgumentException | IndexOutOfBoundsException e) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, path + " is not a " + format + " file: "
					+ e.getMessage());
		}
	}

	/** A CSV with a header: code, display and short display columns; a status column whose DEPRECATED means not selectable. */
	private static Release csv(Path path, String system, String version, LocalDate effective, String source, String code,
			String display, String shortDisplay, String status) throws IOException {
		Map<String, Release.Concept> concepts = new LinkedHashMap<>();
		try (InputStream in = Files.newInputStream(path)) {
			for (var r : Icd10cmFiles.csv(in)) {
				String c = r.get(code).trim();
				if (c.isEmpty()) {
					continue;
				}
				boolean selectable = status == null || !"DEPRECATED".equalsIgnoreCase(r.get(status).trim());
				String shortText = r.isMapped(shortDisplay) ? r.get(shortDisplay).trim() : null;
				concepts.put(c, new Release.Concept(c, selectable, r.get(display).trim(), shortText == null || shortText.isEmpty()
						? null : shortText, null));
			}
		}
		if (concepts.isEmpty()) {
			throw new IllegalArgumentException("no rows with a " + code + " column");
		}
		return new Release(system, version, effective, source, concepts);
	}

	/** SNOMED CT RF2 snapshot: active concepts, their fully specified names, and the first is-a parent of each. */
	private static Release snomed(Path dir, String version, LocalDate effective, String source) throws IOException {
		Path concepts = find(dir, "sct2_Concept_Snapshot");
		Path descriptions = find(dir, "sct2_Description_Snapshot");
		Path relationships = find(dir, "sct2_Relationship_Snapshot");
		Map<String, Boolean> active = new LinkedHashMap<>();
		rows(concepts, '\t', f -> {
			if (!f[0].equals("id")) { // the header
				active.put(f[0], "1".equals(f[2]));
			}
		});
		Map<String, String> names = new HashMap<>();
		rows(descriptions, '\t', f -> {
			if ("1".equals(f[2]) && FSN.equals(f[6])) {
				names.put(f[4], f[7]);
			}
		});
		Map<String, String> parents = new HashMap<>();
		rows(relationships, '\t', f -> {
			if ("1".equals(f[2]) && IS_A.equals(f[7])) {
				parents.putIfAbsent(f[4], f[5]);
			}
		});
		Map<String, Release.Concept> out = new LinkedHashMap<>();
		active.forEach((id, isActive) -> out.put(id, new Release.Concept(id, isActive, names.getOrDefault(id, id), null,
				parents.get(id))));
		return new Release(CodeSystems.SNOMED, version, effective, source, out);
	}

	/** RxNorm: each RXCUI of source RXNORM by its preferred term type; suppressed concepts are not selectable. */
	private static Release rxnorm(Path file, String version, LocalDate effective, String source) throws IOException {
		Map<String, String[]> best = new LinkedHashMap<>();
		rows(file, '|', f -> {
			if (!"RXNORM".equals(f[11]) || !RXNORM_TTYS.contains(f[12])) {
				return;
			}
			String[] seen = best.get(f[0]);
			if (seen == null || RXNORM_TTYS.indexOf(f[12]) < RXNORM_TTYS.indexOf(seen[12])) {
				best.put(f[0], f);
			}
		});
		Map<String, Release.Concept> out = new LinkedHashMap<>();
		best.forEach((cui, f) -> out.put(cui, new Release.Concept(cui, "N".equals(f[16]), f[14], f[12], null)));
		return new Release(CodeSystems.RXNORM, version, effective, source, out);
	}

	/** CPT: lines of code, a tab and the descriptor (the AMA's LONGULT/MEDU/SHORTU files). */
	private static Release cpt(Path file, String version, LocalDate effective, String source) throws IOException {
		Map<String, Release.Concept> out = new LinkedHashMap<>();
		rows(file, '\t', f -> {
			if (f.length >= 2 && f[0].trim().matches("[0-9A-Z]{5}")) {
				out.put(f[0].trim(), new Release.Concept(f[0].trim(), true, f[1].trim(), null, null));
			}
		});
		return new Release(CodeSystems.CPT, version, effective, source, out);
	}

	private static Path find(Path dir, String prefix) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow(() ->
					new IllegalArgumentException("no " + prefix + "* file under " + dir));
		}
	}

	private static void rows(Path file, char separator, java.util.function.Consumer<String[]> row) throws IOException {
		try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line = in.readLine(); // RF2 and RRF: SNOMED's files have a header, RRF none; a header never matches
			while (line != null) {
				if (!line.isEmpty()) {
					row.accept(line.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1));
				}
				line = in.readLine();
			}
		}
	}
}

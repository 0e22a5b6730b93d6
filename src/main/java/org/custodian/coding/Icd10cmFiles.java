package org.custodian.coding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The CMS/CDC ICD-10-CM distribution files: the order file (fixed width: order number, code without
 * its dot, 1 for a valid code or 0 for a header, a 60-character short title, the long title), the
 * order-file addenda between two fiscal years ("Add:", "Delete:", "Revise from:", "Revise to:"), and
 * a year's changes as CSV (added, deleted, revised, billable-status changes). From them: a release
 * read whole, the release before it (its addenda undone), and the release after it (its changes
 * applied).
 */
public final class Icd10cmFiles {

	private Icd10cmFiles() {}

	/** A release from an order file (gzipped or not). */
	public static Release order(InputStream in, String version, LocalDate effective, String source) {
		Map<String, Release.Concept> concepts = new LinkedHashMap<>();
		for (String line : lines(in)) {
			if (line.length() < 17 || line.isBlank()) {
				continue;
			}
			Release.Concept c = concept(line.substring(6, 13), line.charAt(14), line.substring(16, Math.min(76, line.length())),
					line.length() > 77 ? line.substring(77) : "");
			concepts.put(c.code(), c);
		}
		return new Release(CodeSystems.ICD10CM, version, effective, source, concepts).withPrefixParents();
	}

	/**
	 * The release the addenda led from: every "Add:" removed, every "Delete:" restored, every revision
	 * taken back to its "Revise from:" titles. A code whose flag changed appears deleted and added.
	 */
	public static Release before(Release after, InputStream addenda, String version, LocalDate effective, String source) {
		Map<String, Release.Concept> concepts = new LinkedHashMap<>();
		after.concepts().forEach(c -> concepts.put(c.code(), c));
		List<Release.Concept> deleted = new ArrayList<>();
		List<Release.Concept> revisedFrom = new ArrayList<>();
		for (String line : lines(addenda)) {
			if (line.length() < 24) {
				continue;
			}
			String action = line.substring(0, 13).trim();
			if (!action.endsWith(":")) {
				continue;
			}
			Release.Concept c = concept(line.substring(15, 22), line.charAt(13), line.substring(23, Math.min(83, line.length())),
					line.length() > 84 ? line.substring(84) : "");
			switch (action) {
				case "Add:" -> concepts.remove(c.code());
				case "Delete:" -> deleted.add(c);
				case "Revise from:" -> revisedFrom.add(c);
				default -> { /* "Revise to:" is the later title, which the later release has */ }
			}
		}
		deleted.forEach(c -> concepts.put(c.code(), c));
		revisedFrom.forEach(c -> concepts.put(c.code(), c));
		return new Release(CodeSystems.ICD10CM, version, effective, source, sorted(concepts)).withPrefixParents();
	}

	/** The release a year's changes lead to: deletions, then additions, revised titles and codes become headers. */
	public static Release after(Release before, InputStream added, InputStream deleted, InputStream revised,
			InputStream billableChanges, String version, LocalDate effective, String source) {
		Map<String, Release.Concept> concepts = new LinkedHashMap<>();
		before.concepts().forEach(c -> concepts.put(c.code(), c));
		for (CSVRecord r : csv(deleted)) {
			concepts.remove(r.get("code"));
		}
		for (CSVRecord r : csv(added)) {
			concepts.put(r.get("code"), new Release.Concept(r.get("code"), Boolean.parseBoolean(r.get("billable")),
					r.get("longTitle"), r.get("shortTitle"), null));
		}
		for (CSVRecord r : csv(revised)) {
			Release.Concept c = concepts.get(r.get("code"));
			if (c != null) {
				concepts.put(c.code(), new Release.Concept(c.code(), c.selectable(), r.get("newLongTitle"), r.get("newShortTitle"),
						null));
			}
		}
		for (CSVRecord r : csv(billableChanges)) {
			Release.Concept c = concepts.get(r.get("code"));
			if (c != null) {
				concepts.put(c.code(), new Release.Concept(c.code(), Boolean.parseBoolean(r.get("newBillable")), c.display(),
						c.shortDisplay(), null));
			}
		}
		return new Release(CodeSystems.ICD10CM, version, effective, source, sorted(concepts)).withPrefixParents();
	}

	private static Release.Concept concept(String code, char flag, String shortTitle, String longTitle) {
		String s = shortTitle.trim();
		String l = longTitle.trim();
		return new Release.Concept(code.trim(), flag == '1', l.isEmpty() ? s : l, s, null);
	}

	/** In code order, as the order file has them (a restored or added code takes its place). */
	private static Map<String, Release.Concept> sorted(Map<String, Release.Concept> concepts) {
		Map<String, Release.Concept> out = new LinkedHashMap<>();
		concepts.keySet().stream().sorted().forEach(k -> out.put(k, concepts.get(k)));
		return out;
	}

	static List<String> lines(InputStream raw) {
		try (BufferedReader r = new BufferedReader(new InputStreamReader(gunzipped(raw), StandardCharsets.UTF_8))) {
			return r.lines().toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static List<CSVRecord> csv(InputStream raw) {
		try (var reader = new InputStreamReader(gunzipped(raw), StandardCharsets.UTF_8)) {
			return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The stream, unzipped when it is gzip (by its magic number). */
	static InputStream gunzipped(InputStream raw) throws IOException {
		InputStream in = raw.markSupported() ? raw : new java.io.BufferedInputStream(raw);
		in.mark(2);
		int a = in.read();
		int b = in.read();
		in.reset();
		return a == 0x1f && b == 0x8b ? new GZIPInputStream(in, 65536) : in;
	}
}

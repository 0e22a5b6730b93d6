package org.custodian.coding;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Measures the code suggestions against the coded MTSamples notes (src/test/resources/coding,
 * coded by a certified coder's rules; see its README): recall@5 (the share of the coder's codes
 * found among the top five current suggestions), top-1 precision (the share of notes whose first
 * suggestion is one of the coder's codes), and the time per note. Notes with an even id are the
 * development half (what the suggestions were tuned on), odd ids the held-out half.
 *
 * <pre>java -cp ... org.custodian.coding.SuggestionAccuracy [NOTES.csv.gz] [--misses] [--index icd10cm_index_2026.xml]</pre>
 */
public final class SuggestionAccuracy {

	record Coded(String id, String specialty, List<String> codes) {}

	record Score(int notes, int gold, int found, int topRight, double recallPerNote) {

		String line(String name) {
			return String.format("%s: %d notes, %d codes; recall@5 %.3f (per note %.3f), top-1 precision %.3f", name, notes, gold,
					(double) found / gold, recallPerNote / notes, (double) topRight / notes);
		}
	}

	public static void main(String[] args) throws IOException {
		Path notesFile = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0]
				: "../shared/corpora/clinical-notes/mtsamples/mtsamples-shared.csv.gz");
		boolean misses = List.of(args).contains("--misses");
		Map<String, String> texts = new HashMap<>();
		try (Reader in = new InputStreamReader(new GZIPInputStream(Files.newInputStream(notesFile)), StandardCharsets.UTF_8)) {
			for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
				texts.put(r.get("note_id"), r.get("transcription"));
			}
		}
		List<Coded> coded = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of("src/test/resources/coding/mtsamples-coded.tsv"))) {
			String[] f = line.split("\t");
			if (!f[0].equals("note_id")) {
				coded.add(new Coded(f[0], f[1], List.of(f[2].trim().split("\\s+"))));
			}
		}
		Release fy2026 = ShippedCodeSets.icd10cm().get(1);
		long built = System.nanoTime();
		// With CDC's Alphabetic Index at hand: --index icd10cm_index_2026.xml
		int at = List.of(args).indexOf("--index");
		CodeSuggestions suggestions = at >= 0 ? CodeSuggestions.of(fy2026, AlphabeticIndex.read(Path.of(args[at + 1])))
				: CodeSuggestions.of(fy2026);
		System.out.printf("index of %d codes built in %d ms%n", fy2026.selectable(), (System.nanoTime() - built) / 1_000_000);
		for (int warm = 0; warm < 3; warm++) {
			coded.forEach(c -> suggestions.suggest(texts.get(c.id())));
		}
		Map<Boolean, int[]> totals = new HashMap<>();
		Map<Boolean, double[]> perNote = new HashMap<>();
		List<Long> times = new ArrayList<>();
		long[] anywhere = new long[2];
		for (Coded c : coded) {
			String text = texts.get(c.id());
			long start = System.nanoTime();
			List<CodeSuggestions.Suggestion> ranked = suggestions.suggest(text).stream()
					.filter(s -> s.status() == ClinicalContext.Status.CURRENT).toList();
			times.add(System.nanoTime() - start);
			List<String> top5 = ranked.stream().limit(5).map(s -> CodeSystems.written(CodeSystems.ICD10CM, s.code())).toList();
			int found = (int) c.codes().stream().filter(top5::contains).count();
			List<String> all = ranked.stream().map(s -> CodeSystems.written(CodeSystems.ICD10CM, s.code())).toList();
			anywhere[0] += c.codes().stream().filter(all::contains).count();
			anywhere[1] += c.codes().stream().filter(all.subList(0, Math.min(20, all.size()))::contains).count();
			boolean topRight = !top5.isEmpty() && c.codes().contains(top5.get(0));
			boolean dev = Integer.parseInt(c.id()) % 2 == 0;
			int[] t = totals.computeIfAbsent(dev, k -> new int[4]);
			t[0]++;
			t[1] += c.codes().size();
			t[2] += found;
			t[3] += topRight ? 1 : 0;
			perNote.computeIfAbsent(dev, k -> new double[1])[0] += (double) found / Math.min(5, c.codes().size());
			if (misses && dev && found < c.codes().size()) {
				System.out.println(c.id() + " " + c.specialty() + " gold " + c.codes() + " top5 " + top5);
			}
		}
		for (boolean dev : new boolean[] {true, false}) {
			int[] t = totals.get(dev);
			System.out.println(new Score(t[0], t[1], t[2], t[3], perNote.get(dev)[0]).line(dev ? "development (even ids)"
					: "held out (odd ids)"));
		}
		int[] a = totals.get(true);
		int[] b = totals.get(false);
		System.out.println(new Score(a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], perNote.get(true)[0]
				+ perNote.get(false)[0]).line("all"));
		System.out.printf("(found anywhere among current suggestions: %d of %d codes; in the top 20: %d)%n", anywhere[0],
				a[1] + b[1], anywhere[1]);
		times.sort(null);
		System.out.printf("time per note: median %.1f ms, p95 %.1f ms, longest %.1f ms%n", times.get(times.size() / 2) / 1e6,
				times.get((int) (times.size() * 0.95)) / 1e6, times.get(times.size() - 1) / 1e6);
	}
}

package org.custodian.coding;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.custodian.access.AccessContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The case mix of the encounters finally coded in a period, as HIM and finance read it: how many of
 * each class, how severe the inpatient stays were by their secondary diagnoses (the share with an MCC
 * or a CC, the "CC/MCC capture rate" that documentation improvement watches), month by month, and
 * which principal diagnoses and ICD-10-CM chapters they were for. Read from the signed final codings
 * alone (codes, class, whether the patient died), so no record is read again; the caller records the
 * aggregate read.
 *
 * <p>Not here: the MS-DRG itself and a case-mix index, which need the CMS grouper's logic and the
 * year's relative weights, neither of which is published as data we can ship (see ARCHITECTURE.md).
 */
@Service
public class CaseMix {

	/** The classes MS-DRG groups: an inpatient stay. */
	static final Set<String> INPATIENT = Set.of("IMP", "ACUTE", "NONAC");

	private static final Map<String, String> CLASS_NAMES = Map.of("IMP", "inpatient", "ACUTE", "inpatient acute", "NONAC",
			"inpatient non-acute", "AMB", "ambulatory", "EMER", "emergency", "OBSENC", "observation", "SS", "short stay", "HH",
			"home health", "VR", "virtual", "PRENC", "pre-admission");

	/** Encounters of one kind and how severe they were. */
	public record Mix(String label, int encounters, int mcc, int cc, int neither) {
		/** The share with an MCC or a CC. */
		public double captureRate() {
			return encounters == 0 ? 0 : (mcc + cc) / (double) encounters;
		}
	}

	/** A principal diagnosis (or chapter) and how many encounters it was first-listed for. */
	public record Principal(String code, String title, int encounters) {}

	/** The report for a period. */
	public record Report(LocalDate from, LocalDate to, int encounters, List<Mix> byClass, Mix inpatient, List<Mix> inpatientByMonth,
			List<Principal> chapters, List<Principal> topPrincipals, String severityLists) {}

	private record Coded(String encounterClass, List<String> codes, boolean expired, LocalDate dateOfService) {}

	private final JdbcTemplate jdbc;
	private final Terminology terminology;

	CaseMix(JdbcTemplate jdbc, Terminology terminology) {
		this.jdbc = jdbc;
		this.terminology = terminology;
	}

	/** The case mix of the encounters whose date of service falls in [from, to], by their standing final coding. */
	public Report report(AccessContext access, LocalDate from, LocalDate to, int top) {
		EncounterCoding.requireCoder(access, "coding-case-mix");
		// Each encounter's standing coding first, then its date: a correction that moved the date takes it out of the period.
		List<Coded> coded = jdbc.query("select encounter_class, codes, expired, date_of_service from (select distinct on"
				+ " (encounter) encounter_class, codes, expired, date_of_service from coding_final order by encounter, signed_at desc,"
				+ " final_id desc) standing where date_of_service between ? and ?",
				(rs, n) -> new Coded(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()), rs.getBoolean(3), rs.getDate(4)
						.toLocalDate()), java.sql.Date.valueOf(from), java.sql.Date.valueOf(to));
		DrgSeverity lists = DrgSeverity.shipped();
		Map<String, int[]> byClass = new TreeMap<>();
		Map<YearMonth, int[]> byMonth = new TreeMap<>();
		Map<String, Integer> principals = new LinkedHashMap<>();
		Map<Integer, Integer> chapters = new TreeMap<>();
		int[] inpatient = new int[4];
		for (Coded c : coded) {
			String principal = c.codes().get(0);
			DrgSeverity.Level level = lists.grade(principal, c.codes().subList(1, c.codes().size()), c.expired()).level();
			String label = c.encounterClass() == null ? "not recorded" : CLASS_NAMES.getOrDefault(c.encounterClass(), c
					.encounterClass());
			count(byClass.computeIfAbsent(label, k -> new int[4]), level);
			if (c.encounterClass() != null && INPATIENT.contains(c.encounterClass())) {
				count(inpatient, level);
				count(byMonth.computeIfAbsent(YearMonth.from(c.dateOfService()), k -> new int[4]), level);
			}
			principals.merge(principal, 1, Integer::sum);
			chapters.merge(Chapters.of(principal), 1, Integer::sum);
		}
		List<Mix> classes = new ArrayList<>();
		byClass.forEach((k, v) -> classes.add(mix(k, v)));
		classes.sort(Comparator.comparingInt(Mix::encounters).reversed());
		List<Mix> months = new ArrayList<>();
		byMonth.forEach((k, v) -> months.add(mix(k.toString(), v)));
		List<Principal> chapterRows = new ArrayList<>();
		chapters.forEach((k, v) -> chapterRows.add(new Principal(Chapters.range(k), Chapters.title(k), v)));
		chapterRows.sort(Comparator.comparingInt(Principal::encounters).reversed());
		List<Principal> topRows = principals.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
				.thenComparing(Map.Entry.comparingByKey())).limit(top).map(e -> new Principal(e.getKey(), terminology.lookup(
						CodeSystems.ICD10CM, e.getKey(), null).map(Terminology.Concept::display).orElse(""), e.getValue())).toList();
		return new Report(from, to, coded.size(), classes, mix("inpatient stays", inpatient), months, chapterRows, topRows,
				DrgSeverity.VERSION);
	}

	private static void count(int[] tally, DrgSeverity.Level level) {
		tally[0]++;
		tally[1 + level.ordinal()]++;
	}

	private static Mix mix(String label, int[] t) {
		return new Mix(label, t[0], t[1], t[2], t[3]);
	}

	/** The chapters of ICD-10-CM by the range of categories each holds. */
	static final class Chapters {
		private static final String[][] RANGES = {{"A00", "B99", "Certain infectious and parasitic diseases"}, {"C00", "D49",
				"Neoplasms"}, {"D50", "D89", "Diseases of the blood and immune mechanism"}, {"E00", "E89",
						"Endocrine, nutritional and metabolic diseases"}, {"F01", "F99",
								"Mental, behavioral and neurodevelopmental disorders"}, {"G00", "G99", "Diseases of the nervous system"},
				{"H00", "H59", "Diseases of the eye and adnexa"}, {"H60", "H95", "Diseases of the ear and mastoid process"}, {"I00",
						"I99", "Diseases of the circulatory system"}, {"J00", "J99", "Diseases of the respiratory system"}, {"K00", "K95",
								"Diseases of the digestive system"}, {"L00", "L99", "Diseases of the skin and subcutaneous tissue"}, {"M00",
										"M99", "Diseases of the musculoskeletal system and connective tissue"}, {"N00", "N99",
												"Diseases of the genitourinary system"}, {"O00", "O9A", "Pregnancy, childbirth and the puerperium"},
				{"P00", "P96", "Certain conditions originating in the perinatal period"}, {"Q00", "Q99",
						"Congenital malformations and chromosomal abnormalities"}, {"R00", "R99",
								"Symptoms, signs and abnormal findings not elsewhere classified"}, {"S00", "T88",
										"Injury, poisoning and other consequences of external causes"}, {"U00", "U85",
												"Codes for special purposes"}, {"V00", "Y99", "External causes of morbidity"}, {"Z00", "Z99",
														"Factors influencing health status and contact with health services"}};

		private Chapters() {}

		/** The chapter's index, or -1 when the code falls in none. */
		static int of(String code) {
			String category = code.replace(".", "").toUpperCase(java.util.Locale.ROOT);
			category = category.length() < 3 ? category : category.substring(0, 3);
			for (int i = 0; i < RANGES.length; i++) {
				if (category.compareTo(RANGES[i][0]) >= 0 && category.compareTo(RANGES[i][1]) <= 0) {
					return i;
				}
			}
			return -1;
		}

		static String range(int chapter) {
			return chapter < 0 ? "-" : RANGES[chapter][0] + "-" + RANGES[chapter][1];
		}

		static String title(int chapter) {
			return chapter < 0 ? "not in a chapter" : RANGES[chapter][2];
		}
	}
}

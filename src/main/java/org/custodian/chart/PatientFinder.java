package org.custodian.chart;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.custodian.access.AccessContext;
import org.custodian.audit.AuditRecord;
import org.custodian.audit.AuditRecords;
import org.custodian.audit.AuditTrail;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.custodian.search.SearchStrings;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;

/**
 * Finds patients the way registration and HIM staff look for them: by name, tolerating typing
 * mistakes and spelling variants (each word is sought by its sound, Double Metaphone, as well as by
 * its beginning), by birth date (also with day and month swapped), and by medical record number or
 * any other identifier. Candidates are ranked by how closely the name (Jaro-Winkler) and birth date
 * agree. What is searched and found is recorded in the audit trail, like an API search.
 */
@Service
public class PatientFinder {

	/** At most this many patients are shown; a search that finds more asks for more to go on. */
	public static final int SHOWN = 25;
	/** Candidates read per word before ranking. */
	private static final int CANDIDATES = 200;

	/** What a person typed: any of name, birth date and identifier. */
	public record Query(String name, @Nullable LocalDate birthDate, String identifier) {
		public boolean isEmpty() {
			return name.isBlank() && birthDate == null && identifier.isBlank();
		}

		String describe() {
			List<String> parts = new ArrayList<>();
			if (!name.isBlank()) {
				parts.add("name=" + name.trim());
			}
			if (birthDate != null) {
				parts.add("birthdate=" + birthDate);
			}
			if (!identifier.isBlank()) {
				parts.add("identifier=" + identifier.trim());
			}
			return String.join("&", parts);
		}
	}

	/**
	 * One patient found, with enough to tell similar patients apart.
	 *
	 * @param score how well it agrees with what was typed, 0 to 1
	 */
	public record Match(String id, String name, @Nullable String birthDate, @Nullable String sex, @Nullable String mrn,
			@Nullable String place, boolean deceased, double score) {}

	/** What was found: the best {@link #SHOWN}, and whether there were more. */
	public record Found(List<Match> matches, boolean more) {}

	private final SearchService search;
	private final SearchRequestParser parser;
	private final AuditTrail trail;
	private final AuditRecords records;
	private final DoubleMetaphone metaphone = new DoubleMetaphone();
	private final JaroWinklerSimilarity similarity = new JaroWinklerSimilarity();

	PatientFinder(SearchService search, FhirContext ctx, AuditTrail trail) {
		this.search = search;
		this.parser = new SearchRequestParser(ctx, CANDIDATES, CANDIDATES);
		this.trail = trail;
		this.records = new AuditRecords(ctx);
	}

	public Found find(AccessContext access, Query query) {
		if (query.isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE,
					"Give a name, a birth date or an identifier to search for");
		}
		AuditRecords.Touched touched = new AuditRecords.Touched();
		try {
			Found found = rank(query, candidates(access, query));
			found.matches().forEach(m -> touched.patient("Patient/" + m.id()).entity("Patient/" + m.id()));
			trail.record(records.of(access, Screens.CATEGORY, 'E', Screens.PATIENT_SEARCH, AuditRecord.SUCCESS, touched,
					"Patient?" + query.describe(), null));
			return found;
		} catch (CustodianException e) {
			trail.record(records.of(access, Screens.CATEGORY, 'E', Screens.PATIENT_SEARCH, AuditRecord.MINOR_FAILURE, touched,
					"Patient?" + query.describe(), Screens.status(e) + " " + e.code()));
			throw e;
		}
	}

	private Map<String, Patient> candidates(AccessContext access, Query query) {
		Map<String, Patient> found = new LinkedHashMap<>();
		if (!query.identifier().isBlank()) {
			// An identifier is exact: any system, this value.
			add(found, access, Map.of("identifier", List.of(query.identifier().trim())), query.birthDate());
			return found;
		}
		List<String> words = words(query.name());
		if (words.isEmpty()) {
			add(found, access, Map.of(), query.birthDate());
			return found;
		}
		// Every word by its beginning (all must agree), then each by its sound: typing mistakes and
		// variant spellings (Smyth, Jonh) land among the candidates, and ranking sorts them out.
		add(found, access, Map.of("name", words), query.birthDate());
		for (String word : words) {
			add(found, access, Map.of("phonetic", List.of(word)), query.birthDate());
		}
		return found;
	}

	/** Adds the matches of one search (a parameter's values must all agree). */
	private void add(Map<String, Patient> found, AccessContext access, Map<String, List<String>> criteria,
			@Nullable LocalDate birthDate) {
		List<Map<String, String[]>> searches = new ArrayList<>();
		if (birthDate == null) {
			searches.add(params(criteria, null));
		} else {
			searches.add(params(criteria, birthDate.toString()));
			// Day and month swapped: a common slip when a date is typed or was registered.
			if (birthDate.getDayOfMonth() <= 12 && birthDate.getDayOfMonth() != birthDate.getMonthValue()) {
				searches.add(params(criteria, LocalDate.of(birthDate.getYear(), birthDate.getDayOfMonth(),
						birthDate.getMonthValue()).toString()));
			}
		}
		for (Map<String, String[]> params : searches) {
			for (StoredVersion v : search.firstMatches(access, parser.parse("Patient", params, true)).resources()) {
				if (v.resource() instanceof Patient p) {
					found.putIfAbsent(v.id(), p);
				}
			}
		}
	}

	private static Map<String, String[]> params(Map<String, List<String>> criteria, @Nullable String birthDate) {
		Map<String, String[]> params = new LinkedHashMap<>();
		criteria.forEach((k, v) -> params.put(k, v.toArray(String[]::new)));
		if (birthDate != null) {
			params.put("birthdate", new String[] {birthDate});
		}
		params.put("_count", new String[] {Integer.toString(CANDIDATES)});
		return params;
	}

	private Found rank(Query query, Map<String, Patient> candidates) {
		List<String> words = words(query.name());
		List<Match> matches = new ArrayList<>();
		candidates.forEach((id, p) -> {
			double score = 1.0;
			if (!words.isEmpty()) {
				score = p.getName().stream().mapToDouble(n -> nameAgreement(words, n)).max().orElse(0);
				if (score < 0.75) {
					return; // a sound-alike of one word whose other words are nowhere near
				}
			}
			if (query.birthDate() != null) {
				score = score * 0.8 + (query.birthDate().toString().equals(p.getBirthDateElement().getValueAsString()) ? 0.2 : 0.1);
			}
			matches.add(match(id, p, score));
		});
		matches.sort(Comparator.comparingDouble(Match::score).reversed().thenComparing(Match::name));
		boolean more = matches.size() > SHOWN;
		return new Found(more ? List.copyOf(matches.subList(0, SHOWN)) : matches, more);
	}

	/** The mean, over the words typed, of each word's best agreement with a part of the name. */
	double nameAgreement(List<String> words, HumanName name) {
		List<String> parts = new ArrayList<>();
		if (name.hasFamily()) {
			parts.addAll(words(name.getFamily()));
		}
		name.getGiven().forEach(g -> parts.addAll(words(g.getValue())));
		if (parts.isEmpty()) {
			return 0;
		}
		double sum = 0;
		for (String w : words) {
			double best = 0;
			for (String part : parts) {
				double s = similarity.apply(w, part);
				if (part.startsWith(w)) {
					s = Math.max(s, 0.9 + 0.1 * w.length() / part.length());
				}
				if (metaphone.isDoubleMetaphoneEqual(w, part) || metaphone.isDoubleMetaphoneEqual(w, part, true)) {
					s = Math.max(s, 0.85);
				}
				best = Math.max(best, s);
			}
			sum += best;
		}
		return sum / words.size();
	}

	private static Match match(String id, Patient p, double score) {
		String mrn = null;
		for (Identifier i : p.getIdentifier()) {
			if (i.getType().getCoding().stream().anyMatch(c -> "MR".equals(c.getCode()))) {
				mrn = i.getValue();
				break;
			}
		}
		// Either part may be missing (List.of would refuse a null).
		String place = p.hasAddress() ? String.join(", ", java.util.stream.Stream.of(p.getAddressFirstRep().getCity(),
				p.getAddressFirstRep().getState()).filter(s -> s != null && !s.isBlank()).toList()) : null;
		boolean deceased = p.hasDeceasedDateTimeType() || (p.hasDeceasedBooleanType() && p.getDeceasedBooleanType().booleanValue());
		return new Match(id, p.hasName() ? Display.name(p.getNameFirstRep()) : "(no name recorded)",
				p.hasBirthDate() ? p.getBirthDateElement().getValueAsString() : null,
				p.hasGender() ? p.getGender().getDisplay() : null, mrn, place, deceased, Math.round(score * 100) / 100.0);
	}

	static List<String> words(@Nullable String text) {
		if (text == null) {
			return List.of();
		}
		List<String> words = new ArrayList<>();
		for (String w : SearchStrings.normalize(text).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
			if (!w.isBlank()) {
				words.add(w);
			}
		}
		return words;
	}
}

package org.custodian.chart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessContext;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;

/**
 * Who the patients named in a queue are ({@code Patient/id} → "Name, born 1970-01-31"), so that
 * screens listing alerts or cases show people rather than ids. Read through the gate in one search;
 * the caller records the look with the patients it shows.
 */
@Service
public class PatientNames {

	private static final int MOST = 500;

	private final SearchService search;
	private final SearchRequestParser parser;

	PatientNames(SearchService search, FhirContext ctx) {
		this.search = search;
		this.parser = new SearchRequestParser(ctx, MOST, MOST);
	}

	/** The names of those of {@code references} the caller may see; the others are left out. */
	public Map<String, String> of(AccessContext access, List<String> references) {
		List<String> ids = references.stream().filter(r -> r.startsWith("Patient/")).map(r -> r.substring(8)).distinct()
				.limit(MOST).toList();
		Map<String, String> names = new LinkedHashMap<>();
		if (ids.isEmpty()) {
			return names;
		}
		Map<String, String[]> params = Map.of("_id", new String[] {String.join(",", ids)}, "_count",
				new String[] {Integer.toString(MOST)});
		for (StoredVersion v : search.firstMatches(access, parser.parse("Patient", params, true)).resources()) {
			if (v.resource() instanceof Patient p) {
				String name = p.hasName() ? Display.name(p.getNameFirstRep()) : "(no name recorded)";
				names.put("Patient/" + v.id(), name + (p.hasBirthDate() ? ", born " + p.getBirthDateElement().getValueAsString() : ""));
			}
		}
		return names;
	}
}

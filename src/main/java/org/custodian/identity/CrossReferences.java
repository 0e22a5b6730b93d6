package org.custodian.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessContext;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;

/**
 * Cross-references of a person's identifiers across assigning authorities (IHE PIXm ITI-83,
 * {@code Patient/$ihe-pix}): from one identifier, the person's charts (the one it names, the chart
 * that replaced it if it was merged away, and every chart merged into that one) and all their
 * identifiers. Only merges count as "the same person" here: a possible duplicate not yet reviewed is
 * not a cross-reference. Everything is read through the gate as the caller.
 */
@Service
public class CrossReferences {

	/** The person's charts (survivor first) and identifiers, without the one asked about. */
	public record Result(List<String> patients, List<Identifier> identifiers) {}

	private static final int MOST_CHARTS = 50;

	private final SearchService search;
	private final RecordStore store;
	private final SearchRequestParser parser;

	CrossReferences(SearchService search, RecordStore store, FhirContext ctx) {
		this.search = search;
		this.store = store;
		this.parser = new SearchRequestParser(ctx, MOST_CHARTS, MOST_CHARTS);
	}

	public Result of(AccessContext access, String system, String value, List<String> targetSystems) {
		if (system == null || system.isBlank() || value == null || value.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE,
					"sourceIdentifier is system|value, with both parts");
		}
		if (find(access, "identifier", system + "|").isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.UNKNOWN_IDENTIFIER_DOMAIN,
					"sourceIdentifier Assigning Authority not found");
		}
		for (String target : targetSystems) {
			if (find(access, "identifier", target + "|").isEmpty()) {
				throw new CustodianException.Forbidden(ErrorCode.UNKNOWN_TARGET_DOMAIN, "targetSystem not found");
			}
		}
		List<StoredVersion> named = find(access, "identifier", system + "|" + value);
		if (named.isEmpty()) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "sourceIdentifier Patient Identifier not found");
		}
		Map<String, Patient> charts = new LinkedHashMap<>();
		for (StoredVersion v : named) {
			Patient survivor = survivor(access, (Patient) v.resource(), v.id());
			collect(access, survivor, charts);
		}
		Map<String, Identifier> identifiers = new LinkedHashMap<>();
		for (Patient p : charts.values()) {
			for (Identifier i : p.getIdentifier()) {
				boolean asked = system.equals(i.getSystem()) && value.equals(i.getValue());
				boolean wanted = targetSystems.isEmpty() || targetSystems.contains(i.getSystem());
				if (i.hasValue() && !asked && wanted) {
					identifiers.putIfAbsent(i.getSystem() + "|" + i.getValue(), new Identifier().setSystem(i.getSystem())
							.setValue(i.getValue()).setUse(i.getUse()));
				}
			}
		}
		return new Result(new ArrayList<>(charts.keySet()), new ArrayList<>(identifiers.values()));
	}

	/** The chart that is current for this one: itself, or the end of its replaced-by chain. */
	private Patient survivor(AccessContext access, Patient p, String id) {
		Patient current = p.copy();
		current.setId(id);
		for (int hops = 0; hops < MOST_CHARTS; hops++) {
			String next = PatientLinks.replacedBy(current);
			if (next == null) {
				return current;
			}
			current = ((Patient) store.read(access, "Patient", next).resource()).copy();
			current.setId(next);
		}
		return current;
	}

	/** The chart and every chart merged into it, recursively. */
	private void collect(AccessContext access, Patient chart, Map<String, Patient> charts) {
		String id = chart.getIdElement().getIdPart();
		if (charts.size() >= MOST_CHARTS || charts.putIfAbsent(id, chart) != null) {
			return;
		}
		for (Patient.PatientLinkComponent link : chart.getLink()) {
			if (link.getType() == Patient.LinkType.REPLACES && link.hasOther()) {
				@Nullable String other = link.getOther().getReferenceElement().getIdPart();
				if (other != null && !charts.containsKey(other)) {
					Patient merged = ((Patient) store.read(access, "Patient", other).resource()).copy();
					merged.setId(other);
					collect(access, merged, charts);
				}
			}
		}
	}

	private List<StoredVersion> find(AccessContext access, String param, String value) {
		Map<String, String[]> params = new LinkedHashMap<>();
		params.put(param, new String[] {value});
		params.put("_count", new String[] {Integer.toString(MOST_CHARTS)});
		return search.firstMatches(access, parser.parse("Patient", params, true)).resources();
	}
}

package org.custodian.search.battery;

import java.util.ArrayList;
import java.util.List;

import org.custodian.search.IndexEntry;
import org.custodian.search.IndexEntry.DateRange;
import org.custodian.search.IndexEntry.ReferenceValue;
import org.custodian.search.IndexEntry.StringValue;
import org.custodian.search.IndexEntry.TokenValue;

/**
 * Searches across references (R4 search.html#chaining, #has): chains of one and two levels,
 * with and without a type modifier, and reverse chains ({@code _has}, also nested and ANDed).
 * Each value is read from a resource actually reached through the chain, so every query has
 * at least one match in the data set.
 */
final class RelationQueries implements QueryFamily {

	/** {@code Type?hop[.hop].param}: the resource type, the reference hops, the parameter at the end. */
	private static final String[][] CHAINS = {
			{"Observation", "subject:Patient", "name"}, {"Observation", "patient", "family"},
			{"Observation", "patient", "birthdate"}, {"Observation", "encounter", "class"},
			{"Observation", "encounter", "type"}, {"Encounter", "participant", "name"},
			{"Encounter", "participant:Practitioner", "family"}, {"Encounter", "service-provider", "name"},
			{"Encounter", "location", "name"}, {"Encounter", "patient", "gender"}, {"Condition", "encounter", "date"},
			{"Claim", "provider", "name"}, {"Claim", "facility", "address-city"}, {"DiagnosticReport", "performer", "family"},
			{"DiagnosticReport", "result", "code"}, {"MedicationRequest", "medication", "code"},
			{"MedicationRequest", "requester", "name"}, {"ExplanationOfBenefit", "claim", "created"},
			{"CareTeam", "participant", "name"}, {"Immunization", "location", "name"}, {"Provenance", "agent", "family"},
			{"Patient", "general-practitioner", "name"}, {"DocumentReference", "author", "name"},
			{"ImagingStudy", "encounter", "class"},
			{"Observation", "encounter", "service-provider", "name"}, {"Observation", "encounter", "participant", "family"},
			{"DiagnosticReport", "encounter", "location", "name"}, {"ExplanationOfBenefit", "claim", "encounter", "class"},
			{"MedicationAdministration", "context", "participant", "name"}, {"Procedure", "encounter", "patient", "birthdate"},
			{"Condition", "encounter", "service-provider", "address-city"},
			{"MedicationRequest", "encounter", "participant", "name"}, {"Claim", "encounter", "location", "address-city"},
			{"Observation", "patient", "general-practitioner", "name"}};

	/** {@code Type?_has:Source:reference:param}. */
	private static final String[][] HAS = {
			{"Patient", "Observation", "patient", "code"}, {"Patient", "Condition", "patient", "code"},
			{"Patient", "Immunization", "patient", "vaccine-code"}, {"Encounter", "Observation", "encounter", "code"},
			{"Encounter", "Condition", "encounter", "code"}, {"Practitioner", "Encounter", "participant", "class"},
			{"Organization", "Encounter", "service-provider", "class"}, {"Location", "Encounter", "location", "type"},
			{"Claim", "ExplanationOfBenefit", "claim", "created"}, {"Condition", "Procedure", "reason-reference", "code"},
			{"Medication", "MedicationRequest", "medication", "status"}, {"Encounter", "MedicationRequest", "encounter", "code"},
			{"Patient", "Encounter", "patient", "date"}};

	@Override
	public void addTo(BatteryBuilder battery, DataSetValues values) {
		SyntheaRecords records = values.records();
		String patient = BatteryGenerator.scopePatient(values);
		for (String[] chain : CHAINS) {
			String type = chain[0];
			String param = chain[chain.length - 1];
			List<String> hops = List.of(chain).subList(1, chain.length - 1);
			// Large types are searched within one patient's record, so results stay a readable size.
			boolean scoped = values.ofType(type).size() > 300 && !hops.get(0).startsWith("patient")
					&& !hops.get(0).startsWith("subject");
			List<String> from = scoped ? values.referring(type, "patient", patient) : values.ofType(type);
			String end = reached(records, from, hops);
			String value = end == null ? null : sample(records, end, param);
			if (value != null) {
				String name = String.join(".", hops) + "." + param;
				String facet = "chain " + (hops.size() == 1 ? "one level" : "two levels");
				if (scoped) {
					battery.set(facet, type, "patient", BatteryQuery.ref(patient), name, value);
				} else {
					battery.set(facet, type, name, value);
				}
			}
		}
		for (String[] has : HAS) {
			String value = hasValue(values, has[1], has[2], has[3]);
			if (value != null) {
				battery.set("_has", has[0], "_has:" + has[1] + ":" + has[2] + ":" + has[3], value);
			}
		}
		String code = hasValue(values, "Observation", "encounter", "code");
		battery.set("_has nested", "Patient", "_has:Encounter:patient:_has:Observation:encounter:code", code);
		String condition = hasValue(values, "Condition", "patient", "code");
		battery.set("_has AND", "Patient", "_has:Observation:patient:code", code, "_has:Condition:patient:code", condition);
	}

	/**
	 * The resource reached by following {@code hops} from {@code from}: of those reached, the one
	 * reached least often (so the query finds few resources), ties broken by identity; null when none is.
	 */
	private static String reached(SyntheaRecords records, List<String> from, List<String> hops) {
		java.util.Map<String, Integer> ends = new java.util.TreeMap<>();
		for (String start : from) {
			String at = start;
			for (String hop : hops) {
				at = target(records, at, hop);
				if (at == null) {
					break;
				}
			}
			if (at != null) {
				ends.merge(at, 1, Integer::sum);
			}
		}
		return ends.entrySet().stream().min(java.util.Map.Entry.comparingByValue()).map(java.util.Map.Entry::getKey)
				.orElse(null);
	}

	/** The first data-set resource {@code identity} refers to through {@code hop} ({@code param[:Type]}). */
	private static String target(SyntheaRecords records, String identity, String hop) {
		String param = hop.contains(":") ? hop.substring(0, hop.indexOf(':')) : hop;
		String type = hop.contains(":") ? hop.substring(hop.indexOf(':') + 1) : null;
		for (IndexEntry e : records.entries(identity, param)) {
			if (e instanceof ReferenceValue r && r.targetId() != null && (type == null || type.equals(r.targetType()))) {
				String target = r.targetType() + "/" + r.targetId();
				if (records.contains(target)) {
					return target;
				}
			}
		}
		return null;
	}

	/** A value of {@code param} of a typical {@code source} resource that refers to something through {@code reference}. */
	private static String hasValue(DataSetValues values, String source, String reference, String param) {
		List<String> referring = new ArrayList<>();
		for (String identity : values.ofType(source)) {
			if (target(values.records(), identity, reference) != null && sample(values.records(), identity, param) != null) {
				referring.add(identity);
			}
		}
		return referring.isEmpty() ? null : sample(values.records(), QueryFamily.middle(referring), param);
	}

	/** A search value that {@code param} of {@code identity} matches: a name prefix, a system|code, a day. */
	static String sample(SyntheaRecords records, String identity, String param) {
		for (IndexEntry e : records.entries(identity, param)) {
			if (e instanceof StringValue s) {
				return QueryFamily.escape(StringQueries.prefix(s.exact()));
			}
			if (e instanceof TokenValue t && t.code() != null) {
				return QueryFamily.escape(t.system() == null ? t.code() : t.system() + "|" + t.code());
			}
			if (e instanceof DateRange d) {
				return DateQueries.Precision.DAY.format(d.low());
			}
		}
		return null;
	}
}

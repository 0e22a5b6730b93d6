package org.custodian.search.battery;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one place where a difference between Custodian and the HAPI FHIR JPA server is explained.
 * An entry names the queries it covers (a pattern over the query template), says why, and cites
 * the FHIR R4 specification. For the queries it covers, {@code bench/search-differential.sh}
 * records Custodian's answer as the expectation; every other difference keeps HAPI's answer, so
 * {@code SearchBatteryIT} fails on it until Custodian is fixed or an entry here explains it.
 */
public final class KnownDifferences {

	/** Why Custodian's answer is the one recorded. */
	public enum Verdict {
		/** HAPI departs from the specification; Custodian follows it. */
		HAPI_DEPARTS_FROM_SPEC,
		/** The specification leaves the choice to the server; both answers are conforming. */
		SERVER_CHOICE
	}

	/**
	 * @param id    a short name, written into the expectations file next to each query it decided
	 * @param query a pattern found in the query template ({@link BatteryQuery#template()})
	 * @param spec  the section of the FHIR R4 specification that decides it
	 */
	public record Entry(String id, Pattern query, Verdict verdict, String why, String spec) {

		boolean covers(BatteryQuery q) {
			return query.matcher(q.template()).find();
		}
	}

	private static final String PREFIXES = "https://hl7.org/fhir/R4/search.html#prefix";

	static final List<Entry> ENTRIES = List.of(
			new Entry("hapi-ge-le-on-a-year-or-month",
					Pattern.compile("=(ge|le)(19|20)\\d\\d(-[01]\\d)?(&|$)"), Verdict.HAPI_DEPARTS_FROM_SPEC,
					"HAPI JPA 8.8.0 answers ge/le with a year or a month as if they were gt/lt: it leaves out the"
							+ " resources whose date lies inside the searched year or month (Observation?date=ge2020 finds"
							+ " what gt2020 finds, not what gt2020 and eq2020 find together; at day precision it includes"
							+ " them). ge and le match when the range of the search value fully contains the target's range.",
					PREFIXES + " (ge, le: \"... or the range of the search value fully contains the range of the target value\")"),
			new Entry("hapi-le-ge-take-a-period-overlapping-the-searched-time",
					Pattern.compile("=(ge|le)(19|20)\\d\\d-\\d\\d-\\d\\dT"), Verdict.HAPI_DEPARTS_FROM_SPEC,
					"With a time, HAPI's le matches every resource that starts before the end of the searched time,"
							+ " and its ge every resource that ends after its start: an Encounter from 00:59:40 to 01:14:40"
							+ " matches le...T00:59:40Z and ge...T01:14:40Z there. FHIR defines le as 'the range below the"
							+ " search value intersects the target, or the search value's range contains it' (and ge"
							+ " alike, above): that Encounter starts inside the searched second, not below it, and lasts"
							+ " beyond it, so it matches neither (it does match le...T00:59:41Z, and lt/gt agree on both"
							+ " servers). Note that the letter of the definition is not monotonic at this boundary:"
							+ " le...T00:59Z (the whole minute) leaves that Encounter out too.",
					PREFIXES + " (le, ge; \"range below the value: up to the specified value\")"),
			new Entry("hapi-no-ap-on-dates", Pattern.compile("=ap(19|20)\\d\\d"), Verdict.HAPI_DEPARTS_FROM_SPEC,
					"HAPI refuses ap on a date (HAPI-1925 Unknown comparator: APPROXIMATE). FHIR defines ap for dates,"
							+ " recommending 10% of the gap between now and the date; Custodian widens by that, so these"
							+ " expectations are compared as 'at least' (the window grows as time passes).",
					PREFIXES + " (ap)"),
			new Entry("hapi-no-or-on-dates", Pattern.compile("=([a-z]{2})?(19|20)\\d\\d[^&]*,"),
					Verdict.HAPI_DEPARTS_FROM_SPEC,
					"HAPI refuses a comma-separated list of dates (HAPI-1930 DateRange parameter does not support OR"
							+ " queries). Any search parameter takes an OR list of values.",
					"https://hl7.org/fhir/R4/search.html#combining"),
			new Entry("hapi-contains-disabled", Pattern.compile(":contains="), Verdict.SERVER_CHOICE,
					"HAPI's JPA server turns :contains off by default (HAPI-1258, StorageSettings.allowContainsSearches)"
							+ " for its cost; FHIR defines it for strings (the value anywhere in the field, case- and"
							+ " accent-insensitive), and Custodian supports it.",
					"https://hl7.org/fhir/R4/search.html#string"),
			new Entry("hapi-no-sa-eb-on-quantities", Pattern.compile("quantity=(sa|eb)"), Verdict.HAPI_DEPARTS_FROM_SPEC,
					"HAPI refuses sa and eb on quantities (HAPI-1235). The prefixes apply to number, date and quantity;"
							+ " with sa/eb the implicit precision of the number is ignored, so sa80.8 finds what gt80.8"
							+ " finds, which is what Custodian answers (and HAPI answers for gt).",
					PREFIXES + " and https://hl7.org/fhir/R4/search.html#number (\"When a comparison prefix in the set"
							+ " lgt, lt, ge, le, sa & eb is provided, the implicit precision of the number is ignored\")"),
			new Entry("hapi-quantity-without-precision", Pattern.compile("quantity=(eq)?\\d+(&|$|\\|)"),
					Verdict.HAPI_DEPARTS_FROM_SPEC,
					"HAPI matches a quantity given without a prefix or decimals exactly (value-quantity=81 finds no"
							+ " body weight of 80.6 or 81.2; HAPI itself finds 17 with ge80.5&lt81.5). The search value has"
							+ " an implicit precision: 81 covers [80.5, 81.5).",
					"https://hl7.org/fhir/R4/search.html#quantity (\"value-quantity=5.4 ... a value of 5.4(+/-0.05)\")"
							+ " and #number (\"[parameter]=100 ... values in the range [99.5 ... 100.5)\")"),
			new Entry("hapi-text-ignores-identifier-type", Pattern.compile("identifier:text="),
					Verdict.HAPI_DEPARTS_FROM_SPEC,
					"HAPI does not search Identifier.type.text with :text (Patient?identifier:text=social finds nothing"
							+ " although every Synthea patient has a Social Security Number identifier). :text searches"
							+ " CodeableConcept.text, Coding.display or Identifier.type.text.",
					"https://hl7.org/fhir/R4/search.html#token (modifier :text)"),
			new Entry("hapi-chain-through-claim-encounter", Pattern.compile("claim\\.encounter\\."),
					Verdict.HAPI_DEPARTS_FROM_SPEC,
					"HAPI refuses ExplanationOfBenefit?claim.encounter.class (HAPI-1243 Invalid parameter chain),"
							+ " though Claim defines encounter and HAPI answers Claim?encounter.class (580 claims, and"
							+ " each EOB refers to one claim: Custodian finds their 580 EOBs). Chains may be of any length.",
					"https://hl7.org/fhir/R4/search.html#chaining"),
			new Entry("hapi-composite-parts-on-different-elements", Pattern.compile("code-value-(quantity|concept)="),
					Verdict.HAPI_DEPARTS_FROM_SPEC,
					"HAPI lets the parts of a composite match different elements: component-code-value-quantity="
							+ "http://loinc.org|8462-4$112 finds blood pressures whose systolic component is 112 and"
							+ " whose diastolic is 72 (no diastolic of 112 exists in the data). A composite exists to search"
							+ " a pair of values together, not the intersection of separate matches: both parts must"
							+ " match the same Observation.component.",
					"https://hl7.org/fhir/R4/search.html#composite (\"not an intersection of separate matches on key and"
							+ " value\") and #chaining (\"where the joins must be evaluated in groups, there are ...Composite"
							+ " search parameters\")"),
			new Entry("hapi-of-type-disabled", Pattern.compile(":of-type="), Verdict.SERVER_CHOICE,
					"HAPI's JPA server leaves :of-type off by default (HAPI-2012, StorageSettings.indexIdentifierOfType)."
							+ " FHIR defines it (type system|type code|value, all three parts), and Custodian supports it:"
							+ " the medical record number and the SSN each find their one patient, and the same values"
							+ " under the driver's licence type find none.",
					"https://hl7.org/fhir/R4/search.html#token (modifier :of-type)"),
			new Entry("hapi-no-identifier-modifier", Pattern.compile(":identifier="), Verdict.SERVER_CHOICE,
					"HAPI refuses :identifier on references (HAPI-2498). FHIR defines it for references that carry an"
							+ " identifier, which is how Synthea's PractitionerRoles name their practitioner and"
							+ " organization; Custodian finds the one role whose reference has that identifier.",
					"https://hl7.org/fhir/R4/search.html#reference (modifier :identifier)"),
			new Entry("sort-descending-on-a-period", Pattern.compile("^(Encounter|CarePlan|CareTeam|Procedure)\\?.*_sort=([^&]*,)?-date"),
					Verdict.SERVER_CHOICE,
					"Sorting descending on a Period: Custodian orders by the period's end (an open end last forever,"
							+ " so an active CarePlan comes first), HAPI by its start. For repeating or ranged values FHIR"
							+ " sorts on the value that comes earliest in the requested order (for descending, the latest)"
							+ " and leaves exact sort rules to servers.",
					"https://hl7.org/fhir/R4/search.html#sort (\"This specification does not specify exact rules for"
							+ " consistency of sorting across servers\")"));

	private KnownDifferences() {}

	public static Optional<Entry> find(BatteryQuery query) {
		return ENTRIES.stream().filter(e -> e.covers(query)).findFirst();
	}

	public static List<Entry> all() {
		return ENTRIES;
	}
}

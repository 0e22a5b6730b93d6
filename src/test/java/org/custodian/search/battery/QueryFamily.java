package org.custodian.search.battery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/** One family of battery queries (tokens, dates, chains…), derived from the data set's values. */
interface QueryFamily {

	void addTo(BatteryBuilder battery, DataSetValues values);

	/** The R4 search parameters of one value type that a resource type defines, by name. */
	static List<String> params(String type, RestSearchParameterTypeEnum kind) {
		List<String> out = new ArrayList<>();
		for (RuntimeSearchParam p : FhirContext.forR4Cached().getResourceDefinition(type).getSearchParams()) {
			if (p.getParamType() == kind && !p.getName().startsWith("_")) {
				out.add(p.getName());
			}
		}
		out.sort(Comparator.naturalOrder());
		return out;
	}

	static boolean hasParam(String type, String param) {
		return FhirContext.forR4Cached().getResourceDefinition(type).getSearchParam(param) != null;
	}

	/**
	 * A value with FHIR search's reserved characters escaped (R4 search.html#escaping): a comma in
	 * "HOSPITAL, INC." would otherwise split it into two ORed values.
	 */
	static String escape(String value) {
		return value.replace("\\", "\\\\").replace(",", "\\,").replace("$", "\\$");
	}

	/** The element in the middle of a list (a typical rather than an extreme value). */
	static <T> T middle(List<T> list) {
		return list.get(list.size() / 2);
	}
}

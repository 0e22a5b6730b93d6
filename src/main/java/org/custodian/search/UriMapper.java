package org.custodian.search;

import java.util.Set;

import org.custodian.search.IndexEntry.UriValue;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.UriType;

/** Uri parameters: uri, url, canonical, oid and uuid values (all {@link UriType}s in HAPI's R4 model), kept whole. */
final class UriMapper {

	private UriMapper() {}

	static Outcome map(String param, Base value, Set<IndexEntry> out) {
		if (!(value instanceof UriType uri)) {
			return Outcome.UNSUPPORTED;
		}
		String text = uri.getValueAsString();
		if (SearchStrings.isBlank(text)) {
			return Outcome.EMPTY;
		}
		out.add(new UriValue(param, text));
		return Outcome.MAPPED;
	}
}

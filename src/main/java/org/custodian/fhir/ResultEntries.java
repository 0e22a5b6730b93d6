package org.custodian.fhir;

import java.util.ArrayList;
import java.util.List;

import org.custodian.record.StoredVersion;
import org.custodian.search.SearchPage;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;

/**
 * A page's bundle entries: matches, then included resources, then, when parameters were ignored
 * under lenient handling, an OperationOutcome entry with search mode {@code outcome}, as the
 * specification asks.
 */
final class ResultEntries {

	private ResultEntries() {}

	static List<IBaseResource> of(SearchPage page) {
		List<IBaseResource> out = new ArrayList<>();
		for (StoredVersion v : page.resources()) {
			IBaseResource r = v.resource();
			ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(r, BundleEntrySearchModeEnum.MATCH);
			out.add(r);
		}
		for (StoredVersion v : page.included()) {
			IBaseResource r = v.resource();
			ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(r, BundleEntrySearchModeEnum.INCLUDE);
			out.add(r);
		}
		if (!page.ignored().isEmpty()) {
			OperationOutcome oo = new OperationOutcome();
			for (String ignored : page.ignored()) {
				oo.addIssue().setSeverity(IssueSeverity.WARNING).setCode(IssueType.NOTSUPPORTED)
						.setDiagnostics("Ignored search parameter " + ignored);
			}
			ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(oo, BundleEntrySearchModeEnum.OUTCOME);
			out.add(oo);
		}
		return out;
	}
}

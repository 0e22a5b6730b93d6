package org.custodian.fhir;

import java.util.ArrayList;
import java.util.List;

import org.custodian.record.StoredVersion;
import org.custodian.search.SearchPage;
import org.custodian.search.SearchRequest;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;

/**
 * One page of search results, already read. HAPI pages searches with {@code _offset}: each page is
 * its own request, this provider holds that page. Parameters ignored under lenient handling are
 * reported in an OperationOutcome entry with search mode {@code outcome}, as the specification asks.
 */
final class SearchBundleProvider extends PagedResult {

	private final SearchRequest request;
	private final SearchPage page;

	SearchBundleProvider(SearchRequest request, SearchPage page) {
		super(request.count());
		this.request = request;
		this.page = page;
	}

	@Override
	public List<IBaseResource> getResources(int from, int to) {
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

	@Override
	public Integer getCurrentPageOffset() {
		return request.offset();
	}

	@Override
	public Integer getCurrentPageSize() {
		return request.count();
	}

	/** The total when asked for, or when this is the last page (then it is known anyway). */
	@Override
	public @Nullable Integer size() {
		if (page.total() != null) {
			return page.total();
		}
		return page.hasMore() ? null : request.offset() + page.resources().size();
	}
}

package org.custodian.fhir;

import java.util.Map;

import org.custodian.search.ResultSnapshot;
import org.custodian.search.SearchPage;
import org.custodian.search.SearchRequest;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/** Reads a search request off HTTP (parameters and {@code Prefer: handling}) and runs it. */
final class SearchEndpoint {

	private final SearchRequestParser parser;
	private final SearchService service;
	private final RequestAccess access;

	SearchEndpoint(SearchRequestParser parser, SearchService service, RequestAccess access) {
		this.parser = parser;
		this.service = service;
		this.access = access;
	}

	IBundleProvider search(String type, RequestDetails request) {
		Map<String, String[]> parameters = request.getParameters();
		SearchRequest parsed = parser.parse(type, parameters, strict(request));
		SearchPage page = service.search(access.of(request), parsed, QueryParameters.encode(parameters));
		return new FirstPageProvider(page, parsed.count(), parsed.offset());
	}

	/**
	 * A later page of a stored result, for the requester of that page (who passes the gate again).
	 * The search is re-read leniently: it was accepted when the first page was served.
	 */
	IBundleProvider page(ResultSnapshot snapshot, RequestDetails request, int pageSize) {
		SearchRequest parsed = snapshot.query() == null ? null
				: parser.parse(snapshot.type(), QueryParameters.decode(snapshot.query()), false);
		return new SnapshotBundleProvider(service, access.of(request), snapshot, parsed,
				parsed == null ? pageSize : parsed.count());
	}

	/** {@code Prefer: handling=strict}; lenient is the default, as the specification allows. */
	private static boolean strict(RequestDetails request) {
		String prefer = request.getHeader("Prefer");
		return prefer != null && prefer.replace(" ", "").toLowerCase().contains("handling=strict");
	}
}

package org.custodian.fhir;

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
		SearchRequest parsed = parser.parse(type, request.getParameters(), strict(request));
		SearchPage page = service.search(access.of(request), parsed);
		return new SearchBundleProvider(parsed, page);
	}

	/** {@code Prefer: handling=strict}; lenient is the default, as the specification allows. */
	private static boolean strict(RequestDetails request) {
		String prefer = request.getHeader("Prefer");
		return prefer != null && prefer.replace(" ", "").toLowerCase().contains("handling=strict");
	}
}

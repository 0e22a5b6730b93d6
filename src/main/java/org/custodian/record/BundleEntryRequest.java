package org.custodian.record;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a transaction or batch, read from {@code entry.request}: its method, the resource
 * type, and either an id or a conditional query from the URL.
 *
 * @param index position in the bundle (0-based), for messages and the response order
 */
record BundleEntryRequest(int index, HTTPVerb method, String type, @Nullable String id, @Nullable Integer version,
		@Nullable String query, @Nullable String fullUrl, @Nullable Resource resource, @Nullable String ifNoneExist,
		@Nullable Integer ifMatch) {

	static BundleEntryRequest of(int index, BundleEntryComponent entry) {
		Bundle.BundleEntryRequestComponent req = entry.getRequest();
		if (!req.hasMethod() || !req.hasUrl()) {
			throw invalid(index, "entry.request needs a method and a url");
		}
		String url = req.getUrl();
		int slash = url.indexOf('/');
		if (url.startsWith("/")) {
			url = url.substring(1);
			slash = url.indexOf('/');
		}
		String query = null;
		int q = url.indexOf('?');
		if (q >= 0) {
			query = url.substring(q + 1);
			url = url.substring(0, q);
			slash = url.indexOf('/');
		}
		String type = slash < 0 ? url : url.substring(0, slash);
		String rest = slash < 0 ? null : url.substring(slash + 1);
		String id = rest;
		Integer version = null;
		if (rest != null && rest.contains("/_history/")) {
			id = rest.substring(0, rest.indexOf('/'));
			version = VersionTag.number(rest.substring(rest.lastIndexOf('/') + 1));
		}
		Resource resource = entry.getResource();
		return new BundleEntryRequest(index, req.getMethod(), type, id, version, query,
				entry.hasFullUrl() ? entry.getFullUrl() : null, resource,
				req.hasIfNoneExist() ? stripType(req.getIfNoneExist(), type) : null,
				VersionTag.fromEtag(req.getIfMatch()));
	}

	String describe() {
		return "Entry " + index + " (" + method.toCode() + " " + type + (id != null ? "/" + id : "")
				+ (query != null ? "?" + query : "") + ")";
	}

	/** {@code ifNoneExist} may be given as {@code Type?a=b} or just {@code a=b}. */
	private static String stripType(String condition, String type) {
		if (condition.startsWith(type + "?")) {
			return condition.substring(type.length() + 1);
		}
		return condition.startsWith("?") ? condition.substring(1) : condition;
	}

	static CustodianException invalid(int index, String message) {
		return new CustodianException.Invalid(ErrorCode.BUNDLE_INVALID, "Entry " + index + ": " + message);
	}
}

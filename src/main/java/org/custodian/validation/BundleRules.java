package org.custodian.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.MessageHeader;

/**
 * The Bundle invariants bdl-1 to bdl-5, bdl-7 and bdl-9 to bdl-12. They decide whether a
 * transaction can be processed at all (every entry needs a request), so they are checked on
 * every write even though they are FHIRPath rules rather than structure.
 */
final class BundleRules {

	private BundleRules() {}

	static void check(Bundle bundle, ResourceWalker walker) {
		BundleType type = bundle.getType();
		if (type == null) {
			return;
		}
		if (bundle.hasTotal() && type != BundleType.SEARCHSET && type != BundleType.HISTORY) {
			walker.report(ValidationIssue.Severity.ERROR, "total", "total only when a search or history (bdl-1)");
		}
		List<BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			entry(type, entries.get(i), "entry[" + i + "]", walker);
		}
		uniqueFullUrls(type, entries, walker);
		documentAndMessage(bundle, type, walker);
	}

	private static void entry(BundleType type, BundleEntryComponent entry, String at, ResourceWalker walker) {
		boolean wantsRequest = type == BundleType.BATCH || type == BundleType.TRANSACTION || type == BundleType.HISTORY;
		boolean wantsResponse = type == BundleType.BATCHRESPONSE || type == BundleType.TRANSACTIONRESPONSE
				|| type == BundleType.HISTORY;
		if (entry.hasSearch() && type != BundleType.SEARCHSET) {
			error(walker, at + ".search", "entry.search only when a search (bdl-2)");
		}
		if (entry.hasRequest() != wantsRequest) {
			error(walker, at + ".request", wantsRequest ? "entry.request is required in a " + type.toCode() + " (bdl-3)"
					: "entry.request only in a batch, transaction or history (bdl-3)");
		}
		if (entry.hasResponse() != wantsResponse) {
			error(walker, at + ".response", wantsResponse ? "entry.response is required in a " + type.toCode() + " (bdl-4)"
					: "entry.response only in a batch-response, transaction-response or history (bdl-4)");
		}
		if (!entry.hasResource() && !entry.hasRequest() && !entry.hasResponse()) {
			error(walker, at, "entry must have a resource, request or response (bdl-5)");
		}
	}

	/** bdl-7: fullUrl plus version must be unique, except in a history. */
	private static void uniqueFullUrls(BundleType type, List<BundleEntryComponent> entries, ResourceWalker walker) {
		if (type == BundleType.HISTORY) {
			return;
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < entries.size(); i++) {
			BundleEntryComponent entry = entries.get(i);
			if (!entry.hasFullUrl()) {
				continue;
			}
			String version = entry.hasResource() && entry.getResource().hasMeta() ? entry.getResource().getMeta().getVersionId() : null;
			if (!seen.add(entry.getFullUrl() + "|" + version)) {
				error(walker, "entry[" + i + "].fullUrl", "fullUrl " + entry.getFullUrl() + " occurs twice (bdl-7)");
			}
		}
	}

	private static void documentAndMessage(Bundle bundle, BundleType type, ResourceWalker walker) {
		if (type == BundleType.DOCUMENT) {
			if (!bundle.hasIdentifier() || !bundle.getIdentifier().hasSystem() || !bundle.getIdentifier().hasValue()) {
				error(walker, "identifier", "A document must have an identifier with system and value (bdl-9)");
			}
			if (!bundle.hasTimestamp()) {
				error(walker, "timestamp", "A document must have a timestamp (bdl-10)");
			}
			if (!(firstResource(bundle) instanceof Composition)) {
				error(walker, "entry[0].resource", "A document must begin with a Composition (bdl-11)");
			}
		} else if (type == BundleType.MESSAGE && !(firstResource(bundle) instanceof MessageHeader)) {
			error(walker, "entry[0].resource", "A message must begin with a MessageHeader (bdl-12)");
		}
	}

	private static Object firstResource(Bundle bundle) {
		return bundle.getEntry().isEmpty() ? "" : bundle.getEntryFirstRep().getResource();
	}

	private static void error(ResourceWalker walker, String child, String message) {
		walker.report(ValidationIssue.Severity.ERROR, child, message);
	}
}

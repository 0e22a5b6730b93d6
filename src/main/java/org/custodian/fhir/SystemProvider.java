package org.custodian.fhir;

import java.util.Date;

import org.custodian.record.BundleProcessor;
import org.custodian.record.RecordStore;
import org.hl7.fhir.r4.model.Bundle;

import ca.uhn.fhir.rest.annotation.At;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;

/** Whole-system interactions: transaction and batch bundles (POST to the base) and system history. */
final class SystemProvider {

	private final BundleProcessor bundles;
	private final RecordStore store;
	private final RequestAccess access;
	private final FhirProperties properties;

	SystemProvider(BundleProcessor bundles, RecordStore store, RequestAccess access, FhirProperties properties) {
		this.bundles = bundles;
		this.store = store;
		this.access = access;
		this.properties = properties;
	}

	@Transaction
	public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
		return bundles.process(access.of(request), bundle, RequestAccess.returnRepresentation(request));
	}

	@History
	public IBundleProvider history(@Since Date since, @At DateRangeParam at, @Count Integer count, @Offset Integer offset,
			RequestDetails request) {
		return new HistoryBundleProvider(store, access.of(request), null, null, HistoryParams.window(since, at), PageSize.of(count, properties), offset);
	}
}

package org.custodian.fhir;

import java.util.Date;

import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.api.server.IBundleProvider;

/**
 * What every result bundle of ours shares: the instant it was produced and its page size. There is
 * no server-side search id; paging works by {@code _offset} or through HAPI's paging store.
 */
abstract class PagedResult implements IBundleProvider {

	private final InstantType published = InstantType.now();
	private final int pageSize;

	PagedResult(int pageSize) {
		this.pageSize = pageSize;
	}

	@Override
	public IPrimitiveType<Date> getPublished() {
		return published;
	}

	@Override
	public @Nullable String getUuid() {
		return null;
	}

	@Override
	public Integer preferredPageSize() {
		return pageSize;
	}
}

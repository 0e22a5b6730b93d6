package org.custodian.fhir;

import java.time.Instant;
import java.util.Date;

import org.custodian.record.HistoryWindow;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.param.DateRangeParam;

/** {@code _since} and {@code _at} of a history request, as a window ending now. */
final class HistoryParams {

	private HistoryParams() {}

	static HistoryWindow window(@Nullable Date since, @Nullable DateRangeParam at) {
		Instant atLow = at != null && at.getLowerBoundAsInstant() != null ? at.getLowerBoundAsInstant().toInstant() : null;
		Instant atHigh = at != null && at.getUpperBoundAsInstant() != null ? at.getUpperBoundAsInstant().toInstant() : null;
		if (atHigh == null && atLow != null) {
			atHigh = Instant.now();
		}
		return new HistoryWindow(since == null ? null : since.toInstant(), atLow, atHigh, Instant.now());
	}
}

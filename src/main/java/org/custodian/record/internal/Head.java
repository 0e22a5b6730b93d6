package org.custodian.record.internal;

import java.time.Instant;

/** The head pointer of one logical resource: its internal id and current version. */
public record Head(long resId, String type, String id, int version, Instant lastUpdated, boolean deleted) {

	public String localReference() {
		return type + "/" + id;
	}
}

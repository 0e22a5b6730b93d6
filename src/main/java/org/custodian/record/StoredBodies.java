package org.custodian.record;

import java.time.Instant;

import org.custodian.record.internal.RecordParts;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * Opens a stored version's body (plain or sealed) for a background job of the store's own that reads
 * version rows in bulk under its own locks (re-indexing), where going through {@link RecordStore} one
 * resource at a time would not do.
 */
@Component
public class StoredBodies {

	private final RecordParts parts;

	StoredBodies(RecordParts parts) {
		this.parts = parts;
	}

	public IBaseResource open(short codec, byte[] body, String type, String id, int version) {
		return parts.codec().decode(codec, body, type, id, version, Instant.EPOCH);
	}
}

package org.custodian.record.internal;

import java.time.Instant;
import java.util.List;

import org.custodian.record.StoredVersion.Operation;
import org.custodian.search.IndexEntry;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;

/**
 * One version ready to be written: everything computed (body encoded, index extracted, local
 * references listed) before the batch touches the database, so the database work is a few
 * batched statements.
 *
 * @param resId          internal id: allocated for a new resource, the head's for an existing one
 * @param isNew          whether the head row must be inserted rather than updated
 * @param localReferences the {@code Type/id} targets of every local reference in the resource
 * @param label          the bundle entry this write came from, for messages; null outside bundles
 */
public record PendingWrite(long resId, boolean isNew, String type, String id, int version, Operation operation,
		Instant lastUpdated, @Nullable IBaseResource resource, byte @Nullable [] body, short codec,
		List<IndexEntry> index, List<String> localReferences, @Nullable String label) {

	public String localReference() {
		return type + "/" + id;
	}

	/** How messages name this write: the bundle entry it came from, or the resource. */
	public String describe() {
		return label != null ? label : type + "/" + id;
	}
}

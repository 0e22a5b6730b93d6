package org.custodian.record.internal;

import java.util.List;

import org.custodian.search.IndexEntry;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A validated resource with everything that does not depend on the stored state computed: its
 * encoded body, its index entries and its local references. Preparing is pure CPU work, so it can
 * run before a database transaction is opened.
 */
public record PreparedResource(String type, String id, IBaseResource resource, byte[] body, short codec,
		List<IndexEntry> index, List<String> localReferences) {}

package org.custodian.record;

import org.custodian.access.AccessContext;

import java.util.HashMap;
import java.util.Map;

import org.custodian.record.internal.Head;
import org.custodian.record.internal.RecordParts;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Rewrites the references of a transaction's resources: placeholders (the fullUrl of another
 * entry, typically {@code urn:uuid:…}) become that entry's {@code Type/id}, and conditional
 * references ({@code Type?query}) become the one resource they match. A placeholder that names no
 * entry, and a condition that matches none or several, fail the transaction.
 */
final class ReferenceResolution {

	private final RecordParts parts;
	private final Map<String, String> placeholders;
	private final Map<String, String> conditional = new HashMap<>();

	private final AccessContext access;

	ReferenceResolution(RecordParts parts, AccessContext access, Map<String, String> placeholders) {
		this.parts = parts;
		this.access = access;
		this.placeholders = placeholders;
	}

	void rewrite(IBaseResource resource) {
		parts.references().rewrite(resource, this::resolve);
	}

	private String resolve(String value) {
		String mapped = placeholders.get(value);
		if (mapped != null) {
			return mapped;
		}
		if (value.startsWith("urn:uuid:") || value.startsWith("urn:oid:")) {
			throw new CustodianException.Invalid(ErrorCode.UNRESOLVED_PLACEHOLDER,
					"Reference " + value + " names no entry of this transaction (no entry has that fullUrl)");
		}
		int q = value.indexOf('?');
		// Only the part before '?' decides: the query itself often holds a system URL.
		if (q > 0 && parts.ctx().getResourceTypes().contains(value.substring(0, q))) {
			return conditional.computeIfAbsent(value, v -> matchOne(v.substring(0, q), v.substring(q + 1)));
		}
		return value;
	}

	private String matchOne(String type, String query) {
		Head head = new ConditionalWrites(parts).referenceMatch(access, type, query);
		if (head == null) {
			throw new CustodianException.Invalid(ErrorCode.REFERENCED_RESOURCE_MISSING,
					"Conditional reference " + type + "?" + query + " matches no resource");
		}
		return head.localReference();
	}
}

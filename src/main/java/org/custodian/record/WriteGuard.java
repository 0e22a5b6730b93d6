package org.custodian.record;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;

/**
 * A check every change to an existing resource passes, inside its transaction, just before it is
 * written: a feature that knows a resource may no longer change (a signed note, say) refuses it here,
 * whatever the path of the write (the API, a transaction, a merge, an import).
 */
@FunctionalInterface
public interface WriteGuard {

	/**
	 * Throws a {@link org.custodian.support.CustodianException} when {@code type/id} may not become
	 * {@code resource} ({@code null}: be deleted).
	 */
	void check(String type, String id, @Nullable IBaseResource resource);

	WriteGuard NONE = (type, id, resource) -> {};
}

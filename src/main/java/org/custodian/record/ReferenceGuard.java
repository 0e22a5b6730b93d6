package org.custodian.record;

import java.util.List;

/**
 * A check every write passes, inside its transaction, on where its references point: a feature that
 * knows a reference must no longer be made (a patient merged away, say) refuses it here, whatever the
 * path of the write (the API, a transaction, an import, a feed).
 */
@FunctionalInterface
public interface ReferenceGuard {

	/** Throws a {@link org.custodian.support.CustodianException} when {@code type}'s write may not refer as it does. */
	void check(String type, String describe, List<String> localReferences);

	ReferenceGuard NONE = (type, describe, references) -> {};
}

package org.custodian.record;

import java.util.List;

/**
 * The resources that refer to one resource: the current versions the caller may see, and how many
 * more exist that it may not (a count only, so a caller can tell that something would be left
 * behind without learning what it is).
 */
public record Referrers(List<StoredVersion> visible, int hidden) {

	public Referrers {
		visible = List.copyOf(visible);
	}
}

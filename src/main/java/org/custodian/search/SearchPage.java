package org.custodian.search;

import java.util.List;

import org.custodian.record.StoredVersion;
import org.jspecify.annotations.Nullable;

/**
 * One page of search results.
 *
 * @param included resources added by {@code _include}/{@code _revinclude}, not counted as matches
 * @param total   the number of matches, when the request asked for it
 * @param hasMore whether a further page exists
 * @param ignored parameters not applied under lenient handling, for the client to see
 * @param snapshotId the stored result that later pages are read from, when there are more pages and
 *                   the search is not paged by {@code _offset}
 */
public record SearchPage(List<StoredVersion> resources, List<StoredVersion> included, @Nullable Integer total,
		boolean hasMore, List<String> ignored, @Nullable String snapshotId) {}

package org.custodian.search;

import org.jspecify.annotations.Nullable;

/**
 * A stored multi-page result: what a next link points at.
 *
 * @param kind     {@code search} or {@code everything}
 * @param query    a search's parameters as received (the FHIR edge re-reads {@code _include} and
 *                 friends from it for each page); null for {@code $everything}
 * @param total    the number of matches, when known
 * @param complete whether {@code size} ids are all the matches; if not, pages past them run the
 *                 search again with an offset
 * @param size     the number of ids held
 * @param owner    the actor whose search it is: only they may page through it
 */
public record ResultSnapshot(String id, String kind, String type, @Nullable String query, @Nullable Integer total,
		boolean complete, int size, String owner) {}

package org.custodian.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.custodian.access.AccessContext;
import org.custodian.record.StoredVersion;

import ca.uhn.fhir.context.FhirContext;

/**
 * The records of a type that changed within a window of time, through the gate, page by page: for the
 * product's own tasks that keep something current as records change (chart deficiencies, data
 * quality). The window is (from, to]; pages are ordered by last change and id, so a transaction that
 * stamped thousands of versions with one time is read whole. A task should end its window a few
 * seconds before now, so that writes still committing are in the next one, and move its watermark only
 * after its work is done.
 */
public final class ChangedRecords {

	private final SearchService search;
	private final SearchRequestParser parser;
	private final int page;

	public ChangedRecords(SearchService search, FhirContext ctx, int page) {
		this.search = search;
		this.parser = new SearchRequestParser(ctx, page, page);
		this.page = page;
	}

	/** Hands every current version of {@code type} last changed in (from, to] to {@code each}, a page at a time. */
	public void within(AccessContext access, String type, Instant from, Instant to, Consumer<List<StoredVersion>> each) {
		for (int offset = 0;; offset += page) {
			SearchPage found = search.firstMatches(access, parser.parse(type, Map.of("_lastUpdated", new String[] {"gt" + from,
					"le" + to}, "_sort", new String[] {"_lastUpdated,_id"}, "_count", new String[] {String.valueOf(page)},
					"_offset", new String[] {String.valueOf(offset)}), true));
			if (!found.resources().isEmpty()) {
				each.accept(found.resources());
			}
			if (!found.hasMore()) {
				return;
			}
		}
	}
}

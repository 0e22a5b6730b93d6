package org.custodian.search.battery;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs battery queries against one server: resolves the query's placeholders with that server's
 * ids, asks with {@code Prefer: handling=strict} (a parameter the server cannot apply must be an
 * error, never silently dropped, or the comparison would be meaningless), follows {@code next}
 * links to the end, and translates every resource back to its Synthea identity.
 */
public final class BatteryRunner {

	/** More pages than any battery query needs at {@link BatteryQuery#PAGE_SIZE}: a guard against a paging loop. */
	private static final int MAX_PAGES = 50;

	private final FhirJsonClient http;
	private final String base;
	private final ServerIds ids;

	/** {@code token}: the bearer access token to search with, or null for a server without access control. */
	public BatteryRunner(String base, ServerIds ids, @Nullable String token) {
		this.base = base;
		this.ids = ids;
		this.http = new FhirJsonClient(token);
	}

	public SearchAnswer run(BatteryQuery query) {
		String url = query.url(base, ids);
		List<String> matches = new ArrayList<>();
		TreeSet<String> includes = new TreeSet<>();
		Integer total = null;
		for (int page = 0; url != null; page++) {
			if (page == MAX_PAGES) {
				return SearchAnswer.refused(0, "more than " + MAX_PAGES + " pages: the server's next links do not end");
			}
			FhirJsonClient.Reply reply;
			try {
				reply = http.get(url, "Prefer", "handling=strict");
			} catch (IllegalStateException e) {
				// No answer at all (a timeout, a dropped connection) is an answer too, reported as such.
				return SearchAnswer.refused(0, e.getMessage());
			}
			if (!reply.ok()) {
				return SearchAnswer.refused(reply.status(), reply.diagnostics());
			}
			JsonNode bundle = reply.body();
			if (page == 0 && bundle.has("total")) {
				total = bundle.get("total").asInt();
			}
			for (JsonNode entry : bundle.path("entry")) {
				JsonNode resource = entry.path("resource");
				String mode = entry.path("search").path("mode").asText("match");
				if (mode.equals("outcome") || resource.path("resourceType").asText().equals("OperationOutcome")) {
					continue;
				}
				String identity = identity(resource);
				if (mode.equals("include")) {
					includes.add(identity);
				} else {
					matches.add(identity);
				}
			}
			url = next(bundle);
		}
		return new SearchAnswer(200, List.copyOf(matches), includes, total, "");
	}

	private String identity(JsonNode resource) {
		String serverRef = resource.path("resourceType").asText() + "/" + resource.path("id").asText();
		String identity = ids.identity(serverRef);
		return identity != null ? identity : "?" + serverRef;
	}

	private static String next(JsonNode bundle) {
		for (JsonNode link : bundle.path("link")) {
			if (link.path("relation").asText().equals("next")) {
				return link.path("url").asText();
			}
		}
		return null;
	}
}

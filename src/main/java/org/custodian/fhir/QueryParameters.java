package org.custodian.fhir;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's parameters as one {@code application/x-www-form-urlencoded} string and back, so a
 * search can be stored with its result snapshot and re-read when a later page is asked for.
 */
final class QueryParameters {

	private QueryParameters() {}

	static String encode(Map<String, String[]> parameters) {
		StringBuilder out = new StringBuilder();
		for (Map.Entry<String, String[]> e : parameters.entrySet()) {
			for (String value : e.getValue()) {
				if (out.length() > 0) {
					out.append('&');
				}
				out.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
						.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
			}
		}
		return out.toString();
	}

	static Map<String, String[]> decode(String encoded) {
		Map<String, List<String>> grouped = new LinkedHashMap<>();
		for (String pair : encoded.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			grouped.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
		}
		Map<String, String[]> out = new LinkedHashMap<>();
		grouped.forEach((k, v) -> out.put(k, v.toArray(String[]::new)));
		return out;
	}
}

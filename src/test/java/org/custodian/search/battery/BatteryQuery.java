package org.custodian.search.battery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One search of the battery, written in Synthea terms: a value that names a resource is a
 * placeholder, {@code {ref:Patient/uuid}} for {@code Patient/serverId} or {@code {id:Patient/uuid}}
 * for the bare {@code serverId}, filled in per server from its {@link ServerIds}.
 *
 * @param facet      what the query exercises ({@code "token system|code"}, {@code "date sa day"}…),
 *                   for the report
 * @param comparison how results are compared: as a set, in order (the query sorts), as a set that may
 *                   only grow (date {@code ap}), or by the total alone
 */
public record BatteryQuery(String type, List<Param> params, Comparison comparison, String facet) {

	/** The page size asked of both servers, so most results come in one page. */
	static final int PAGE_SIZE = 1000;

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{(ref|id):([A-Za-z]+)/([^}]+)\\}");

	public record Param(String name, String value) {}

	public enum Comparison {
		/** The matches as a set (no order was asked for). */
		SET,
		/** The matches in order, resources that tie on every sort key forming one unordered group. */
		ORDER,
		/**
		 * At least the recorded matches, maybe more: {@code ap} on a date widens by a share of the
		 * distance between the date and now (R4 search.html#prefix), so its window grows with time.
		 */
		AT_LEAST,
		/** Only {@code Bundle.total} ({@code _summary=count}). */
		COUNT
	}

	public BatteryQuery {
		params = List.copyOf(params);
	}

	/** The query as written, placeholders included: its name in reports and in the expectations file. */
	public String template() {
		StringBuilder sb = new StringBuilder(type);
		for (int i = 0; i < params.size(); i++) {
			sb.append(i == 0 ? '?' : '&').append(params.get(i).name()).append('=').append(params.get(i).value());
		}
		return sb.toString();
	}

	/** The request URL on one server: placeholders resolved, values percent-encoded, large pages. */
	public String url(String base, ServerIds ids) {
		StringBuilder sb = new StringBuilder(base).append('/').append(type);
		List<Param> all = new ArrayList<>(params);
		if (comparison != Comparison.COUNT) {
			all.add(new Param("_count", Integer.toString(PAGE_SIZE)));
		}
		for (int i = 0; i < all.size(); i++) {
			sb.append(i == 0 ? '?' : '&').append(encode(all.get(i).name())).append('=')
					.append(encode(resolve(all.get(i).value(), ids)));
		}
		return sb.toString();
	}

	static String resolve(String value, ServerIds ids) {
		Matcher m = PLACEHOLDER.matcher(value);
		StringBuilder sb = new StringBuilder();
		while (m.find()) {
			String serverRef = ids.serverRef(m.group(2) + "/" + m.group(3));
			String replacement = m.group(1).equals("ref") ? serverRef : serverRef.substring(serverRef.indexOf('/') + 1);
			m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
		}
		m.appendTail(sb);
		return sb.toString();
	}

	public static String ref(String identity) {
		return "{ref:" + identity + "}";
	}

	public static String id(String identity) {
		return "{id:" + identity + "}";
	}

	/**
	 * Percent-encodes what a URL cannot carry raw, but keeps the characters FHIR search gives meaning
	 * to ({@code , : . $}) as they are, so both servers split OR lists and chains on the same text.
	 */
	private static String encode(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2C", ",").replace("%3A", ":")
				.replace("%24", "$");
	}
}

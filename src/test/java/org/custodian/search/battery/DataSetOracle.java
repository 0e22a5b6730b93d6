package org.custodian.search.battery;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.custodian.search.IndexEntry;
import org.custodian.search.IndexEntry.DateRange;
import org.custodian.search.IndexEntry.QuantityValue;
import org.custodian.search.IndexEntry.ReferenceValue;
import org.custodian.search.IndexEntry.StringValue;
import org.custodian.search.IndexEntry.TokenValue;
import org.custodian.search.battery.BatteryQuery.Param;

/**
 * A third opinion where the two servers differ: evaluates simple battery queries directly over the
 * data set, following the R4 definitions word for word (search.html#prefix for dates and
 * quantities, #string, #token, #reference), in plain Java over the extracted index values. It shares
 * only the value extraction with Custodian, not the matching, and answers only queries made of
 * references to data-set resources, tokens ({@code code}, {@code system|code}, {@code :text}),
 * strings (plain, {@code :exact}, {@code :contains}), dates and quantities with any prefix, with OR
 * lists; for anything else (chains, {@code _has}, sorts, includes, counts) it declines.
 */
final class DataSetOracle {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{(ref|id):([A-Za-z]+/[^}]+)\\}");
	private static final Pattern PREFIXED = Pattern.compile("^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(.*)$");

	private final SyntheaRecords records;
	private final long now;

	DataSetOracle(SyntheaRecords records, long nowMillis) {
		this.records = records;
		this.now = nowMillis;
	}

	/** The identities the query should find, or empty when the query is beyond this oracle. */
	Optional<TreeSet<String>> expected(BatteryQuery query) {
		if (query.comparison() == BatteryQuery.Comparison.COUNT || query.comparison() == BatteryQuery.Comparison.ORDER) {
			return Optional.empty();
		}
		for (Param p : query.params()) {
			if (p.name().startsWith("_") || p.name().contains(".") || kind(query.type(), p) == null) {
				return Optional.empty();
			}
		}
		TreeSet<String> found = new TreeSet<>();
		for (String identity : records.ofType(query.type())) {
			if (query.params().stream().allMatch(p -> matchesAny(identity, query.type(), p))) {
				found.add(identity);
			}
		}
		return Optional.of(found);
	}

	private static String kind(String type, Param p) {
		String code = p.name().contains(":") ? p.name().substring(0, p.name().indexOf(':')) : p.name();
		String modifier = p.name().contains(":") ? p.name().substring(p.name().indexOf(':') + 1) : null;
		var param = ca.uhn.fhir.context.FhirContext.forR4Cached().getResourceDefinition(type).getSearchParam(code);
		if (param == null) {
			return null;
		}
		String kind = param.getParamType().name();
		boolean supported = switch (kind) {
			case "TOKEN" -> modifier == null || modifier.equals("text");
			case "STRING" -> modifier == null || modifier.equals("exact") || modifier.equals("contains");
			case "DATE", "QUANTITY" -> modifier == null;
			case "REFERENCE" -> modifier == null && PLACEHOLDER.matcher(p.value()).find();
			default -> false;
		};
		return supported ? kind : null;
	}

	private boolean matchesAny(String identity, String type, Param p) {
		String code = p.name().contains(":") ? p.name().substring(0, p.name().indexOf(':')) : p.name();
		String modifier = p.name().contains(":") ? p.name().substring(p.name().indexOf(':') + 1) : "";
		List<IndexEntry> entries = records.entries(identity, code);
		for (String value : splitOr(p.value())) {
			for (IndexEntry e : entries) {
				if (matches(e, modifier, value)) {
					return true;
				}
			}
		}
		return false;
	}

	private boolean matches(IndexEntry e, String modifier, String value) {
		if (e instanceof ReferenceValue r) {
			Matcher m = PLACEHOLDER.matcher(value);
			return m.matches() && m.group(2).equals(r.targetType() + "/" + r.targetId());
		}
		if (e instanceof TokenValue t) {
			return token(t, modifier, value);
		}
		if (e instanceof StringValue s) {
			return switch (modifier) {
				case "exact" -> s.exact().equals(value);
				case "contains" -> normalize(s.exact()).contains(normalize(value));
				default -> normalize(s.exact()).startsWith(normalize(value));
			};
		}
		if (e instanceof DateRange d) {
			Matcher m = PREFIXED.matcher(value);
			m.matches();
			return ordered(prefix(m.group(1)), d.low(), d.high(), dateRange(m.group(2)));
		}
		if (e instanceof QuantityValue q) {
			return quantity(q, value);
		}
		return false;
	}

	private static boolean token(TokenValue t, String modifier, String value) {
		if (modifier.equals("text")) {
			return t.text() != null && normalize(t.text()).startsWith(normalize(value));
		}
		int bar = value.indexOf('|');
		if (bar < 0) {
			return value.equals(t.code());
		}
		String system = value.substring(0, bar);
		String code = value.substring(bar + 1);
		if (code.isEmpty()) {
			return system.equals(t.system());
		}
		return code.equals(t.code()) && (system.isEmpty() ? t.system() == null : system.equals(t.system()));
	}

	/** The quantity prefixes: eq, ne and ap with the search value's precision; the others exactly (#number). */
	private static boolean quantity(QuantityValue q, String value) {
		String[] parts = value.split("\\|", -1);
		Matcher m = PREFIXED.matcher(parts[0]);
		m.matches();
		String prefix = prefix(m.group(1));
		BigDecimal v = new BigDecimal(m.group(2));
		if (parts.length == 3 && !parts[2].isEmpty() && !parts[2].equals(q.code())
				|| parts.length == 3 && !parts[1].isEmpty() && !parts[1].equals(q.system())) {
			return false;
		}
		BigDecimal x = q.value();
		BigDecimal half = BigDecimal.valueOf(5, v.scale() + 1);
		return switch (prefix) {
			case "eq" -> q.low().compareTo(v.subtract(half)) >= 0 && q.high().compareTo(v.add(half)) <= 0;
			case "ne" -> !(q.low().compareTo(v.subtract(half)) >= 0 && q.high().compareTo(v.add(half)) <= 0);
			case "gt", "sa" -> x.compareTo(v) > 0;
			case "lt", "eb" -> x.compareTo(v) < 0;
			case "ge" -> x.compareTo(v) >= 0;
			case "le" -> x.compareTo(v) <= 0;
			default -> {
				BigDecimal widen = v.abs().divide(BigDecimal.TEN);
				yield x.compareTo(v.subtract(widen)) >= 0 && x.compareTo(v.add(widen)) <= 0;
			}
		};
	}

	/** The date prefixes on ranges, as the table of search.html#prefix defines them. */
	private boolean ordered(String prefix, long low, long high, long[] q) {
		boolean contained = low >= q[0] && high <= q[1];
		return switch (prefix) {
			case "eq" -> contained;
			case "ne" -> !contained;
			case "gt" -> high > q[1];
			case "lt" -> low < q[0];
			case "ge" -> high > q[1] || contained;
			case "le" -> low < q[0] || contained;
			case "sa" -> low > q[1];
			case "eb" -> high < q[0];
			default -> {
				// ap: overlap with the searched range widened by 10% of its distance from now.
				long widen = Math.max(Math.abs(now - q[0]), Math.abs(now - q[1])) / 10;
				yield low <= q[1] + widen && high >= q[0] - widen;
			}
		};
	}

	/** The range a year, month, day or {@code yyyy-MM-ddTHH:mm:ssZ} covers, in epoch milliseconds. */
	private static long[] dateRange(String text) {
		if (text.contains("T")) {
			long start = Instant.parse(text).toEpochMilli();
			return new long[] {start, start + 999};
		}
		String[] p = text.split("-");
		LocalDateTime start = LocalDateTime.of(Integer.parseInt(p[0]), p.length > 1 ? Integer.parseInt(p[1]) : 1,
				p.length > 2 ? Integer.parseInt(p[2]) : 1, 0, 0);
		LocalDateTime next = p.length == 1 ? start.plusYears(1) : p.length == 2 ? start.plusMonths(1) : start.plusDays(1);
		return new long[] {start.toInstant(ZoneOffset.UTC).toEpochMilli(), next.toInstant(ZoneOffset.UTC).toEpochMilli() - 1};
	}

	private static String prefix(String p) {
		return p == null ? "eq" : p;
	}

	/** Case- and accent-insensitive, as string search is (search.html#string). */
	private static String normalize(String s) {
		return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT).trim();
	}

	/**
	 * Splits an OR list on commas that are not escaped, and unescapes. Written here rather than
	 * borrowed from Custodian: the oracle shares only the value extraction with the server it checks.
	 */
	private static List<String> splitOr(String value) {
		List<String> out = new ArrayList<>();
		StringBuilder cur = new StringBuilder();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' && i + 1 < value.length()) {
				cur.append(value.charAt(++i));
			} else if (c == ',') {
				out.add(cur.toString());
				cur.setLength(0);
			} else {
				cur.append(c);
			}
		}
		out.add(cur.toString());
		return out;
	}
}

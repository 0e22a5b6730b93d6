package org.custodian.search;

import java.util.ArrayList;
import java.util.List;

/**
 * The escapes of FHIR search values: {@code \,} is a comma that does not separate OR values,
 * {@code \$} a dollar that does not separate the components of a composite value, {@code \\} a
 * backslash. OR values are split when the request is parsed; a composite's components only when it
 * is compiled, so {@code \$} survives the first split and is removed by the second (or, for any
 * other parameter type, by {@link #plain}).
 */
final class SearchValues {

	private SearchValues() {}

	/** Splits on unescaped commas, removing the escapes, except {@code \$} (see the class comment). */
	static List<String> splitOr(String value) {
		return split(value, ',', true);
	}

	/** Splits a composite value on unescaped {@code $} and removes the remaining escapes. */
	static List<String> splitComposite(String value) {
		return split(value, '$', false);
	}

	/** A value of a parameter that is not composite: {@code \$} is a plain dollar. */
	static String plain(String value) {
		return value.indexOf('\\') < 0 ? value : value.replace("\\$", "$");
	}

	/** The inverse of {@link #splitOr}: values joined into one, to be split again (chains re-parse their rest). */
	static String joinOr(List<String> values) {
		List<String> escaped = new ArrayList<>(values.size());
		for (String v : values) {
			escaped.add(v.replace("\\", "\\\\").replace("\\\\$", "\\$").replace(",", "\\,"));
		}
		return String.join(",", escaped);
	}

	private static List<String> split(String value, char separator, boolean keepEscapedDollar) {
		List<String> out = new ArrayList<>();
		StringBuilder cur = new StringBuilder();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' && i + 1 < value.length()) {
				char next = value.charAt(++i);
				if (keepEscapedDollar && next == '$') {
					cur.append('\\');
				}
				cur.append(next);
			} else if (c == separator) {
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

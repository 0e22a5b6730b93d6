package org.custodian.search;

import java.util.ArrayList;
import java.util.List;

/** SQL text with its bind values, built together so a value is never concatenated into the text. */
final class SqlBuilder {

	private final StringBuilder sql = new StringBuilder();
	private final List<Object> args = new ArrayList<>();

	SqlBuilder append(String text) {
		sql.append(text);
		return this;
	}

	/** Appends {@code text}, whose {@code ?} placeholders take {@code values} in order. */
	SqlBuilder append(String text, Object... values) {
		sql.append(text);
		args.addAll(List.of(values));
		return this;
	}

	String sql() {
		return sql.toString();
	}

	Object[] args() {
		return args.toArray();
	}
}

package org.custodian.search;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;

import org.custodian.search.ValueSetContents.Code;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * The condition that one index row matches one search value, per value type and modifier. The row
 * is named by an alias, so the same conditions serve a plain clause (one row of the resource) and
 * the components of a composite (rows of one element). {@code key} is the parameter code, or the
 * key a composite component is indexed under. Each condition leads with a hashed identity, so
 * PostgreSQL can seek on it.
 */
final class ValueCriteria {

	private final Clock clock;
	private final ValueSetCodes valueSets;
	private final ReferenceTargets targets;
	private final CodeSystemHierarchy hierarchy;

	ValueCriteria(Clock clock, ValueSetCodes valueSets, ReferenceTargets targets, CodeSystemHierarchy hierarchy) {
		this.clock = clock;
		this.valueSets = valueSets;
		this.targets = targets;
		this.hierarchy = hierarchy;
	}

	/** The index table that values of this kind, searched with this modifier, are stored in. */
	static String table(RestSearchParameterTypeEnum kind, @Nullable String modifier) {
		return switch (kind) {
			case STRING -> "idx_string";
			case TOKEN -> "idx_token";
			case DATE -> "idx_date";
			case NUMBER -> "idx_number";
			case QUANTITY -> "idx_quantity";
			case REFERENCE -> "identifier".equals(modifier) ? "idx_token" : "idx_reference";
			case URI -> "idx_uri";
			default -> throw new IllegalArgumentException("no index table for " + kind);
		};
	}

	/** Appends the condition that row {@code x} matches {@code value}. */
	void append(SqlBuilder sql, String x, String type, String key, RestSearchParameterTypeEnum kind,
			@Nullable String modifier, String value) {
		long identity = IndexHash.identity(type, key);
		switch (kind) {
			case TOKEN -> token(sql, x, type, key, modifier, value);
			case STRING -> string(sql, x, identity, key, modifier, value);
			case DATE -> {
				requireModifier(key, modifier, null);
				SearchPrefix.Split split = SearchPrefix.split(value);
				long[] range = OrderedCriteria.dateRange(key, split.prefix(), split.value(), clock);
				sql.append(x + ".hash_identity = ? and ", identity);
				OrderedCriteria.compare(sql, split.prefix(), x + ".low_ms", x + ".high_ms", range[0], range[1]);
			}
			case NUMBER -> {
				requireModifier(key, modifier, null);
				SearchPrefix.Split split = SearchPrefix.split(value);
				BigDecimal[] range = OrderedCriteria.numberRange(key, split.prefix(), split.value());
				sql.append(x + ".hash_identity = ? and ", identity);
				OrderedCriteria.compare(sql, split.prefix(), x + ".value", x + ".value", range[0], range[1]);
			}
			case QUANTITY -> {
				requireModifier(key, modifier, null);
				quantity(sql, x, type, key, identity, value);
			}
			case REFERENCE -> reference(sql, x, type, key, identity, modifier, value);
			case URI -> uri(sql, x, identity, key, modifier, value);
			default -> throw ClauseCompiler.unsupported(key, "parameters of this type");
		}
	}

	private void token(SqlBuilder sql, String x, String type, String key, @Nullable String modifier, String value) {
		if (modifier == null || modifier.equals("not")) {
			tokenForms(sql, x, type, key, value);
		} else if (modifier.equals("text")) {
			sql.append(x + ".hash_identity = ? and lower(" + x + ".display) like ?", IndexHash.identity(type, key),
					ClauseCompiler.like(SearchStrings.normalize(value)));
		} else if (modifier.equals("of-type")) {
			ofType(sql, x, type, key, value);
		} else if (modifier.equals("in") || modifier.equals("not-in")) {
			in(sql, x, type, key, value);
		} else if (modifier.equals("above") || modifier.equals("below")) {
			subsumption(sql, x, type, key, modifier, value);
		} else {
			throw ClauseCompiler.unsupported(key, "modifier :" + modifier + " on a token parameter");
		}
	}

	/**
	 * {@code code:below=system|code}: the code or any code it subsumes; {@code :above}, the code or any
	 * code that subsumes it; by the hierarchy of the code system stored here.
	 */
	private void subsumption(SqlBuilder sql, String x, String type, String key, String modifier, String value) {
		int bar = value.indexOf('|');
		if (bar <= 0 || bar == value.length() - 1) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE, key + ":" + modifier + " takes system|code"
					+ " (subsumption is within one code system), not '" + value + "'");
		}
		String system = value.substring(0, bar);
		String code = value.substring(bar + 1);
		List<String> codes = new java.util.ArrayList<>(modifier.equals("below") ? hierarchy.below(key, system, code)
				: hierarchy.above(key, system, code));
		if (!codes.contains(code)) {
			codes.add(code);
		}
		long[] hashes = codes.stream().mapToLong(c -> IndexHash.tokenSystemCode(type, key, system, c)).toArray();
		sql.append(x + ".hash_sys_code = any(?)", (Object) hashes);
	}

	/** {@code code}, {@code |code}, {@code system|} or {@code system|code}: one hash each. */
	private static void tokenForms(SqlBuilder sql, String x, String type, String key, String value) {
		int bar = value.indexOf('|');
		if (bar < 0) {
			sql.append(x + ".hash_code = ?", IndexHash.tokenCode(type, key, value));
		} else if (bar == value.length() - 1) {
			sql.append(x + ".hash_sys = ?", IndexHash.tokenSystem(type, key, value.substring(0, bar)));
		} else {
			String system = value.substring(0, bar);
			sql.append(x + ".hash_sys_code = ?",
					IndexHash.tokenSystemCode(type, key, system.isEmpty() ? null : system, value.substring(bar + 1)));
		}
	}

	/** {@code identifier:of-type=typeSystem|typeCode|value}, indexed by {@link TokenMapper} under its own key. */
	private static void ofType(SqlBuilder sql, String x, String type, String key, String value) {
		String[] parts = value.split("\\|", -1);
		if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE, key + ":of-type takes"
					+ " type-system|type-code|value (for example http://terminology.hl7.org/CodeSystem/v2-0203|MR|12345),"
					+ " not '" + value + "'");
		}
		sql.append(x + ".hash_sys_code = ?", IndexHash.tokenSystemCode(type, TokenMapper.ofTypeKey(key),
				parts[0].isEmpty() ? null : parts[0], TokenMapper.ofTypeCode(parts[1], parts[2])));
	}

	/** {@code code:in=url}: any code of the stored value set; the caller negates for {@code :not-in}. */
	private void in(SqlBuilder sql, String x, String type, String key, String value) {
		List<Code> codes = valueSets.codes(key, value);
		long[] hashes = new long[codes.size()];
		for (int i = 0; i < hashes.length; i++) {
			hashes[i] = IndexHash.tokenSystemCode(type, key, codes.get(i).system(), codes.get(i).code());
		}
		sql.append(x + ".hash_sys_code = any(?)", (Object) hashes);
	}

	private static void string(SqlBuilder sql, String x, long identity, String key, @Nullable String modifier,
			String value) {
		if ("exact".equals(modifier)) {
			sql.append(x + ".hash_identity = ? and " + x + ".value_exact = ?", identity, value);
		} else if ("contains".equals(modifier)) {
			sql.append(x + ".hash_identity = ? and " + x + ".value_norm like ?", identity,
					"%" + ClauseCompiler.like(SearchStrings.normalize(value)));
		} else if (key.equals(Phonetics.PARAM)) {
			// By the spelling's prefix, as any string parameter, or by sound (Phonetics): any word's code agreeing.
			requireModifier(key, modifier, null);
			sql.append(x + ".hash_identity = ? and (" + x + ".value_norm like ? or " + x + ".value_norm = any(?))", identity,
					ClauseCompiler.like(SearchStrings.normalize(value)),
					(Object) Phonetics.codes(value).stream().map(c -> Phonetics.MARK + c).toArray(String[]::new));
		} else {
			requireModifier(key, modifier, null);
			sql.append(x + ".hash_identity = ? and " + x + ".value_norm like ?", identity,
					ClauseCompiler.like(SearchStrings.normalize(value)));
		}
	}

	private static void quantity(SqlBuilder sql, String x, String type, String key, long identity, String value) {
		String[] parts = value.split("\\|", -1);
		SearchPrefix.Split split = SearchPrefix.split(parts[0]);
		BigDecimal[] range = OrderedCriteria.numberRange(key, split.prefix(), split.value());
		String system = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null;
		String unit = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : null;
		if (system != null && unit != null) {
			sql.append(x + ".hash_units = ? and ", IndexHash.quantityUnits(type, key, system, unit));
		} else if (unit != null) {
			sql.append(x + ".hash_identity = ? and " + x + ".code = ? and ", identity, unit);
		} else {
			sql.append(x + ".hash_identity = ? and ", identity);
		}
		OrderedCriteria.compare(sql, split.prefix(), x + ".value", x + ".value", range[0], range[1]);
	}

	private void reference(SqlBuilder sql, String x, String type, String key, long identity,
			@Nullable String modifier, String value) {
		if ("identifier".equals(modifier)) {
			tokenForms(sql, x, type, ReferenceMapper.identifierKey(key), value);
			return;
		}
		if (modifier != null && (modifier.isEmpty() || !Character.isUpperCase(modifier.charAt(0)))) {
			throw ClauseCompiler.unsupported(key, "modifier :" + modifier + " on a reference parameter");
		}
		if (value.contains("://")) {
			sql.append(x + ".hash_identity = ? and " + x + ".target_url = ?", identity, value);
			return;
		}
		String v = value.contains("/_history/") ? value.substring(0, value.indexOf("/_history/")) : value;
		int slash = v.indexOf('/');
		String targetType = slash > 0 ? v.substring(0, slash) : modifier;
		String targetId = slash > 0 ? v.substring(slash + 1) : v;
		sql.append(x + ".hash_identity = ? and ", identity);
		ReferenceTargets.appendTarget(sql, x + ".target_res_id", targets.resolve(targetType, targetId));
	}

	private static void uri(SqlBuilder sql, String x, long identity, String key, @Nullable String modifier,
			String value) {
		if ("below".equals(modifier)) {
			sql.append(x + ".hash_identity = ? and " + x + ".uri like ?", identity, ClauseCompiler.like(value));
		} else if ("above".equals(modifier)) {
			sql.append(x + ".hash_identity = ? and ? like replace(replace(" + x + ".uri, '%', '\\%'), '_', '\\_') || '%'",
					identity, value);
		} else {
			requireModifier(key, modifier, null);
			sql.append(x + ".hash_identity = ? and " + x + ".uri = ?", identity, value);
		}
	}

	private static void requireModifier(String key, @Nullable String modifier, @Nullable String allowed) {
		if (modifier != null && !modifier.equals(allowed)) {
			throw ClauseCompiler.unsupported(key, "modifier :" + modifier + " on this parameter");
		}
	}

	/** Whether a clause with this modifier matches resources that have none of its values. */
	static boolean negates(@Nullable String modifier) {
		return "not".equals(modifier) || "not-in".equals(modifier);
	}
}

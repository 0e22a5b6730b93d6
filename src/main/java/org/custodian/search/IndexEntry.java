package org.custodian.search;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * One extracted search-parameter value of one resource: a row of one of the seven typed index
 * tables. Entries carry raw values; {@link IndexHash} turns them into the hashed identities that
 * lead every index, so extraction and querying agree on one hashing scheme.
 *
 * <p>{@link #param()} is usually a parameter code as written in a URL. A few entries serve a
 * modifier or a composite and carry a key no URL parameter has: {@code identifier:of-type},
 * {@code subject:identifier}, a composite component's key ({@link CompositeParams.Shape#partKey}),
 * and the {@code $expansion} codes of a ValueSet.
 */
public sealed interface IndexEntry {

	/** The search parameter's code, as in the URL: {@code name}, {@code subject}, {@code code}. */
	String param();

	/**
	 * A string parameter value. {@code normalized} is lower-cased with accents removed (what plain
	 * and {@code :contains} searches match); {@code exact} is the value as written (for {@code :exact}).
	 */
	record StringValue(String param, String normalized, String exact) implements IndexEntry {}

	/** A token: system and/or code (either may be absent), and display text for {@code :text}. */
	record TokenValue(String param, @Nullable String system, @Nullable String code, @Nullable String text)
			implements IndexEntry {}

	/**
	 * A date, dateTime, instant or Period as the inclusive range of epoch milliseconds it covers at
	 * its precision: {@code 2020} covers 2020-01-01T00:00:00.000Z to 2020-12-31T23:59:59.999Z. Values
	 * without a time zone are taken as UTC. Open period ends are {@link Long#MIN_VALUE} / {@link Long#MAX_VALUE}.
	 */
	record DateRange(String param, long low, long high) implements IndexEntry {}

	/** A number with the range implied by its precision ({@code 100} covers 99.5 to 100.5). */
	record NumberRange(String param, BigDecimal value, BigDecimal low, BigDecimal high) implements IndexEntry {}

	/** A quantity (also Money, SimpleQuantity, Duration, Age…), with its unit system and code. */
	record QuantityValue(String param, @Nullable String system, @Nullable String code, BigDecimal value,
			BigDecimal low, BigDecimal high) implements IndexEntry {}

	/**
	 * A reference. A local reference ({@code Patient/123}) has targetType and targetId; an absolute or
	 * canonical one has url (and targetType when it can be read from the URL); a version given in
	 * the reference is kept in targetVersion.
	 */
	record ReferenceValue(String param, @Nullable String targetType, @Nullable String targetId,
			@Nullable String targetVersion, @Nullable String url) implements IndexEntry {}

	/** A uri, url or canonical value. */
	record UriValue(String param, String uri) implements IndexEntry {}

	/** Text for full-text search: the narrative ({@code _text}) or the whole content ({@code _content}). */
	record TextValue(String param, String text) implements IndexEntry {}

	/**
	 * One component value of a composite parameter, taken from one element of the resource (one
	 * Observation.component, say). The parts of one element share {@code group}, which is unique
	 * within the resource, so a composite search can require all its components to match one element.
	 */
	record CompositePart(int group, IndexEntry value) implements IndexEntry {

		@Override
		public String param() {
			return value.param();
		}
	}
}

package org.custodian.search;

import java.util.Set;

import org.custodian.search.IndexEntry.ReferenceValue;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.UriType;
import org.jspecify.annotations.Nullable;

/**
 * Reference parameters. A relative reference ({@code Patient/1}, {@code Patient/1/_history/2}) gives
 * targetType/targetId(/targetVersion); an absolute one ({@code http://x/fhir/Patient/1}, or a
 * {@code urn:uuid:}) gives url, plus targetType (and version) when the URL's path ends in
 * {@code Type/id[/_history/v]}. A canonical gives url with its {@code |version} split off; a
 * canonical written as {@code Type/id} is read as a local reference (as HAPI does), and any other
 * canonical text is kept as url. Contained ({@code #x}) references are not indexed; conditional
 * references ({@code Patient?identifier=...}) should have been resolved before indexing and are
 * reported invalid. A logical reference ({@code Reference.identifier}) is indexed as a token under
 * {@link #identifierKey}, for the {@code :identifier} modifier.
 */
final class ReferenceMapper {

	private final Set<String> resourceTypes;

	ReferenceMapper(Set<String> resourceTypes) {
		this.resourceTypes = resourceTypes;
	}

	/** Where the {@code Reference.identifier} values of reference parameter {@code param} are indexed. */
	static String identifierKey(String param) {
		return param + ":identifier";
	}

	Outcome map(String param, Base value, Set<IndexEntry> out) {
		if (value instanceof Reference reference) {
			return reference(param, reference, out);
		}
		if (value instanceof UriType uri) {
			return uri.hasValue() ? canonical(param, uri.getValue(), out) : Outcome.EMPTY;
		}
		return value instanceof Resource ? Outcome.IGNORED : Outcome.UNSUPPORTED;
	}

	private Outcome reference(String param, Reference reference, Set<IndexEntry> out) {
		boolean logical = reference.hasIdentifier() && TokenMapper.add(identifierKey(param),
				reference.getIdentifier().getSystem(), reference.getIdentifier().getValue(), null, out);
		String text = reference.getReference();
		if (SearchStrings.isBlank(text) || text.startsWith("#")) {
			return Outcome.of(logical);
		}
		ReferenceValue parsed = isAbsolute(text) ? absolute(param, text, null)
				: relative(param, text, reference.hasType() ? reference.getType() : null);
		return add(parsed, out);
	}

	private Outcome canonical(String param, String text, Set<IndexEntry> out) {
		int bar = text.indexOf('|');
		String url = bar < 0 ? text : text.substring(0, bar);
		String version = bar < 0 || bar == text.length() - 1 ? null : text.substring(bar + 1);
		if (url.isBlank() || url.startsWith("#")) {
			return Outcome.EMPTY;
		}
		if (isAbsolute(url)) {
			return add(absolute(param, url, version), out);
		}
		ReferenceValue local = relative(param, url, null);
		// Not Type/id either: still a uri, so exact-match search on it can work.
		return add(local != null ? local : new ReferenceValue(param, null, null, version, url), out);
	}

	/** A scheme before any query: {@code Patient?identifier=http://x|1} is a conditional (relative) reference. */
	private static boolean isAbsolute(String text) {
		int colon = text.indexOf(':');
		int query = text.indexOf('?');
		return colon >= 0 && (query < 0 || colon < query);
	}

	private static Outcome add(@Nullable ReferenceValue value, Set<IndexEntry> out) {
		if (value == null) {
			return Outcome.INVALID;
		}
		out.add(value);
		return Outcome.MAPPED;
	}

	private @Nullable ReferenceValue relative(String param, String text, @Nullable String typeHint) {
		if (text.indexOf('?') >= 0) {
			return null;
		}
		String[] parts = text.split("/", -1);
		if (parts.length == 1 && typeHint != null && resourceTypes.contains(typeHint)) {
			return new ReferenceValue(param, typeHint, text, null, null);
		}
		boolean versioned = parts.length == 4 && parts[2].equals("_history") && !parts[3].isEmpty();
		if ((parts.length != 2 && !versioned) || !resourceTypes.contains(parts[0]) || parts[1].isEmpty()) {
			return null;
		}
		return new ReferenceValue(param, parts[0], parts[1], versioned ? parts[3] : null, null);
	}

	/** Reads {@code .../Type/id[/_history/v]} from the end of the URL path when it is there. */
	private ReferenceValue absolute(String param, String url, @Nullable String canonicalVersion) {
		String path = url;
		int query = path.indexOf('?');
		if (query >= 0) {
			path = path.substring(0, query);
		}
		String[] parts = path.split("/");
		int n = parts.length;
		boolean versioned = n >= 4 && parts[n - 2].equals("_history");
		int typeAt = versioned ? n - 4 : n - 2;
		String type = typeAt >= 0 && resourceTypes.contains(parts[typeAt]) ? parts[typeAt] : null;
		String version = canonicalVersion != null ? canonicalVersion : versioned && type != null ? parts[n - 1] : null;
		return new ReferenceValue(param, type, null, version, url);
	}
}

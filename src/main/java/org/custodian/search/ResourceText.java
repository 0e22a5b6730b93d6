package org.custodian.search;

import java.util.Set;
import java.util.regex.Pattern;

import org.custodian.search.IndexEntry.TextValue;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * The text of a resource for full-text search: {@code _text} searches its narrative
 * ({@code text.div}, tags stripped), {@code _content} all of it (every string, markdown and code
 * value, displays included, and the narrative). PostgreSQL turns each into a {@code tsvector}
 * (English stemming, so "fractures" finds "fracture") in {@code idx_text}.
 */
final class ResourceText {

	static final String NARRATIVE = "_text";
	static final String CONTENT = "_content";
	/** Enough for any clinical note; a tsvector is limited to 1 MB. */
	private static final int MAX_CHARS = 200_000;
	private static final Pattern TAG = Pattern.compile("<[^>]*>");

	private ResourceText() {
	}

	static void index(Resource resource, Set<IndexEntry> out) {
		String narrative = "";
		if (resource instanceof DomainResource d && d.hasText() && d.getText().hasDiv()) {
			narrative = plain(d.getText().getDivAsString());
			if (!narrative.isBlank()) {
				out.add(new TextValue(NARRATIVE, clip(narrative)));
			}
		}
		StringBuilder content = new StringBuilder(narrative);
		collect(resource, content);
		if (!content.toString().isBlank()) {
			out.add(new TextValue(CONTENT, clip(content.toString())));
		}
	}

	private static void collect(Base element, StringBuilder out) {
		if (out.length() > MAX_CHARS) {
			return;
		}
		for (Property property : element.children()) {
			if (property.getName().equals("text") && element instanceof DomainResource) {
				continue; // the narrative, already taken as plain text
			}
			for (Base value : property.getValues()) {
				if (value instanceof StringType s) {
					if (s.hasValue()) {
						out.append(' ').append(s.getValue());
					}
				} else if (value instanceof org.hl7.fhir.r4.model.Enumeration<?> e) {
					if (e.hasCode()) {
						out.append(' ').append(e.getCode());
					}
				} else if (!value.isPrimitive()) {
					collect(value, out);
				}
			}
		}
	}

	static String plain(String xhtml) {
		return TAG.matcher(xhtml).replaceAll(" ").replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
				.replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&").replaceAll("\\s+", " ").trim();
	}

	private static String clip(String s) {
		return s.length() <= MAX_CHARS ? s : s.substring(0, MAX_CHARS);
	}
}

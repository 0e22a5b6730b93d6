package org.custodian.search;

import java.util.Set;

import org.custodian.search.IndexEntry.TokenValue;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Token parameters, following HAPI's extractor where FHIR leaves room:
 * <ul>
 * <li>a bound code (an {@link Enumeration}) gets its code system as token system, so
 * {@code gender=http://hl7.org/fhir/administrative-gender|male} works;</li>
 * <li>ContactPoint indexes {@code system|value} with the ContactPoint's own system code
 * ({@code phone}, {@code email}) as token system, as HAPI does;</li>
 * <li>Coding display, CodeableConcept.text and Identifier.type.text go into {@code text} (for
 * {@code :text}); CodeableConcept.text is an entry of its own with no system or code;</li>
 * <li>{@code CodeSystem.concept.code} takes the CodeSystem's url as system.</li>
 * <li>an Identifier is also indexed for {@code :of-type} under {@link #ofTypeKey}, once per coding of
 * its type, as {@code type.system} and {@code type.code|value}: one equality seek serves
 * {@code identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|12345}.</li>
 * </ul>
 * Systems and codes are kept whole (the hashes take any length); text is cut like strings.
 */
final class TokenMapper {

	private TokenMapper() {}

	/** Where the {@code :of-type} values of token parameter {@code param} are indexed. */
	static String ofTypeKey(String param) {
		return param + ":of-type";
	}

	/** The code an {@code :of-type} value is indexed under: the type's code and the identifier's value. */
	static String ofTypeCode(String typeCode, String value) {
		return typeCode + "|" + value;
	}

	static Outcome map(String param, Resource resource, Base value, Set<IndexEntry> out) {
		if (value instanceof PrimitiveType<?> primitive) {
			return Outcome.of(primitive(param, resource, primitive, out));
		}
		if (value instanceof Coding coding) {
			return Outcome.of(add(param, coding.getSystem(), coding.getCode(), coding.getDisplay(), out));
		}
		if (value instanceof CodeableConcept concept) {
			boolean added = false;
			for (Coding coding : concept.getCoding()) {
				added |= add(param, coding.getSystem(), coding.getCode(), coding.getDisplay(), out);
			}
			return Outcome.of(add(param, null, null, concept.getText(), out) | added);
		}
		if (value instanceof Identifier identifier) {
			String typeText = identifier.hasType() ? identifier.getType().getText() : null;
			boolean added = add(param, identifier.getSystem(), identifier.getValue(), typeText, out);
			ofType(param, identifier, out);
			return Outcome.of(added);
		}
		if (value instanceof ContactPoint contact) {
			String system = contact.hasSystem() ? contact.getSystemElement().getValueAsString() : null;
			return Outcome.of(add(param, system, contact.getValue(), null, out));
		}
		return Outcome.UNSUPPORTED;
	}

	private static void ofType(String param, Identifier identifier, Set<IndexEntry> out) {
		if (!identifier.hasType() || SearchStrings.isBlank(identifier.getValue())) {
			return;
		}
		for (Coding coding : identifier.getType().getCoding()) {
			if (!SearchStrings.isBlank(coding.getCode())) {
				add(ofTypeKey(param), coding.getSystem(), ofTypeCode(coding.getCode(), identifier.getValue()), null, out);
			}
		}
	}

	private static boolean primitive(String param, Resource resource, PrimitiveType<?> value, Set<IndexEntry> out) {
		if (value instanceof Enumeration<?> bound) {
			return add(param, systemOf(bound), bound.getValueAsString(), null, out);
		}
		if (value instanceof BooleanType bool) {
			return bool.hasValue() && add(param, null, bool.getValue() ? "true" : "false", null, out);
		}
		if (value instanceof IdType id) {
			return add(param, null, id.getIdPart(), null, out);
		}
		String system = resource instanceof CodeSystem codeSystem && param.equals("code") ? codeSystem.getUrl() : null;
		return add(param, system, value.getValueAsString(), null, out);
	}

	@SuppressWarnings({"unchecked", "rawtypes"})
	private static @Nullable String systemOf(Enumeration bound) {
		return bound.getValue() == null ? null : bound.getEnumFactory().toSystem((Enum) bound.getValue());
	}

	/** Adds a token when there is a system or code; else a text-only token when there is text. */
	static boolean add(String param, @Nullable String system, @Nullable String code, @Nullable String text,
			Set<IndexEntry> out) {
		String s = SearchStrings.isBlank(system) ? null : system;
		String c = SearchStrings.isBlank(code) ? null : code;
		String t = SearchStrings.isBlank(text) ? null : SearchStrings.truncate(text);
		if (s == null && c == null && t == null) {
			return false;
		}
		out.add(new TokenValue(param, s, c, t));
		return true;
	}
}

package org.custodian.validation;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;

/**
 * Turns every complaint of HAPI's JSON and XML parsers into an ERROR {@link ValidationIssue}.
 * HAPI only tells us the name of the offending element, not its path, so locations are element
 * names ({@code birthDate}, {@code foo}). In collecting mode one instance serves one parse (it is
 * stateful); in fail-fast mode it keeps no state, throws on the first complaint and may be shared
 * through {@link ca.uhn.fhir.context.FhirContext#setParserErrorHandler}.
 */
public final class CollectingParserErrorHandler implements IParserErrorHandler {

	private final boolean failFast;
	private final List<ValidationIssue> issues = new ArrayList<>();

	CollectingParserErrorHandler(boolean failFast) {
		this.failFast = failFast;
	}

	/** The complaints so far, in parse order (always empty in fail-fast mode). */
	public List<ValidationIssue> issues() {
		return List.copyOf(issues);
	}

	@Override
	public void unknownElement(@Nullable IParseLocation location, String elementName) {
		report(elementName, "Unknown element '" + elementName + "'");
	}

	@Override
	public void unknownAttribute(@Nullable IParseLocation location, String attributeName) {
		report(where(location, attributeName), "Unknown attribute '" + attributeName + "'");
	}

	@Override
	public void unexpectedRepeatingElement(@Nullable IParseLocation location, String elementName) {
		report(elementName, "Element '" + elementName + "' does not repeat but occurs more than once");
	}

	@Override
	public void incorrectJsonType(@Nullable IParseLocation location, String elementName, ValueType expected,
			@Nullable ScalarType expectedScalar, ValueType found, @Nullable ScalarType foundScalar) {
		report(elementName, "Element '" + elementName + "' must be a JSON " + kind(expected, expectedScalar)
				+ " but is a JSON " + kind(found, foundScalar));
	}

	@Override
	public void invalidValue(@Nullable IParseLocation location, @Nullable String value, @Nullable String error) {
		String element = where(location, "?");
		report(element, "Invalid value '" + value + "' for element '" + element + "': " + error);
	}

	@Override
	public void missingRequiredElement(@Nullable IParseLocation location, String elementName) {
		String parent = where(location, "?");
		report(parent + "." + elementName, "Element '" + parent + "' requires '" + elementName + "'");
	}

	@Override
	public void containedResourceWithNoId(@Nullable IParseLocation location) {
		report("contained", "Contained resource has no id (it could never be referenced)");
	}

	@Override
	public void unknownReference(@Nullable IParseLocation location, String reference) {
		report("reference", "Local reference '" + reference + "' matches no contained resource");
	}

	@Override
	public void invalidInternalReference(@Nullable IParseLocation location, String reference) {
		report("reference", "Invalid internal reference '" + reference + "'");
	}

	@Override
	public void extensionContainsValueAndNestedExtensions(@Nullable IParseLocation location) {
		report(where(location, "extension"), "Extension has both a value and nested extensions");
	}

	private void report(String location, String message) {
		if (failFast) {
			throw new DataFormatException(location + ": " + message);
		}
		issues.add(ValidationIssue.error(location, message));
	}

	private static String where(@Nullable IParseLocation location, String fallback) {
		String name = location == null ? null : location.getParentElementName();
		return name == null ? fallback : name;
	}

	private static String kind(ValueType type, @Nullable ScalarType scalar) {
		return scalar == null ? type.name().toLowerCase() : scalar.name().toLowerCase();
	}
}

package org.custodian.validation;

import static org.custodian.validation.ValidationIssue.Severity.ERROR;
import static org.custodian.validation.ValidationIssue.Severity.WARNING;

import java.util.Currency;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.hl7.fhir.r4.model.Enumerations.FHIRAllTypes;
import org.hl7.fhir.r4.model.Enumerations.FHIRDefinedType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.FhirContext;

/**
 * Required bindings on plain {@code code} elements, the ones HAPI's R4 model leaves as
 * {@code CodeType} instead of an enumeration. In R4 these bind to six value sets: mime types
 * (BCP-13, not enumerable: checked for {@code type/subtype} syntax), resource types, all types,
 * defined types (checked against HAPI's own lists), currencies (ISO 4217, checked against the
 * JDK's table) and languages, which are only "preferred" in R4 and so not checked. Checking sets
 * in memory keeps each test a hash lookup, where expanding the value sets of
 * hapi-fhir-validation-resources-r4 would cost seconds at start-up for no further coverage.
 */
final class CodeBindings {

	/**
	 * One binding's membership test; {@code valueSet} names it in messages. Mime types and
	 * currencies are only warned about: IBM's strict server and HAPI's parser accept any code there,
	 * so rejecting would break clients that every other server accepts.
	 */
	record Check(String valueSet, ValidationIssue.Severity severity, Predicate<String> test) {}

	private static final Pattern MIME_TYPE = Pattern.compile("[\\w!#$&^.+-]+/[\\w!#$&^.+-]+(\\s*;.*)?");
	private static final String BASE = "http://hl7.org/fhir/ValueSet/";

	private final Map<String, Check> checks;

	CodeBindings(FhirContext ctx) {
		Set<String> resourceTypes = Set.copyOf(ctx.getResourceTypes());
		Set<String> allTypes = codes(Stream.of(FHIRAllTypes.values()).filter(t -> t != FHIRAllTypes.NULL).map(FHIRAllTypes::toCode));
		Set<String> definedTypes = codes(Stream.of(FHIRDefinedType.values()).filter(t -> t != FHIRDefinedType.NULL).map(FHIRDefinedType::toCode));
		Set<String> currencies = codes(Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode));
		checks = Map.of(
				BASE + "mimetypes", new Check("mimetypes", WARNING, code -> MIME_TYPE.matcher(code).matches()),
				BASE + "resource-types", new Check("resource-types", ERROR, resourceTypes::contains),
				BASE + "all-types", new Check("all-types", ERROR, allTypes::contains),
				BASE + "defined-types", new Check("defined-types", ERROR, definedTypes::contains),
				BASE + "currencies", new Check("currencies", WARNING, currencies::contains));
	}

	/** The check for a binding's value set URL (a {@code |version} suffix is ignored), or null. */
	@Nullable
	Check forValueSet(@Nullable String valueSetUrl) {
		if (valueSetUrl == null) {
			return null;
		}
		int bar = valueSetUrl.indexOf('|');
		return checks.get(bar < 0 ? valueSetUrl : valueSetUrl.substring(0, bar));
	}

	private static Set<String> codes(Stream<String> codes) {
		return codes.collect(Collectors.toUnmodifiableSet());
	}
}

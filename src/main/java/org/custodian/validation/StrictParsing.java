package org.custodian.validation;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;

/**
 * The parser configuration that is the first line of write validation.
 *
 * <p>HAPI 8.8.0's parsers hand these cases to the error handler. Its default handler throws only
 * on the first invalid value and merely logs the rest, so the handler must be replaced: unknown elements (also a wrong choice suffix such as {@code valueFoo} and a
 * JSON object where a primitive belongs, whose keys become unknown elements); a JSON object or
 * scalar where the other is expected and a single object where an array is expected; two values
 * for a non-repeating element (two choice variants, a JSON array of two for a single element, a
 * repeated XML element); values that do not parse (dates, booleans, integers, decimals, the empty
 * string); codes outside the enumeration of a required binding; an extension without url; unknown
 * XML attributes; contained resources without id and {@code #local} references that match none.
 *
 * <p>HAPI throws by itself, whatever the handler, on: syntax errors and trailing garbage; a
 * missing, non-string or unknown {@code resourceType} (or a contained resource without one); a
 * resource of another type than the one asked for; an extension with both a value and nested
 * extensions; XML entity declarations.
 *
 * <p>HAPI accepts silently, so neither layer of ours sees it: a JSON string where a boolean or
 * number belongs ({@code "true"}, {@code "1.5"}) and a number or boolean where a string belongs; a
 * JSON array of one for a non-repeating element; {@code null}, {@code {}} and {@code []} values
 * (dropped); duplicate JSON keys (the last wins); XML in no or the wrong namespace, elements out of
 * order, text content instead of a {@code value} attribute. Values that do parse but break the
 * FHIR lexical rules (an id with a space, a negative positiveInt, an instant without time) pass
 * the parser and are left to {@link BaseSpecValidator}.
 */
public final class StrictParsing {

	private static final IParserErrorHandler REJECTING = new CollectingParserErrorHandler(true);

	private StrictParsing() {}

	/** A fresh handler that collects every complaint of one parse; not thread-safe, use once. */
	public static CollectingParserErrorHandler collectingHandler() {
		return new CollectingParserErrorHandler(false);
	}

	/** A stateless, shareable handler that throws {@link DataFormatException} on the first complaint. */
	public static IParserErrorHandler rejectingHandler() {
		return REJECTING;
	}

	/**
	 * Makes every parser the context creates (including HAPI's server framework's) reject malformed
	 * input, and keep Bundle entry ids as written rather than replaced by the entry's fullUrl.
	 */
	public static void configure(FhirContext ctx) {
		ctx.setParserErrorHandler(REJECTING);
		ctx.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false);
	}

	/** Parses {@code body}, collecting all complaints instead of stopping at the first. */
	public static ParseResult parse(FhirContext ctx, EncodingEnum encoding, String body) {
		return parse(ctx, encoding, body, null);
	}

	/** As {@link #parse(FhirContext, EncodingEnum, String)}, also requiring the given resource type. */
	public static ParseResult parse(FhirContext ctx, EncodingEnum encoding, String body,
			@Nullable Class<? extends IBaseResource> expectedType) {
		CollectingParserErrorHandler handler = collectingHandler();
		IParser parser = encoding.newParser(ctx).setParserErrorHandler(handler);
		// Otherwise HAPI replaces each Bundle entry's resource id by its fullUrl (often urn:uuid:),
		// and the id on the wire could no longer be validated.
		parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
		IBaseResource resource = null;
		List<ValidationIssue> fatal = new ArrayList<>(1);
		try {
			resource = expectedType == null ? parser.parseResource(body) : parser.parseResource(expectedType, body);
		} catch (DataFormatException e) {
			fatal.add(ValidationIssue.error("(document)", e.getMessage()));
		} catch (RuntimeException e) {
			// HAPI can trip over its own lenient recovery (an integer that failed to parse ends in a
			// NullPointerException); the complaint already collected is then the real cause.
			if (handler.issues().isEmpty()) {
				fatal.add(ValidationIssue.error("(document)", "Unreadable content: " + e));
			}
			resource = null;
		}
		List<ValidationIssue> issues = new ArrayList<>(handler.issues());
		issues.addAll(fatal);
		return new ParseResult(issues.isEmpty() ? resource : null, List.copyOf(issues));
	}

	/** The parsed resource, present only when the parser had no complaint at all. */
	public record ParseResult(@Nullable IBaseResource resource, List<ValidationIssue> issues) {

		public boolean ok() {
			return resource != null;
		}
	}
}

package org.custodian.fhir;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;

import org.custodian.record.StoredJson;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleLinkComponent;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes search result bundles ({@code searchset}: searches, their later pages, {@code $everything})
 * as JSON with each resource's stored bytes, instead of letting HAPI encode every resource model
 * again: encoding was most of the time of a large page. The output is what HAPI would write (the
 * stored bytes are HAPI's own encoding; {@code id}, {@code meta.versionId} and
 * {@code meta.lastUpdated} are added as the resource carries them), in the same field order.
 *
 * <p>Anything else is left to HAPI: other bundle types, XML, {@code _pretty}, {@code _summary},
 * {@code _elements} (which change the resources), bundle fields this writer does not know, and
 * resources not read from the store as they stand.
 */
final class SearchsetWriter {

	private static final Set<String> RESHAPING = Set.of(Constants.PARAM_PRETTY, Constants.PARAM_SUMMARY,
			Constants.PARAM_ELEMENTS, "_elements:exclude", Constants.PARAM_NARRATIVE);
	private static final JsonFactory JSON = new JsonFactory();

	private final FhirContext ctx;

	SearchsetWriter(FhirContext ctx) {
		this.ctx = ctx;
	}

	/** Returns false (HAPI writes nothing more) when it wrote the response itself. */
	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean write(RequestDetails request, ResponseDetails response, HttpServletRequest servletRequest,
			HttpServletResponse servletResponse) throws IOException {
		if (!(response.getResponseResource() instanceof Bundle bundle) || !writable(request, response, bundle)) {
			return true;
		}
		servletResponse.setStatus(response.getResponseCode());
		servletResponse.setContentType(Constants.CT_FHIR_JSON_NEW + Constants.CHARSET_UTF8_CTSUFFIX);
		try (OutputStream out = servletResponse.getOutputStream(); JsonGenerator g = JSON.createGenerator(out)) {
			writeBundle(g, bundle);
		}
		return false;
	}

	private boolean writable(RequestDetails request, ResponseDetails response, Bundle bundle) {
		if (response.getResponseCode() != 200 || bundle.getType() != Bundle.BundleType.SEARCHSET
				|| bundle.hasIdentifier() || bundle.hasTimestamp() || bundle.hasSignature() || bundle.hasImplicitRules()
				|| bundle.hasLanguage() || bundle.getMeta().hasTag() || bundle.getMeta().hasSecurity()
				|| bundle.getMeta().hasProfile() || bundle.getMeta().hasExtension()) {
			return false;
		}
		for (String p : RESHAPING) {
			if (request.getParameters().containsKey(p)) {
				return false;
			}
		}
		var asked = RestfulServerUtils.determineResponseEncodingNoDefault(request, EncodingEnum.JSON);
		if (asked != null && asked.getEncoding() != EncodingEnum.JSON) {
			return false;
		}
		for (BundleEntryComponent e : bundle.getEntry()) {
			if (e.hasRequest() || e.hasResponse() || e.hasLink() || e.hasExtension() || e.getSearch().hasScore()
					|| e.getSearch().hasExtension() || e.getResource() == null) {
				return false;
			}
		}
		return true;
	}

	private void writeBundle(JsonGenerator g, Bundle bundle) throws IOException {
		g.writeStartObject();
		g.writeStringField("resourceType", "Bundle");
		if (bundle.hasIdElement()) {
			g.writeStringField("id", bundle.getIdElement().getIdPart());
		}
		if (bundle.getMeta().hasLastUpdated()) {
			g.writeObjectFieldStart("meta");
			g.writeStringField("lastUpdated", bundle.getMeta().getLastUpdatedElement().getValueAsString());
			g.writeEndObject();
		}
		g.writeStringField("type", "searchset");
		if (bundle.hasTotal()) {
			g.writeNumberField("total", bundle.getTotal());
		}
		if (bundle.hasLink()) {
			g.writeArrayFieldStart("link");
			for (BundleLinkComponent link : bundle.getLink()) {
				g.writeStartObject();
				g.writeStringField("relation", link.getRelation());
				g.writeStringField("url", link.getUrl());
				g.writeEndObject();
			}
			g.writeEndArray();
		}
		if (bundle.hasEntry()) {
			g.writeArrayFieldStart("entry");
			for (BundleEntryComponent e : bundle.getEntry()) {
				g.writeStartObject();
				if (e.hasFullUrl()) {
					g.writeStringField("fullUrl", e.getFullUrl());
				}
				g.writeFieldName("resource");
				writeResource(g, e.getResource());
				if (e.getSearch().hasMode()) {
					g.writeObjectFieldStart("search");
					g.writeStringField("mode", e.getSearch().getMode().toCode());
					g.writeEndObject();
				}
				g.writeEndObject();
			}
			g.writeEndArray();
		}
		g.writeEndObject();
	}

	/**
	 * The stored bytes with {@code id} and the version metadata put in where HAPI puts them: right
	 * after {@code resourceType}, {@code meta} first among the resource's own elements.
	 */
	private void writeResource(JsonGenerator g, Resource resource) throws IOException {
		byte[] stored = StoredJson.of(resource);
		if (stored == null) {
			g.writeRawValue(ctx.newJsonParser().encodeResourceToString(resource));
			return;
		}
		try (JsonParser p = JSON.createParser(stored)) {
			p.nextToken();
			g.writeStartObject();
			JsonToken t = p.nextToken();
			boolean metaDone = false;
			while (t == JsonToken.FIELD_NAME) {
				String name = p.currentName();
				p.nextToken();
				if (name.equals("resourceType")) {
					g.writeStringField("resourceType", p.getText());
					g.writeStringField("id", resource.getIdElement().getIdPart());
				} else if (name.equals("id")) {
					p.skipChildren();
				} else if (name.equals("meta")) {
					writeMeta(g, resource, p);
					metaDone = true;
				} else {
					if (!metaDone) {
						writeMeta(g, resource, null);
						metaDone = true;
					}
					g.writeFieldName(name);
					copy(p, g);
				}
				t = p.nextToken();
			}
			if (!metaDone) {
				writeMeta(g, resource, null);
			}
			g.writeEndObject();
		}
	}

	/** versionId and lastUpdated, then the stored meta's own fields (tags, profiles…), if any. */
	private static void writeMeta(JsonGenerator g, IBaseResource resource, @Nullable JsonParser storedMeta)
			throws IOException {
		Resource r = (Resource) resource;
		g.writeObjectFieldStart("meta");
		g.writeStringField("versionId", r.getMeta().getVersionId());
		g.writeStringField("lastUpdated", r.getMeta().getLastUpdatedElement().getValueAsString());
		if (storedMeta != null) {
			JsonToken t = storedMeta.nextToken();
			while (t == JsonToken.FIELD_NAME) {
				String name = storedMeta.currentName();
				storedMeta.nextToken();
				if (name.equals("versionId") || name.equals("lastUpdated")) {
					storedMeta.skipChildren();
				} else {
					g.writeFieldName(name);
					copy(storedMeta, g);
				}
				t = storedMeta.nextToken();
			}
		}
		g.writeEndObject();
	}

	/**
	 * Copies the value at the parser's current token. Numbers are copied as their text: FHIR decimals
	 * keep their precision ({@code 1.50} is not {@code 1.5}), which Jackson's own copy would lose.
	 */
	private static void copy(JsonParser p, JsonGenerator g) throws IOException {
		int depth = 0;
		do {
			JsonToken t = p.currentToken();
			switch (t) {
				case START_OBJECT -> {
					g.writeStartObject();
					depth++;
				}
				case START_ARRAY -> {
					g.writeStartArray();
					depth++;
				}
				case END_OBJECT -> {
					g.writeEndObject();
					depth--;
				}
				case END_ARRAY -> {
					g.writeEndArray();
					depth--;
				}
				case FIELD_NAME -> g.writeFieldName(p.currentName());
				case VALUE_STRING -> g.writeString(p.getText());
				case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
				case VALUE_TRUE -> g.writeBoolean(true);
				case VALUE_FALSE -> g.writeBoolean(false);
				case VALUE_NULL -> g.writeNull();
				default -> throw new IOException("Unexpected JSON token " + t + " in a stored resource");
			}
		} while (depth > 0 && p.nextToken() != null);
	}
}

package org.custodian.fhir;

import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * Makes the generated CapabilityStatement say exactly what this server does: our name and version
 * (not HAPI's), JSON and XML only, and the write behaviour HAPI cannot infer from
 * the method bindings (versioned updates, update-as-create, batch, history reads), and the search
 * parameters that are really supported, and where SMART apps sign in.
 */
final class CapabilityStatementCustomizer {

	private static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

	private final FhirContext ctx;
	private final String version;

	CapabilityStatementCustomizer(FhirContext ctx, String version) {
		this.ctx = ctx;
		this.version = version;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void customize(IBaseConformance generated, RequestDetails request) {
		CapabilityStatement cs = (CapabilityStatement) generated;
		cs.setName("Custodian").setTitle("Custodian FHIR R4 record store").setPublisher("Custodian");
		cs.getSoftware().setName("Custodian").setVersion(version);
		cs.getFormat().removeIf(f -> !f.getValue().contains("json") && !f.getValue().contains("xml"));
		for (CapabilityStatementRestComponent rest : cs.getRest()) {
			if (rest.getInteraction().stream().noneMatch(i -> i.getCode() == SystemRestfulInteraction.BATCH)) {
				rest.addInteraction().setCode(SystemRestfulInteraction.BATCH);
			}
			for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
				resource.getSearchInclude().clear();
				resource.getSearchRevInclude().clear();
				declareSearchParameters(resource);
				resource.setVersioning(ResourceVersionPolicy.VERSIONEDUPDATE);
				resource.setReadHistory(true);
				resource.setUpdateCreate(true);
			}
			declareSignIn(rest, request.getFhirServerBase());
		}
	}

	/**
	 * SMART's older discovery, still read by many apps: the security service and the OAuth endpoints
	 * as an extension ({@code /.well-known/smart-configuration} is the current one).
	 */
	private static void declareSignIn(CapabilityStatementRestComponent rest, String fhirBase) {
		String origin = fhirBase.endsWith("/fhir") ? fhirBase.substring(0, fhirBase.length() - "/fhir".length()) : fhirBase;
		rest.getSecurity().getService().clear();
		rest.getSecurity().addService().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/restful-security-service")
				.setCode("SMART-on-FHIR");
		rest.getSecurity().setDescription("OAuth 2 bearer tokens: SMART App Launch 2 and Backend Services");
		rest.getSecurity().getExtension().removeIf(e -> e.getUrl().equals(OAUTH_URIS));
		Extension uris = rest.getSecurity().addExtension().setUrl(OAUTH_URIS);
		uris.addExtension("authorize", new UriType(origin + "/oauth2/authorize"));
		uris.addExtension("token", new UriType(origin + "/oauth2/token"));
		uris.addExtension("revoke", new UriType(origin + "/oauth2/revoke"));
		uris.addExtension("introspect", new UriType(origin + "/oauth2/introspect"));
	}

	/** Lists the parameters the search actually supports: the seven value types, composites, _id and _lastUpdated. */
	private void declareSearchParameters(CapabilityStatementRestResourceComponent resource) {
		resource.getSearchParam().clear();
		resource.addSearchParam().setName("_id").setType(Enumerations.SearchParamType.TOKEN);
		resource.addSearchParam().setName("_lastUpdated").setType(Enumerations.SearchParamType.DATE);
		for (RuntimeSearchParam p : ctx.getResourceDefinition(resource.getType()).getSearchParams()) {
			switch (p.getParamType()) {
				case STRING, TOKEN, DATE, NUMBER, QUANTITY, REFERENCE, URI, COMPOSITE -> {
					if (!p.getName().equals("_id") && !p.getName().equals("_lastUpdated")) {
						resource.addSearchParam().setName(p.getName()).setDefinition(p.getUri())
								.setType(Enumerations.SearchParamType.fromCode(p.getParamType().getCode()));
					}
				}
				default -> {
					// Special parameters (Location.near) are not supported yet, so they are not declared.
				}
			}
		}
	}
}

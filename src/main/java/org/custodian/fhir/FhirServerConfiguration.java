package org.custodian.fhir;

import java.util.ArrayList;
import java.util.List;

import org.custodian.access.AccessGate;
import org.custodian.access.AccessSuspensions;
import org.custodian.audit.AuditReports;
import org.custodian.audit.BreachIncidents;
import org.custodian.audit.PrivacyAlerts;
import org.custodian.audit.AuditTrail;
import org.custodian.access.EmergencyAccess;
import org.custodian.ingest.FileImport;
import org.custodian.record.BundleProcessor;
import org.custodian.record.RecordStore;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;

/** Mounts HAPI's plain RESTful server at {@code /fhir}, with our providers behind it. */
@Configuration(proxyBeanMethods = false)
class FhirServerConfiguration {

	@Bean
	ServletRegistrationBean<RestfulServer> fhirServlet(FhirContext ctx, RecordStore store, BundleProcessor bundles,
			AccessGate gate, FhirProperties properties, FileImport importer, SearchService searchService,
			EmergencyAccess emergencies, AuditTrail audit, AuditReports auditReports, PrivacyAlerts privacyAlerts,
			AccessSuspensions suspensions, BreachIncidents breaches, org.custodian.identity.PatientMatcher matcher, org.custodian.identity.RegistrationCheck registration,
			org.custodian.identity.DeduplicationJob deduplication, org.custodian.identity.PatientMerge merges,
			org.custodian.identity.CrossReferences crossReferences, org.custodian.identity.OverlayDetection overlays,
			org.custodian.disclosure.ReleaseRequests releaseRequests, org.custodian.disclosure.Disclosures disclosures,
			org.custodian.disclosure.ReleasePackages packages, org.custodian.disclosure.RightOfAccess rightOfAccess,
			org.custodian.coding.Terminology terminology, org.custodian.coding.EncounterCoding encounterCoding,
			org.custodian.coding.CaseMix caseMix, org.custodian.claims.Claims claims,
			org.custodian.completion.EntrySignatures entrySignatures,
			org.custodian.completion.ChartDeficiencies chartDeficiencies, org.custodian.completion.Delinquency delinquency,
			org.custodian.completion.AmendmentRequests amendments, org.custodian.quality.DataQuality dataQuality,
			org.custodian.ingest.hl7.Hl7Feed hl7, org.custodian.ingest.ccda.CcdaImport ccdaImports,
			org.custodian.ingest.scan.ScannedDocuments scans) {
		RequestAccess access = new RequestAccess(gate);
		SearchEndpoint search = new SearchEndpoint(
				new SearchRequestParser(ctx, properties.defaultPageSize(), properties.maxPageSize()), searchService, access);
		List<IResourceProvider> providers = new ArrayList<>();
		for (String type : ctx.getResourceTypes().stream().sorted().toList()) {
			Class<? extends IBaseResource> model = ctx.getResourceDefinition(type).getImplementingClass();
			providers.add(new ResourceTypeProvider(model, type, store, access, properties, search, registration));
		}
		RestfulServer server = new RestfulServer(ctx);
		server.setServerName("Custodian");
		server.setImplementationDescription("Custodian FHIR R4 record store");
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		server.setResourceProviders(providers);
		server.registerProvider(new SystemProvider(bundles, store, access, properties));
		server.registerProvider(new ImportProvider(importer, access));
		server.registerProvider(new EverythingProvider(searchService, access, properties));
		server.registerProvider(new BreakTheGlassProvider(emergencies, access));
		server.registerProvider(new MatchProvider(matcher, access));
		server.registerProvider(new DeduplicationProvider(deduplication, access));
		server.registerProvider(new MergeProvider(merges, access));
		server.registerProvider(new CrossReferenceProvider(crossReferences, access));
		server.registerProvider(new OverlayProvider(overlays, access));
		server.registerProvider(new ReleaseProvider(releaseRequests, disclosures, packages, rightOfAccess, access));
		server.registerProvider(new AuditProvider(auditReports, access));
		server.registerProvider(new PrivacyProvider(privacyAlerts, suspensions, breaches, access));
		server.registerProvider(new TerminologyProvider(terminology, access));
		server.registerProvider(new CodingProvider(encounterCoding, caseMix, access));
		server.registerProvider(new ClaimProvider(claims, access));
		server.registerProvider(new SignatureProvider(entrySignatures, access));
		server.registerProvider(new CompletionProvider(chartDeficiencies, delinquency, access));
		server.registerProvider(new AmendmentProvider(amendments, access));
		server.registerProvider(new QualityProvider(dataQuality, access));
		server.registerProvider(new Hl7Provider(hl7, access));
		server.registerProvider(new CcdaProvider(ccdaImports, access));
		server.registerProvider(new ScanProvider(scans, access));
		server.registerInterceptor(new ErrorMappingInterceptor());
		server.registerInterceptor(new AuditInterceptor(audit, ctx, access));
		server.registerInterceptor(new SearchsetWriter(ctx));
		String version = FhirServerConfiguration.class.getPackage().getImplementationVersion();
		server.registerInterceptor(new CapabilityStatementCustomizer(ctx, version == null ? "development" : version));
		server.setPagingProvider(new SnapshotPagingProvider(searchService, search, properties));
		ServletRegistrationBean<RestfulServer> bean = new ServletRegistrationBean<>(server, "/fhir/*");
		bean.setName("fhir");
		bean.setLoadOnStartup(1);
		return bean;
	}

	@Bean
	FilterRegistrationBean<CompartmentPathFilter> fhirCompartments(FhirContext ctx) {
		FilterRegistrationBean<CompartmentPathFilter> bean = new FilterRegistrationBean<>(new CompartmentPathFilter(ctx));
		bean.addUrlPatterns("/fhir/*");
		return bean;
	}

	/** Holds each answer back until its audit record is committed (see {@link AuditGate}). */
	@Bean
	FilterRegistrationBean<AuditGate> fhirAuditGate() {
		FilterRegistrationBean<AuditGate> bean = new FilterRegistrationBean<>(new AuditGate());
		bean.addUrlPatterns("/fhir/*");
		return bean;
	}

	@Bean
	FilterRegistrationBean<PayloadLimitFilter> fhirPayloadLimit(FhirProperties properties, FhirContext ctx) {
		FilterRegistrationBean<PayloadLimitFilter> bean = new FilterRegistrationBean<>(
				new PayloadLimitFilter(properties.maxPayloadBytes(), ctx));
		bean.addUrlPatterns("/fhir/*");
		return bean;
	}
}

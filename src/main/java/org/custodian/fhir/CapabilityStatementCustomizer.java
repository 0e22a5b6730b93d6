package org.custodian.fhir;

import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;

/**
 * Makes the generated CapabilityStatement say exactly what this server does: our name and version
 * (not HAPI's), JSON and XML only, no search yet, and the write behaviour HAPI cannot infer from
 * the method bindings (versioned updates, update-as-create, batch, history reads).
 */
final class CapabilityStatementCustomizer {

	private final String version;

	CapabilityStatementCustomizer(String version) {
		this.version = version;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void customize(IBaseConformance generated) {
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
				resource.setVersioning(ResourceVersionPolicy.VERSIONEDUPDATE);
				resource.setReadHistory(true);
				resource.setUpdateCreate(true);
			}
		}
	}
}

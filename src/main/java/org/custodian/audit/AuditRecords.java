package org.custodian.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;

/**
 * Builds audit records: who from the request's access context, what from the resources touched.
 * The patients of a resource are found cheaply, without walking it: a Patient is its own; any other
 * resource is its {@code subject} or {@code patient} when that refers to a Patient (which covers the
 * clinical types of the record); a Bundle is the union of its entries'.
 */
public final class AuditRecords {

	private final FhirContext ctx;

	public AuditRecords(FhirContext ctx) {
		this.ctx = ctx;
	}

	/** A record of {@code access}'s caller doing {@code subtype} with {@code outcome}, touching {@code touched}. */
	public AuditRecord of(AccessContext access, String category, char action, String subtype, int outcome,
			Touched touched, @Nullable String query, @Nullable String detail) {
		return new AuditRecord(Instant.now(), category, action, subtype, outcome, access.actor(), access.fhirUser(),
				access.client(),
				access.roles(), access.purpose(), access.origin(), List.copyOf(touched.patients),
				List.copyOf(touched.entities), query, detail, access.underEmergencyAccess());
	}

	/** The resources and patients a request touched, collected as it is recorded. */
	public static final class Touched {
		final Set<String> patients = new LinkedHashSet<>();
		final Set<String> entities = new LinkedHashSet<>();

		public Touched entity(String reference) {
			entities.add(reference);
			if (reference.startsWith("Patient/")) {
				int history = reference.indexOf("/_history/");
				patients.add(history < 0 ? reference : reference.substring(0, history));
			}
			return this;
		}

		public Touched patient(String reference) {
			patients.add(reference);
			return this;
		}

		public boolean isEmpty() {
			return entities.isEmpty() && patients.isEmpty();
		}
	}

	/** Adds {@code resource} (every entry, for a Bundle) and its patients to {@code touched}. */
	public Touched add(Touched touched, @Nullable IBaseResource resource) {
		if (resource == null) {
			return touched;
		}
		if (resource instanceof Bundle bundle) {
			for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
				if (e.getResource() != null && !"OperationOutcome".equals(e.getResource().fhirType())) {
					add(touched, e.getResource());
				}
			}
			return touched;
		}
		if (resource instanceof org.hl7.fhir.r4.model.Parameters parameters) {
			// An operation's answer (break-the-glass cases, privacy alerts) names patients by reference.
			parameters.getParameter().forEach(p -> patientsNamed(touched, p));
			return touched;
		}
		String type = ctx.getResourceType(resource);
		if (resource.getIdElement().hasIdPart()) {
			touched.entity(type + "/" + resource.getIdElement().getIdPart());
		}
		for (String patient : patientsOf(type, resource)) {
			touched.patient(patient);
		}
		return touched;
	}

	private static void patientsNamed(Touched touched, org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent p) {
		if (p.getValue() instanceof org.hl7.fhir.r4.model.Reference ref && ref.getReference() != null
				&& ref.getReference().startsWith("Patient/")) {
			touched.patient(ref.getReference());
		}
		p.getPart().forEach(part -> patientsNamed(touched, part));
	}

	private List<String> patientsOf(String type, IBaseResource resource) {
		List<String> out = new ArrayList<>(1);
		if (type.equals("Patient")) {
			return out;
		}
		RuntimeResourceDefinition def = ctx.getResourceDefinition(type);
		// securityContext: a Binary (a released package, a patient's copy) answered under a patient's record.
		for (String name : new String[] {"subject", "patient", "securityContext"}) {
			BaseRuntimeChildDefinition child = def.getChildByName(name);
			if (child == null) {
				continue;
			}
			for (var value : child.getAccessor().getValues(resource)) {
				if (value instanceof IBaseReference ref && ref.getReferenceElement().getResourceType() != null
						&& ref.getReferenceElement().getResourceType().equals("Patient")) {
					out.add("Patient/" + ref.getReferenceElement().getIdPart());
				}
			}
		}
		return out;
	}
}

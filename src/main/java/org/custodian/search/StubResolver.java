package org.custodian.search;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.context.IWorkerContext;
import org.hl7.fhir.r4.fhirpath.BaseHostServices;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ValueSet;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.FhirContext;

/**
 * FHIRPath host services for indexing. Search expressions use {@code resolve()} only to test the
 * target's type ({@code subject.where(resolve() is Patient)}), so a reference "resolves" to an empty
 * resource of the type named in the reference text, without any lookup. Indexing therefore never
 * depends on whether the target exists or is visible. Stubs are shared and never modified.
 */
final class StubResolver extends BaseHostServices {

	private final FhirContext ctx;
	private final Set<String> resourceTypes;
	private final Map<String, Base> stubs = new ConcurrentHashMap<>();

	StubResolver(FhirContext ctx, IWorkerContext worker) {
		super(worker);
		this.ctx = ctx;
		this.resourceTypes = Set.copyOf(ctx.getResourceTypes());
	}

	/**
	 * The resource type a reference names, read as HAPI's {@link IdType} reads it
	 * ({@code Patient/1}, {@code Patient/1/_history/2}, {@code http://x/fhir/Patient/1}); null when
	 * there is none or it is not an R4 resource type. The fast path uses this same method, so both
	 * evaluation routes agree on what {@code resolve() is X} means.
	 */
	@Nullable String typeNamedIn(@Nullable String reference) {
		if (reference == null || reference.isEmpty()) {
			return null;
		}
		String type = new IdType(reference).getResourceType();
		return type != null && resourceTypes.contains(type) ? type : null;
	}

	@Override
	public @Nullable Base resolveReference(FHIRPathEngine engine, Object appContext, String url, Base refContext)
			throws FHIRException {
		String type = typeNamedIn(url);
		if (type == null) {
			return null;
		}
		return stubs.computeIfAbsent(type, t -> (Base) ctx.getResourceDefinition(t).newInstance());
	}

	@Override
	public boolean log(String argument, List<Base> focus) {
		return false;
	}

	@Override
	public boolean conformsToProfile(FHIRPathEngine engine, Object appContext, Base item, String url) {
		return false;
	}

	@Override
	public @Nullable ValueSet resolveValueSet(FHIRPathEngine engine, Object appContext, String url) {
		return null;
	}

	@Override
	public boolean paramIsType(String name, int index) {
		return false;
	}
}

package org.custodian.record.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;

/**
 * Every Reference element of a resource (contained resources included), for rewriting transaction
 * placeholders and for the referential-integrity check. Only relative references of the form
 * {@code Type/id} point into this store; absolute URLs, {@code #contained} and logical
 * (identifier-only) references are left alone.
 */
public final class References {

	private static final Pattern LOCAL = Pattern.compile("([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(/_history/[A-Za-z0-9\\-.]{1,64})?");

	private final FhirContext ctx;

	public References(FhirContext ctx) {
		this.ctx = ctx;
	}

	public List<IBaseReference> all(IBaseResource resource) {
		FhirTerser terser = ctx.newTerser();
		return terser.getAllPopulatedChildElementsOfType(resource, IBaseReference.class);
	}

	/**
	 * Replaces each reference value for which {@code rewrite} returns a different value. Used for
	 * {@code urn:uuid:} placeholders and conditional references in transactions.
	 */
	public void rewrite(IBaseResource resource, UnaryOperator<String> rewrite) {
		for (IBaseReference ref : all(resource)) {
			String value = ref.getReferenceElement().getValue();
			if (value == null) {
				continue;
			}
			String replaced = rewrite.apply(value);
			if (!value.equals(replaced)) {
				ref.setReference(replaced);
			}
			// HAPI's parser links a bundle reference to the entry's resource object; left attached,
			// the encoder would inline that resource as a contained one instead of writing the reference.
			if (!replaced.startsWith("#")) {
				ref.setResource(null);
			}
		}
	}

	/** The distinct {@code Type/id} targets of the resource's local references (versions dropped). */
	public List<String> localTargets(IBaseResource resource) {
		Set<String> out = new LinkedHashSet<>();
		for (IBaseReference ref : all(resource)) {
			String local = localTarget(ref.getReferenceElement().getValue());
			if (local != null) {
				out.add(local);
			}
		}
		return new ArrayList<>(out);
	}

	/** {@code Type/id} when the value is a local reference to a known resource type, else null. */
	public @Nullable String localTarget(@Nullable String value) {
		if (value == null) {
			return null;
		}
		var m = LOCAL.matcher(value);
		if (!m.matches() || !isResourceType(m.group(1))) {
			return null;
		}
		return m.group(1) + "/" + m.group(2);
	}

	private boolean isResourceType(String type) {
		return ctx.getResourceTypes().contains(type);
	}
}

package org.custodian.validation;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;

import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;

/**
 * Checks a parsed R4 resource against the base specification fast enough for every write: a
 * single walk over HAPI's runtime model reporting missing required elements (at every level of
 * the elements present), too many repetitions, primitives without value or extensions, values
 * that break their type's lexical rules or required binding, and a few cheap invariants
 * (ele-1, ext-1, per-1, qty-3, the bdl-* rules of Bundle, dom-2/4/5 of contained resources).
 * Contained resources and resources inside Bundle entries are walked too.
 *
 * <p>Not covered: FHIRPath invariants other than those above, required bindings on
 * CodeableConcept/Coding, extensible/preferred bindings, profiles, references to other resources,
 * narrative XHTML content rules, and the uncoverable parse-level gaps listed on
 * {@link StrictParsing}. Thread-safe: the per-type rules are computed once and shared.
 */
public final class BaseSpecValidator {

	private final FhirContext ctx;
	private final CodeBindings bindings;
	private final ConcurrentMap<Class<?>, List<ChildRule>> rules = new ConcurrentHashMap<>();

	public BaseSpecValidator(FhirContext ctx) {
		if (ctx.getVersion().getVersion() != FhirVersionEnum.R4) {
			throw new IllegalArgumentException("BaseSpecValidator supports FHIR R4 only, not " + ctx.getVersion().getVersion());
		}
		this.ctx = ctx;
		this.bindings = new CodeBindings(ctx);
	}

	/** All issues found in {@code resource}, in document order; empty when it conforms. */
	public List<ValidationIssue> validate(IBaseResource resource) {
		return new ResourceWalker(this, ctx.getResourceType(resource)).walk(resource);
	}

	/** The child rules of an element type, computed on first use. */
	List<ChildRule> rulesFor(Class<? extends IBase> type) {
		List<ChildRule> known = rules.get(type);
		return known != null ? known : rules.computeIfAbsent(type, this::computeRules);
	}

	@SuppressWarnings("unchecked")
	private List<ChildRule> computeRules(Class<?> type) {
		BaseRuntimeElementDefinition<?> definition = IBaseResource.class.isAssignableFrom(type)
				? ctx.getResourceDefinition((Class<? extends IBaseResource>) type)
				: ctx.getElementDefinition((Class<? extends IBase>) type);
		return definition instanceof BaseRuntimeElementCompositeDefinition<?> composite
				? ChildRule.of(composite, bindings)
				: List.of();
	}
}

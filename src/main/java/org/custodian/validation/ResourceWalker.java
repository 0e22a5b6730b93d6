package org.custodian.validation;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseHasExtensions;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IBaseXhtml;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.Resource;

import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.RuntimeChildContainedResources;

/**
 * One validation run: walks a resource depth-first, collecting issues. Not shared between
 * threads; {@link BaseSpecValidator} creates one per call.
 */
final class ResourceWalker {

	private final BaseSpecValidator validator;
	private final ElementPath path;
	private final List<ValidationIssue> issues = new ArrayList<>(0);

	ResourceWalker(BaseSpecValidator validator, String root) {
		this.validator = validator;
		this.path = new ElementPath(root);
	}

	List<ValidationIssue> walk(IBaseResource resource) {
		resource(resource, false);
		return issues;
	}

	/** Reports an issue at the current element, or at its child {@code child} when not null. */
	void report(ValidationIssue.Severity severity, @Nullable String child, String message) {
		String location = child == null ? path.render() : path.render(child);
		issues.add(new ValidationIssue(severity, location, message));
	}

	void error(String message) {
		report(ValidationIssue.Severity.ERROR, null, message);
	}

	private void resource(IBaseResource resource, boolean contained) {
		children(resource, validator.rulesFor(resource.getClass()), true);
		if (contained) {
			containedRules(resource);
		}
		if (resource instanceof Bundle bundle) {
			BundleRules.check(bundle, this);
		}
	}

	private void children(IBase element, List<ChildRule> rules, boolean isResource) {
		boolean any = false;
		for (ChildRule rule : rules) {
			List<? extends IBase> values = rule.accessor().getValues(element);
			int count = values.size();
			if (count < rule.min()) {
				report(ValidationIssue.Severity.ERROR, rule.absentName(), "Required element is missing (min " + rule.min() + ")");
			}
			if (rule.max() > 0 && count > rule.max()) {
				report(ValidationIssue.Severity.ERROR, rule.absentName(), "Element occurs " + count + " times, at most " + rule.max() + " allowed");
			}
			for (int i = 0; i < count; i++) {
				IBase value = values.get(i);
				if (rule.absentWhenEmpty() && value.isEmpty()) {
					continue;
				}
				any = true;
				path.push(rule, value, rule.repeating() ? i : -1);
				value(rule, value);
				path.pop();
			}
		}
		// ele-1: an element on the wire always carries something; resources may be empty.
		if (!any && !isResource) {
			error("Element has no value, children or extensions (ele-1)");
		}
		Invariants.check(element, this);
	}

	private void value(ChildRule rule, IBase value) {
		if (value instanceof IBaseResource resource) {
			resource(resource, rule.child() instanceof RuntimeChildContainedResources);
		} else if (value instanceof IBaseXhtml) {
			// Narrative content rules (txt-1, txt-2) would need the XHTML serialised or walked, which
			// would dominate the cost; presence is checked through Narrative.div's cardinality.
			return;
		} else if (value instanceof IPrimitiveType<?> primitive) {
			primitive(rule, primitive);
		} else {
			children(value, validator.rulesFor(value.getClass()), false);
		}
	}

	private void primitive(ChildRule rule, IPrimitiveType<?> primitive) {
		// Checked before the text is asked for: HAPI writes a decimal out in full to produce it.
		if (primitive instanceof org.hl7.fhir.r4.model.DecimalType decimal) {
			String oversized = PrimitiveRules.oversizedDecimal(decimal);
			if (oversized != null) {
				error(oversized);
				return;
			}
		}
		String text = primitive.getValueAsString();
		boolean extended = primitive instanceof IBaseHasExtensions e && e.hasExtension();
		if (text == null) {
			if (!extended) {
				error("Primitive element has neither a value nor extensions");
			}
		} else if (primitive.getValue() == null) {
			// HAPI keeps the text of a value it could not parse and leaves the typed value empty.
			error(primitive instanceof Enumeration<?> ? "Unknown code '" + text + "' for a required binding"
					: "Invalid value '" + text + "'");
		} else {
			checkText(rule, primitive, text);
		}
		if (extended) {
			extensions(((IBaseHasExtensions) primitive).getExtension());
		}
	}

	private void checkText(ChildRule rule, IPrimitiveType<?> primitive, String text) {
		String violation = PrimitiveRules.violation(primitive, text);
		if (violation != null) {
			error(violation);
		}
		CodeBindings.Check binding = rule.binding();
		if (binding != null && !binding.test().test(text)) {
			report(binding.severity(), null, "Code '" + text + "' is not in the required value set " + binding.valueSet());
		}
	}

	private void extensions(List<? extends IBaseExtension<?, ?>> extensions) {
		for (int i = 0; i < extensions.size(); i++) {
			IBaseExtension<?, ?> extension = extensions.get(i);
			path.push("extension", i);
			children(extension, validator.rulesFor(extension.getClass()), false);
			path.pop();
		}
	}

	/** dom-2, dom-4, dom-5: a contained resource is a fragment, not a versioned, secured resource. */
	private void containedRules(IBaseResource resource) {
		if (resource instanceof DomainResource domain && domain.hasContained()) {
			error("A contained resource must not contain resources (dom-2)");
		}
		if (resource instanceof Resource r && r.hasMeta()) {
			if (r.getMeta().hasVersionId() || r.getMeta().hasLastUpdated()) {
				error("A contained resource must not have meta.versionId or meta.lastUpdated (dom-4)");
			}
			if (r.getMeta().hasSecurity()) {
				error("A contained resource must not have meta.security (dom-5)");
			}
		}
	}
}

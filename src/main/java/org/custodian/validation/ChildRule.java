package org.custodian.validation;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.CodeType;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeDeclaredChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.context.RuntimeChildPrimitiveEnumerationDatatypeDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;

/**
 * What the walk needs to know about one child of a composite type, computed once per type:
 * cardinality, how to read the values, how to name it in a path, and the required-binding check
 * for codes that HAPI's model does not turn into an enumeration.
 */
record ChildRule(String name, int min, int max, boolean repeating, boolean absentWhenEmpty,
		BaseRuntimeChildDefinition child, BaseRuntimeChildDefinition.IAccessor accessor, CodeBindings.@Nullable Check binding) {

	static List<ChildRule> of(BaseRuntimeElementCompositeDefinition<?> type, CodeBindings bindings) {
		List<ChildRule> rules = new ArrayList<>(type.getChildren().size());
		// HAPI hands out an empty id for a resource without one and creates an empty meta while
		// parsing some resources; neither was on the wire, so empty means absent there.
		boolean resource = type instanceof RuntimeResourceDefinition;
		for (BaseRuntimeChildDefinition child : type.getChildren()) {
			String name = child.getElementName();
			boolean absentWhenEmpty = resource && ("id".equals(name) || "meta".equals(name));
			rules.add(new ChildRule(child.getElementName(), child.getMin(), child.getMax(), child.isMultipleCardinality(),
					absentWhenEmpty, child, child.getAccessor(), bindingOf(child, bindings)));
		}
		return List.copyOf(rules);
	}

	private static CodeBindings.@Nullable Check bindingOf(BaseRuntimeChildDefinition child, CodeBindings bindings) {
		// Enumerated codes are already checked by HAPI's parser; only plain code children remain.
		if (!(child instanceof BaseRuntimeDeclaredChildDefinition declared)
				|| child instanceof RuntimeChildChoiceDefinition
				|| child instanceof RuntimeChildPrimitiveEnumerationDatatypeDefinition) {
			return null;
		}
		BaseRuntimeElementDefinition<?> type = child.getChildByName(child.getElementName());
		boolean plainCode = type != null && type.getImplementingClass() == CodeType.class;
		return plainCode ? bindings.forValueSet(declared.getBindingValueSet()) : null;
	}

	boolean isChoice() {
		return child instanceof RuntimeChildChoiceDefinition;
	}

	/** The name as written on the wire: {@code valueQuantity} for a choice, else the element name. */
	String wireName(IBase value) {
		if (!isChoice()) {
			return name;
		}
		String wire = child.getChildNameByDatatype(value.getClass());
		return wire == null ? name : wire;
	}

	/** The name of an absent element: {@code value[x]} for a choice. */
	String absentName() {
		return isChoice() ? name + "[x]" : name;
	}
}

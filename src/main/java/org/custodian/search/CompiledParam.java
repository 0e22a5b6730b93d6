package org.custodian.search;

import org.hl7.fhir.r4.fhirpath.ExpressionNode;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * One search parameter of one resource type, ready to evaluate: its expression parsed once at
 * start-up, and whether {@link FastPath} can interpret it.
 */
record CompiledParam(String resourceType, String name, RestSearchParameterTypeEnum type, String expression,
		ExpressionNode node, boolean fast) {

	/** {@code Type.param}, as used in diagnostics. */
	String qualifiedName() {
		return resourceType + "." + name;
	}
}

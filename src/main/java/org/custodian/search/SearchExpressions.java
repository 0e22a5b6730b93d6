package org.custodian.search;

import java.util.List;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates compiled search expressions: by {@link FastPath} when the expression lies in its
 * subset, else (or when the data needs it) by HAPI's FHIRPath engine. An expression is evaluated
 * either on the resource or on one element of it (the focus of a composite parameter).
 */
final class SearchExpressions {

	private final FhirPathEvaluation fhirPath;
	private final FastPath fastPath;

	SearchExpressions(FhirPathEvaluation fhirPath) {
		this.fhirPath = fhirPath;
		this.fastPath = new FastPath(fhirPath.resolver());
	}

	/**
	 * The values of {@code param} in {@code resource}, evaluated on {@code focus} when given.
	 * {@code fhirPathOnly} skips the fast path, so tests can check that both routes agree.
	 */
	List<Base> evaluate(CompiledParam param, Resource resource, @Nullable Base focus, boolean fhirPathOnly) {
		if (param.fast() && !fhirPathOnly) {
			try {
				return focus == null ? fastPath.evaluate(param.node(), resource)
						: fastPath.evaluateAt(param.node(), focus, resource);
			} catch (FastPath.NeedsFhirPath e) {
				// The data (e.g. a contained reference) needs full FHIRPath: fall through.
			}
		}
		return focus == null ? fhirPath.evaluate(resource, param.node())
				: fhirPath.evaluateAt(resource, focus, param.node());
	}
}

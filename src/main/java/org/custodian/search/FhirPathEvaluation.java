package org.custodian.search;

import java.util.List;

import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Resource;

import ca.uhn.fhir.context.FhirContext;

/**
 * The reference route for evaluating search expressions: HAPI's R4 {@link FHIRPathEngine}.
 *
 * <p>The engine keeps per-evaluation state in plain fields (its log, location and type warnings),
 * so it is not safe to share between threads: each thread gets its own engine from a
 * {@link ThreadLocal}. The worker context (the loaded R4 structure definitions, several seconds to
 * build) and the parsed expressions are immutable after construction and are shared.
 */
final class FhirPathEvaluation {

	private final HapiWorkerContext worker;
	private final StubResolver resolver;
	private final ThreadLocal<FHIRPathEngine> engines;

	FhirPathEvaluation(FhirContext ctx) {
		this.worker = new HapiWorkerContext(ctx, ctx.getValidationSupport());
		this.resolver = new StubResolver(ctx, worker);
		this.engines = ThreadLocal.withInitial(this::newEngine);
	}

	StubResolver resolver() {
		return resolver;
	}

	ExpressionNode parse(String expression) {
		return engines.get().parse(expression);
	}

	List<Base> evaluate(Resource resource, ExpressionNode expression) {
		return engines.get().evaluate(null, resource, resource, resource, expression);
	}

	/** Evaluates an expression with {@code focus} (an element of {@code resource}) as its context. */
	List<Base> evaluateAt(Resource resource, Base focus, ExpressionNode expression) {
		return engines.get().evaluate(null, resource, resource, focus, expression);
	}

	private FHIRPathEngine newEngine() {
		FHIRPathEngine engine = new FHIRPathEngine(worker);
		engine.setHostServices(resolver);
		// Search expressions such as (Observation.component.value as Quantity) are written for
		// collections; the strict FHIRPath rule that "as" takes a single item would reject them.
		engine.setDoNotEnforceAsSingletonRule(true);
		return engine;
	}
}

package org.custodian.search;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.ExpressionNode.Function;
import org.hl7.fhir.r4.fhirpath.ExpressionNode.Kind;
import org.hl7.fhir.r4.fhirpath.ExpressionNode.Operation;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * A direct interpreter for the few FHIRPath shapes that nearly all R4 search expressions use, run
 * over the same parsed {@link ExpressionNode} as the engine: {@code Type.a.b}, unions with
 * {@code |}, {@code x as T} / {@code x.as(T)}, {@code where(resolve() is T)} and
 * {@code where(field = 'literal')}. It exists because the general engine costs several microseconds
 * per expression (context objects, type-definition lookups), which over ~30 parameters per resource
 * exceeds the per-write budget. Expressions outside this subset are never given to it
 * ({@link #supports}), and data it does not model (contained-reference resolution) makes it throw
 * {@link NeedsFhirPath} so the caller re-evaluates with the engine. FastPathAgreementTest checks
 * both routes give the same index entries over the whole test corpus.
 */
final class FastPath {

	/** The data needs full FHIRPath semantics; evaluate this expression with the engine instead. */
	static final class NeedsFhirPath extends RuntimeException {
		private static final long serialVersionUID = 1L;
		static final NeedsFhirPath INSTANCE = new NeedsFhirPath();

		private NeedsFhirPath() {
			super("needs FHIRPath", null, false, false);
		}
	}

	private final StubResolver resolver;

	FastPath(StubResolver resolver) {
		this.resolver = resolver;
	}

	/** Whether the expression lies entirely within the subset this class interprets. */
	static boolean supports(ExpressionNode node) {
		return FastPathSubset.supports(node, true);
	}

	/** As {@link #supports}, for an expression evaluated on an element rather than the resource. */
	static boolean supportsRelative(ExpressionNode node) {
		return FastPathSubset.supports(node, false);
	}

	List<Base> evaluate(ExpressionNode node, Resource resource) {
		return eval(node, List.of(resource), resource, true);
	}

	/** Evaluates an expression relative to {@code focus}, an element of {@code resource} (or the resource itself). */
	List<Base> evaluateAt(ExpressionNode node, Base focus, Resource resource) {
		return eval(node, List.of(focus), resource, false);
	}

	private List<Base> eval(ExpressionNode node, List<Base> focus, Resource resource, boolean atRoot) {
		List<Base> work = switch (node.getKind()) {
			case Name -> atRoot ? rootName(node.getName(), resource) : children(focus, node.getName());
			case Function -> function(node, focus);
			case Group -> eval(node.getGroup(), focus, resource, atRoot);
			default -> throw NeedsFhirPath.INSTANCE;
		};
		if (node.getInner() != null) {
			work = eval(node.getInner(), work, resource, false);
		}
		if (node.isProximal() && node.getOperation() != null) {
			work = operate(node, work, focus, resource, atRoot);
		}
		return work;
	}

	/** Left-to-right over the operator chain, each operand evaluated on the same focus (as the engine does). */
	private List<Base> operate(ExpressionNode node, List<Base> left, List<Base> focus, Resource resource,
			boolean atRoot) {
		List<Base> work = left;
		ExpressionNode last = node;
		ExpressionNode next = node.getOpNext();
		while (next != null) {
			if (last.getOperation() == Operation.As) {
				work = ofExactType(work, next.getName());
			} else {
				List<Base> right = eval(next, focus, resource, atRoot);
				List<Base> union = new ArrayList<>(work.size() + right.size());
				union.addAll(work);
				union.addAll(right);
				work = union;
			}
			last = next;
			next = next.getOpNext();
		}
		return work;
	}

	private static List<Base> rootName(String name, Resource resource) {
		boolean matches = name.equals(resource.fhirType()) || name.equals("Resource")
				|| (name.equals("DomainResource") && resource instanceof DomainResource);
		return matches ? List.of(resource) : List.of();
	}

	private static List<Base> children(List<Base> focus, String name) {
		List<Base> result = new ArrayList<>();
		for (Base item : focus) {
			Base[] values = item.listChildrenByName(name, false);
			if (values != null) {
				for (Base value : values) {
					if (value != null) {
						result.add(value);
					}
				}
			}
		}
		return result;
	}

	private List<Base> function(ExpressionNode node, List<Base> focus) {
		ExpressionNode parameter = node.getParameters().get(0);
		if (node.getFunction() == Function.As) {
			return ofExactType(focus, parameter.getName());
		}
		List<Base> result = new ArrayList<>();
		for (Base item : focus) {
			if (parameter.getKind() == Kind.Function ? resolvesTo(item, parameter.getOpNext().getName())
					: fieldEquals(item, parameter.getName(), parameter.getOpNext().getConstant())) {
				result.add(item);
			}
		}
		return result;
	}

	private static List<Base> ofExactType(List<Base> focus, String type) {
		List<Base> result = new ArrayList<>(focus.size());
		for (Base item : focus) {
			if (type.equals(item.fhirType())) {
				result.add(item);
			}
		}
		return result;
	}

	/** {@code resolve() is T}: the type named in the reference text, as {@link StubResolver} reads it. */
	private boolean resolvesTo(Base item, String type) {
		if (!(item instanceof Reference reference)) {
			throw NeedsFhirPath.INSTANCE;
		}
		String text = reference.getReference();
		if (text != null && text.startsWith("#")) {
			throw NeedsFhirPath.INSTANCE;
		}
		return type.equals(resolver.typeNamedIn(text));
	}

	/** {@code field = 'literal'}: true only for exactly one primitive child with that value. */
	private static boolean fieldEquals(Base item, String field, Base literal) {
		Base[] values = item.listChildrenByName(field, false);
		if (values == null || values.length != 1 || values[0] == null || !values[0].isPrimitive()) {
			return false;
		}
		return ((StringType) literal).getValue().equals(values[0].primitiveValue());
	}
}

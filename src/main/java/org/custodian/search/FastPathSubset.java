package org.custodian.search;

import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.ExpressionNode.Function;
import org.hl7.fhir.r4.fhirpath.ExpressionNode.Kind;
import org.hl7.fhir.r4.fhirpath.ExpressionNode.Operation;
import org.hl7.fhir.r4.model.StringType;

/**
 * Decides, once per expression at start-up, whether {@link FastPath} can interpret it. Anything not
 * recognised here (indexers, {@code exists()}, comparisons, other functions) goes to the engine.
 */
final class FastPathSubset {

	private FastPathSubset() {}

	static boolean supports(ExpressionNode node, boolean atRoot) {
		boolean self = switch (node.getKind()) {
			case Name -> !node.getName().startsWith("$") && (!atRoot || Character.isUpperCase(node.getName().charAt(0)));
			case Function -> supportsFunction(node);
			case Group -> supports(node.getGroup(), atRoot);
			default -> false;
		};
		if (!self || (node.getInner() != null && !supports(node.getInner(), false))) {
			return false;
		}
		return node.getOperation() == null || (node.isProximal() && supportsChain(node, atRoot));
	}

	/** A chain of unions, or one trailing {@code as T}. */
	private static boolean supportsChain(ExpressionNode node, boolean atRoot) {
		ExpressionNode last = node;
		ExpressionNode next = node.getOpNext();
		while (next != null) {
			Operation op = last.getOperation();
			if (op == Operation.As) {
				if (!isTypeName(next) || next.getOperation() != null) {
					return false;
				}
			} else if (op != Operation.Union || !supportsOperand(next, atRoot)) {
				return false;
			}
			last = next;
			next = next.getOpNext();
		}
		return true;
	}

	/** An operand is evaluated without its own operator (the chain owns it). */
	private static boolean supportsOperand(ExpressionNode node, boolean atRoot) {
		boolean self = switch (node.getKind()) {
			case Name -> !atRoot || Character.isUpperCase(node.getName().charAt(0));
			case Function -> supportsFunction(node);
			case Group -> supports(node.getGroup(), atRoot);
			default -> false;
		};
		return self && (node.getInner() == null || supports(node.getInner(), false));
	}

	private static boolean supportsFunction(ExpressionNode node) {
		if (node.getParameters().size() != 1) {
			return false;
		}
		ExpressionNode parameter = node.getParameters().get(0);
		if (node.getFunction() == Function.As) {
			return isTypeName(parameter);
		}
		return node.getFunction() == Function.Where && (isResolveIs(parameter) || isFieldEquals(parameter));
	}

	/** {@code resolve() is T} */
	private static boolean isResolveIs(ExpressionNode p) {
		return p.getKind() == Kind.Function && p.getFunction() == Function.Resolve && p.getParameters().isEmpty()
				&& p.getInner() == null && p.getOperation() == Operation.Is && isTypeName(p.getOpNext())
				&& p.getOpNext().getOperation() == null;
	}

	/** {@code field = 'literal'} */
	private static boolean isFieldEquals(ExpressionNode p) {
		ExpressionNode literal = p.getOpNext();
		return p.getKind() == Kind.Name && Character.isLowerCase(p.getName().charAt(0)) && p.getInner() == null
				&& p.getOperation() == Operation.Equals && literal != null && literal.getKind() == Kind.Constant
				&& literal.getConstant() instanceof StringType && literal.getInner() == null
				&& literal.getOperation() == null;
	}

	private static boolean isTypeName(ExpressionNode node) {
		return node != null && node.getKind() == Kind.Name && node.getInner() == null;
	}
}

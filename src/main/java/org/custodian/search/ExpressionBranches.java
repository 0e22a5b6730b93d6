package org.custodian.search;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Text operations on search expressions, used once at start-up to rewrite a composite's component
 * expressions ({@code Observation.component.code}) relative to the element the composite selects
 * ({@code Observation.component} → {@code code}). HAPI's model gives each component only as a
 * reference to another search parameter, whose expression starts at the resource.
 */
final class ExpressionBranches {

	private ExpressionBranches() {}

	/** The operands of the top-level unions: {@code a | (b as X) | c.where(d = 'x|y')} gives three branches. */
	static List<String> split(String expression) {
		List<String> branches = new ArrayList<>();
		int depth = 0;
		boolean quoted = false;
		int start = 0;
		for (int i = 0; i < expression.length(); i++) {
			char c = expression.charAt(i);
			if (c == '\'' && (i == 0 || expression.charAt(i - 1) != '\\')) {
				quoted = !quoted;
			} else if (!quoted && c == '(') {
				depth++;
			} else if (!quoted && c == ')') {
				depth--;
			} else if (!quoted && depth == 0 && c == '|') {
				branches.add(expression.substring(start, i).trim());
				start = i + 1;
			}
		}
		branches.add(expression.substring(start).trim());
		branches.removeIf(String::isEmpty);
		return branches;
	}

	/**
	 * {@code branch} rewritten relative to {@code focus}, or null when it does not start there:
	 * {@code (Observation.value as Quantity)} relative to {@code Observation} is {@code (value as Quantity)}.
	 */
	static @Nullable String relativeTo(String branch, String focus) {
		int lead = 0;
		while (lead < branch.length() && branch.charAt(lead) == '(') {
			lead++;
		}
		String prefix = focus + ".";
		if (!branch.startsWith(prefix, lead)) {
			return null;
		}
		return branch.substring(0, lead) + branch.substring(lead + prefix.length());
	}
}

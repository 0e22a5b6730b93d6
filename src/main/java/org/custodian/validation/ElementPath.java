package org.custodian.validation;

import java.util.Arrays;

import org.hl7.fhir.instance.model.api.IBase;
import org.jspecify.annotations.Nullable;

/**
 * The path of the element being walked, kept as a stack of (child, value, index) and rendered to
 * text only when an issue is reported, so that a clean resource costs no string building.
 */
final class ElementPath {

	private final String root;
	private @Nullable ChildRule[] rules = new ChildRule[16];
	private @Nullable String[] names = new String[16];
	private @Nullable IBase[] values = new IBase[16];
	private int[] indexes = new int[16];
	private int depth;

	ElementPath(String root) {
		this.root = root;
	}

	/** Enters {@code value}, the {@code index}th value of {@code rule} (index -1: no index shown). */
	void push(ChildRule rule, IBase value, int index) {
		grow();
		rules[depth] = rule;
		names[depth] = null;
		values[depth] = value;
		indexes[depth++] = index;
	}

	/** Enters an element known only by name (the extensions of a primitive). */
	void push(String name, int index) {
		grow();
		rules[depth] = null;
		names[depth] = name;
		values[depth] = null;
		indexes[depth++] = index;
	}

	void pop() {
		depth--;
	}

	String render() {
		StringBuilder text = new StringBuilder(root);
		for (int i = 0; i < depth; i++) {
			ChildRule rule = rules[i];
			IBase value = values[i];
			text.append('.').append(rule != null && value != null ? rule.wireName(value) : names[i]);
			if (indexes[i] >= 0) {
				text.append('[').append(indexes[i]).append(']');
			}
		}
		return text.toString();
	}

	String render(String child) {
		return render() + "." + child;
	}

	private void grow() {
		if (depth == rules.length) {
			rules = Arrays.copyOf(rules, depth * 2);
			names = Arrays.copyOf(names, depth * 2);
			values = Arrays.copyOf(values, depth * 2);
			indexes = Arrays.copyOf(indexes, depth * 2);
		}
	}
}

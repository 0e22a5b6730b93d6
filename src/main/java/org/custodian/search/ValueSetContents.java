package org.custodian.search;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.custodian.search.IndexEntry.TokenValue;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;
import org.jspecify.annotations.Nullable;

/**
 * The codes a ValueSet contains, as far as this server can tell without a terminology service, for
 * the {@code :in} and {@code :not-in} modifiers. Its definition ({@code compose}) is expanded when
 * every include and exclude lists its concepts; failing that, a complete {@code expansion} carried
 * by the resource is used. Anything else (filters, imported value sets, whole code systems, a paged
 * expansion) is recorded with the reason, so a search naming the value set is refused with it
 * rather than answered wrongly. Both are indexed with the ValueSet, so a search reads them from the
 * index without decoding the resource.
 */
final class ValueSetContents {

	/** Index key of each contained code ({@code system|code}). */
	static final String EXPANSION = "$expansion";
	/** Index key of the reason a value set cannot be expanded here (in the token's text). */
	static final String UNEXPANDABLE = "$unexpandable";

	/** One code of the value set; {@code system} is null for a code without one. */
	record Code(@Nullable String system, String code) {}

	/** The codes, or why they cannot be known here. */
	record Expansion(Set<Code> codes, @Nullable String refusal) {}

	private ValueSetContents() {}

	static void index(ValueSet valueSet, Set<IndexEntry> out) {
		Expansion expansion = expand(valueSet);
		if (expansion.refusal() != null) {
			out.add(new TokenValue(UNEXPANDABLE, null, "unexpandable", SearchStrings.truncate(expansion.refusal())));
			return;
		}
		for (Code code : expansion.codes()) {
			out.add(new TokenValue(EXPANSION, code.system(), code.code(), null));
		}
	}

	static Expansion expand(ValueSet valueSet) {
		String composeProblem = valueSet.hasCompose() ? composeProblem(valueSet.getCompose()) : "it has no compose";
		if (composeProblem == null) {
			Set<Code> codes = new LinkedHashSet<>();
			for (ConceptSetComponent include : valueSet.getCompose().getInclude()) {
				codes.addAll(concepts(include));
			}
			for (ConceptSetComponent exclude : valueSet.getCompose().getExclude()) {
				codes.removeAll(concepts(exclude));
			}
			return new Expansion(codes, null);
		}
		if (valueSet.hasExpansion()) {
			Set<Code> codes = new LinkedHashSet<>();
			contains(valueSet.getExpansion().getContains(), codes);
			ValueSet.ValueSetExpansionComponent expansion = valueSet.getExpansion();
			boolean paged = expansion.getOffset() > 0 || (expansion.hasTotal() && expansion.getTotal() > codes.size());
			if (!paged) {
				return new Expansion(codes, null);
			}
			return new Expansion(Set.of(), "its expansion holds only part of its codes, and " + composeProblem);
		}
		return new Expansion(Set.of(), composeProblem);
	}

	/** Why the compose cannot be expanded from its own concept lists, or null when it can. */
	private static @Nullable String composeProblem(ValueSet.ValueSetComposeComponent compose) {
		for (ConceptSetComponent include : compose.getInclude()) {
			String problem = problem("includes", include);
			if (problem != null) {
				return problem;
			}
		}
		for (ConceptSetComponent exclude : compose.getExclude()) {
			String problem = problem("excludes", exclude);
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	private static @Nullable String problem(String verb, ConceptSetComponent set) {
		if (set.hasValueSet()) {
			return "it " + verb + " other value sets (" + set.getValueSet().get(0).getValue() + ")";
		}
		if (set.hasFilter()) {
			return "it " + verb + " codes of " + set.getSystem() + " by filter";
		}
		if (!set.hasSystem()) {
			return "it " + verb + " concepts without a code system";
		}
		if (!set.hasConcept()) {
			return "it " + verb + " all of code system " + set.getSystem();
		}
		return null;
	}

	private static List<Code> concepts(ConceptSetComponent set) {
		return set.getConcept().stream().filter(ConceptReferenceComponent::hasCode)
				.map(c -> new Code(set.getSystem(), c.getCode())).toList();
	}

	private static void contains(List<ValueSetExpansionContainsComponent> entries, Set<Code> codes) {
		for (ValueSetExpansionContainsComponent entry : entries) {
			if (entry.hasCode()) {
				codes.add(new Code(entry.hasSystem() ? entry.getSystem() : null, entry.getCode()));
			}
			contains(entry.getContains(), codes);
		}
	}
}

package org.custodian.coding;

import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One release of a code system, as loaded: its version, the date from which it is in force (until a
 * later release of the same system is), and its concepts by code. A release is built from its
 * distribution files, or derived from the one before by the changes published between them.
 */
public final class Release {

	/** One concept: its code (stored form), whether it may be used (billable, not a header), its titles and parent. */
	public record Concept(String code, boolean selectable, String display, @Nullable String shortDisplay,
			@Nullable String parent) {

		Concept withParent(@Nullable String p) {
			return new Concept(code, selectable, display, shortDisplay, p);
		}
	}

	private final String system;
	private final String version;
	private final LocalDate effective;
	private final String source;
	private final Map<String, Concept> concepts;

	public Release(String system, String version, LocalDate effective, String source, Map<String, Concept> concepts) {
		this.system = system;
		this.version = version;
		this.effective = effective;
		this.source = source;
		this.concepts = new LinkedHashMap<>(concepts);
	}

	public String system() {
		return system;
	}

	public String version() {
		return version;
	}

	public LocalDate effective() {
		return effective;
	}

	public String source() {
		return source;
	}

	public Collection<Concept> concepts() {
		return concepts.values();
	}

	public int size() {
		return concepts.size();
	}

	public @Nullable Concept get(String code) {
		return concepts.get(code);
	}

	long selectable() {
		return concepts.values().stream().filter(Concept::selectable).count();
	}

	/**
	 * The same concepts with each one's parent set to its longest proper prefix that is itself a
	 * concept: ICD's hierarchy is in its codes (E11 > E11.6 > E11.65).
	 */
	Release withPrefixParents() {
		Map<String, Concept> out = new LinkedHashMap<>();
		for (Concept c : concepts.values()) {
			String parent = null;
			for (int n = c.code().length() - 1; n >= 3 && parent == null; n--) {
				String prefix = c.code().substring(0, n);
				if (concepts.containsKey(prefix)) {
					parent = prefix;
				}
			}
			out.put(c.code(), c.withParent(parent));
		}
		return new Release(system, version, effective, source, out);
	}
}

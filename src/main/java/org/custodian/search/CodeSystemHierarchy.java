package org.custodian.search;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.search.IndexEntry.TokenValue;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptPropertyComponent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Subsumption for token {@code :below} and {@code :above}, from CodeSystem resources stored on this
 * server: each code system's is-a hierarchy (nested concepts, and {@code parent} properties) is
 * indexed with it as (ancestor, descendant) pairs, every code being its own ancestor, so a search
 * reads the codes it needs from the index and seeks on their hashes as {@code :in} does. A code
 * system that is not stored here is refused (400, {@code CUS-1014}) rather than answered without
 * its hierarchy. (Loading large code systems such as SNOMED CT or ICD-10-CM is the terminology work
 * of issue 9; it will feed the same pairs.)
 */
final class CodeSystemHierarchy {

	/** Index key of an (ancestor, descendant) pair: the token's system column holds the ancestor code. */
	static final String SUBSUMES = "$subsumes";

	private final JdbcTemplate jdbc;

	CodeSystemHierarchy(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	static void index(CodeSystem codeSystem, Set<IndexEntry> out) {
		Map<String, Set<String>> parents = new HashMap<>();
		collect(codeSystem.getConcept(), null, parents);
		for (String code : parents.keySet()) {
			for (String ancestor : ancestors(code, parents)) {
				out.add(new TokenValue(SUBSUMES, ancestor, code, null));
			}
		}
	}

	/** The codes {@code code} subsumes in the stored code system {@code system} (itself included). */
	List<String> below(String param, String system, String code) {
		return jdbc.queryForList("select x.code from idx_token x where x.res_id = ? and x.hash_identity = ? and x.system = ?",
				String.class, find(param, system), IndexHash.identity("CodeSystem", SUBSUMES), code);
	}

	/** The codes that subsume {@code code} in the stored code system {@code system} (itself included). */
	List<String> above(String param, String system, String code) {
		return jdbc.queryForList("select x.system from idx_token x where x.res_id = ? and x.hash_identity = ? and x.code = ?",
				String.class, find(param, system), IndexHash.identity("CodeSystem", SUBSUMES), code);
	}

	private long find(String param, String system) {
		List<Long> found = jdbc.queryForList("select r.res_id from resource r join idx_uri u on u.res_id = r.res_id"
				+ " where r.res_type = 'CodeSystem' and not r.deleted and u.hash_identity = ? and u.uri = ? order by r.res_id",
				Long.class, IndexHash.identity("CodeSystem", "url"), system);
		if (found.isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.UNKNOWN_CODE_SYSTEM, "Search parameter '" + param + "': the code"
					+ " system " + system + " is not stored on this server, so its hierarchy for :above and :below is unknown");
		}
		return found.get(found.size() - 1);
	}

	private static void collect(List<ConceptDefinitionComponent> concepts, String parent, Map<String, Set<String>> parents) {
		for (ConceptDefinitionComponent concept : concepts) {
			if (!concept.hasCode()) {
				continue;
			}
			Set<String> own = parents.computeIfAbsent(concept.getCode(), k -> new LinkedHashSet<>());
			if (parent != null) {
				own.add(parent);
			}
			for (ConceptPropertyComponent property : concept.getProperty()) {
				if (property.getCode().equals("parent") && property.hasValue()) {
					own.add(property.getValue().primitiveValue());
				}
			}
			collect(concept.getConcept(), concept.getCode(), parents);
		}
	}

	/** The code and every code above it; cycles in a malformed hierarchy end where they repeat. */
	private static Set<String> ancestors(String code, Map<String, Set<String>> parents) {
		Set<String> seen = new LinkedHashSet<>();
		Deque<String> todo = new ArrayDeque<>(List.of(code));
		while (!todo.isEmpty()) {
			String next = todo.pop();
			if (seen.add(next)) {
				todo.addAll(parents.getOrDefault(next, Set.of()));
			}
		}
		return seen;
	}
}

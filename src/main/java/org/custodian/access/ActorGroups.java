package org.custodian.access;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.custodian.search.IndexHash;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The groups a user belongs to, as a consent can name them: the care teams that list the user as a
 * participant, and the organizations of its practitioner roles. Read from the index only when a
 * consent in force names such a group.
 */
final class ActorGroups {

	private ActorGroups() {
	}

	/** {@code CareTeam/…} and {@code Organization/…} references for the user with internal id {@code user}. */
	static Set<String> of(JdbcTemplate jdbc, long user) {
		List<String> found = jdbc.queryForList("select 'CareTeam/' || t.fhir_id from idx_reference m"
				+ " join resource t on t.res_id = m.res_id and not t.deleted"
				+ " where m.hash_identity = ? and m.target_res_id = ?"
				+ " union"
				+ " select 'Organization/' || o.fhir_id from idx_reference m"
				+ " join idx_reference g on g.res_id = m.res_id and g.hash_identity = ?"
				+ " join resource t on t.res_id = m.res_id and not t.deleted"
				+ " join resource o on o.res_id = g.target_res_id and not o.deleted"
				+ " where m.hash_identity = ? and m.target_res_id = ?", String.class,
				IndexHash.identity("CareTeam", "participant"), user, IndexHash.identity("PractitionerRole", "organization"),
				IndexHash.identity("PractitionerRole", "practitioner"), user);
		return new LinkedHashSet<>(found);
	}
}

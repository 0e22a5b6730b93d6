package org.custodian.access;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/** The internal id of a live resource named by type and id, as the gate needs it for patients and users. */
final class LiveResources {

	private LiveResources() {
	}

	/** The internal id of live {@code type/id}, or null when it does not exist or was deleted. */
	static @Nullable Long id(JdbcTemplate jdbc, String type, String id) {
		List<Long> found = jdbc.queryForList("select res_id from resource where res_type = ? and fhir_id = ?"
				+ " and not deleted", Long.class, type, id);
		return found.isEmpty() ? null : found.get(0);
	}
}

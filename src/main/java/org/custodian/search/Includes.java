package org.custodian.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.custodian.search.SearchRequest.Include;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Resolves {@code _include} and {@code _revinclude} for a page of matches through the reference
 * index: forward includes follow the page's references, reverse includes find what refers to the
 * page. {@code :iterate} repeats on what was just included, up to {@link #MAX_ROUNDS} rounds and
 * {@link #MAX_INCLUDED} resources, so a cycle or a hub resource cannot blow up a response.
 */
final class Includes {

	static final int MAX_ROUNDS = 4;
	static final int MAX_INCLUDED = 1000;

	private final JdbcTemplate jdbc;

	Includes(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Internal ids of included resources, not repeating the matches, in the order found. */
	List<Long> resolve(List<Long> matches, List<Include> includes) {
		Set<Long> seen = new LinkedHashSet<>(matches);
		Set<Long> included = new LinkedHashSet<>();
		List<Long> frontier = matches;
		for (int round = 0; round < MAX_ROUNDS && !frontier.isEmpty() && included.size() < MAX_INCLUDED; round++) {
			List<Long> found = new ArrayList<>();
			for (Include include : includes) {
				if (round > 0 && !include.iterate()) {
					continue;
				}
				for (Long id : step(frontier, include)) {
					if (seen.add(id) && included.size() < MAX_INCLUDED) {
						included.add(id);
						found.add(id);
					}
				}
			}
			frontier = found;
		}
		return new ArrayList<>(included);
	}

	private List<Long> step(List<Long> from, Include include) {
		long identity = IndexHash.identity(include.sourceType(), include.param());
		Object[] ids = from.toArray();
		if (include.reverse()) {
			return jdbc.query(con -> {
				var ps = con.prepareStatement("select distinct x.res_id from idx_reference x join resource s"
						+ " on s.res_id = x.res_id and not s.deleted where x.target_res_id = any(?) and x.hash_identity = ?"
						+ " order by 1 limit " + MAX_INCLUDED);
				ps.setArray(1, con.createArrayOf("bigint", ids));
				ps.setLong(2, identity);
				return ps;
			}, (rs, n) -> rs.getLong(1));
		}
		return jdbc.query(con -> {
			var ps = con.prepareStatement("select distinct x.target_res_id from idx_reference x join resource t"
					+ " on t.res_id = x.target_res_id and not t.deleted" + (include.targetType() != null ? " and t.res_type = ?" : "")
					+ " where x.res_id = any(?) and x.hash_identity = ? order by 1 limit " + MAX_INCLUDED);
			int i = 1;
			if (include.targetType() != null) {
				ps.setString(i++, include.targetType());
			}
			ps.setArray(i++, con.createArrayOf("bigint", ids));
			ps.setLong(i, identity);
			return ps;
		}, (rs, n) -> rs.getLong(1));
	}
}

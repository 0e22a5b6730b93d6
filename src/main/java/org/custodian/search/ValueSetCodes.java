package org.custodian.search;

import java.util.ArrayList;
import java.util.List;

import org.custodian.search.ValueSetContents.Code;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds the codes of a ValueSet stored on this server, for {@code :in} and {@code :not-in}: the
 * value set is named by its canonical url (optionally {@code url|version}) or as
 * {@code ValueSet/id}, and its codes are read from the index, where {@link ValueSetContents} put
 * them when it was written. Like a chain, this reads index rows only, never a resource body.
 * A value set that is not stored, is ambiguous, or cannot be expanded here is refused (400) with a
 * message naming it, since answering without its codes would be wrong.
 */
public final class ValueSetCodes {

	private final JdbcTemplate jdbc;

	public ValueSetCodes(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The codes of the stored ValueSet named {@code reference} as {@code system|code}, for uses other
	 * than search (sensitivity labelling rules); refused as for {@code :in} when it is not stored or
	 * cannot be expanded.
	 */
	public java.util.Set<String> systemCodes(String reference) {
		java.util.Set<String> out = new java.util.HashSet<>();
		for (Code c : codes("value set", reference)) {
			out.add(c.system() + "|" + c.code());
		}
		return out;
	}

	List<Code> codes(String param, String reference) {
		long resId = find(param, reference);
		List<String> refusals = new ArrayList<>();
		List<Code> codes = new ArrayList<>();
		long expansion = IndexHash.identity("ValueSet", ValueSetContents.EXPANSION);
		jdbc.query("select hash_identity, system, code, display from idx_token where res_id = ? and hash_identity in (?, ?)",
				rs -> {
					if (rs.getLong(1) == expansion) {
						codes.add(new Code(rs.getString(2), rs.getString(3)));
					} else {
						refusals.add(rs.getString(4));
					}
				}, resId, expansion, IndexHash.identity("ValueSet", ValueSetContents.UNEXPANDABLE));
		if (!refusals.isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.VALUE_SET_NOT_EXPANDABLE, "ValueSet " + reference
					+ " (search parameter '" + param + "') cannot be expanded on this server: " + refusals.get(0)
					+ ". :in and :not-in need a value set whose codes are listed in its compose or expansion.");
		}
		return codes;
	}

	private long find(String param, String reference) {
		List<Long> found;
		if (reference.startsWith("ValueSet/")) {
			found = jdbc.queryForList("select res_id from resource where res_type = 'ValueSet' and fhir_id = ? and not deleted",
					Long.class, reference.substring("ValueSet/".length()));
		} else {
			int bar = reference.indexOf('|');
			String url = bar < 0 ? reference : reference.substring(0, bar);
			SqlBuilder sql = new SqlBuilder().append("select r.res_id from resource r join idx_uri u on u.res_id = r.res_id"
					+ " where r.res_type = 'ValueSet' and not r.deleted and u.hash_identity = ? and u.uri = ?",
					IndexHash.identity("ValueSet", "url"), url);
			if (bar >= 0) {
				sql.append(" and exists (select 1 from idx_token v where v.res_id = r.res_id and v.hash_sys_code = ?)",
						IndexHash.tokenSystemCode("ValueSet", "version", null, reference.substring(bar + 1)));
			}
			found = jdbc.queryForList(sql.sql(), Long.class, sql.args());
		}
		if (found.isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.UNKNOWN_VALUE_SET, "ValueSet " + reference
					+ " (search parameter '" + param + "') is not stored on this server; :in and :not-in use value sets"
					+ " stored here, found by their url (url|version to pick a version) or as ValueSet/id");
		}
		if (found.size() > 1) {
			throw new CustodianException.Invalid(ErrorCode.UNKNOWN_VALUE_SET, "ValueSet " + reference
					+ " (search parameter '" + param + "') matches " + found.size() + " stored value sets;"
					+ " name one as url|version or ValueSet/id");
		}
		return found.get(0);
	}
}

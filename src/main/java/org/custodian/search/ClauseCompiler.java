package org.custodian.search;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import org.custodian.access.AccessContext;
import org.custodian.access.RowFilter;
import org.custodian.search.SearchRequest.Clause;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * Compiles one search clause into a SQL condition on the candidate resource {@code r}. Every
 * condition is a correlated {@code exists} over one index table that leads with a hashed identity,
 * so PostgreSQL can drive the search from the index ({@link ValueCriteria} per value type,
 * {@link CompositeCriteria} for composites). The values of a clause are ORed; a {@code :not} or
 * {@code :not-in} clause matches resources that have none of its values.
 */
final class ClauseCompiler {

	private final FhirContext ctx;
	private final Clock clock;
	private final CompositeParams compositeParams;
	private final ValueCriteria values;
	private final CompositeCriteria composites;
	private final ReferenceTargets targets;

	ClauseCompiler(FhirContext ctx, Clock clock, ValueSetCodes valueSets, ReferenceTargets targets,
			CodeSystemHierarchy hierarchy) {
		this.ctx = ctx;
		this.clock = clock;
		this.compositeParams = new CompositeParams(ctx);
		this.targets = targets;
		this.values = new ValueCriteria(clock, valueSets, targets, hierarchy);
		this.composites = new CompositeCriteria(values);
	}

	/**
	 * Whether the clause is a plain test on the rows of one index table (its values ORed, nothing
	 * negated), which {@link #appendRows} can write as a join over that table. Such clauses of one
	 * search can then be intersected on the index alone, before any resource row is read.
	 */
	boolean testsRows(@Nullable RuntimeSearchParam param, Clause clause) {
		if (clause.param().equals("_compartment")) {
			return true;
		}
		String code = clause.param();
		if (clause.chain() != null || code.equals("_id") || code.equals("_lastUpdated") || code.equals("_has")
				|| (param == null && !code.equals("_source"))
				|| "missing".equals(clause.modifier()) || ValueCriteria.negates(clause.modifier())) {
			return false;
		}
		RestSearchParameterTypeEnum kind = kind(param, code);
		return kind != RestSearchParameterTypeEnum.COMPOSITE && kind != RestSearchParameterTypeEnum.SPECIAL
				&& kind != RestSearchParameterTypeEnum.HAS;
	}

	/** The index table the rows of a {@link #testsRows} clause are in. */
	String rowTable(@Nullable RuntimeSearchParam param, Clause clause) {
		if (clause.param().equals("_compartment")) {
			return "idx_reference";
		}
		return ValueCriteria.table(kind(param, clause.param()), clause.modifier());
	}

	/** The condition on row {@code x} of {@link #rowTable} for a {@link #testsRows} clause. */
	void appendRows(SqlBuilder sql, String x, String type, @Nullable RuntimeSearchParam param, Clause clause) {
		if (clause.param().equals("_compartment")) {
			compartmentRows(sql, x, type, clause.values().get(0));
			return;
		}
		RestSearchParameterTypeEnum kind = kind(param, clause.param());
		sql.append("(");
		for (int i = 0; i < clause.values().size(); i++) {
			sql.append(i > 0 ? " or (" : "(");
			values.append(sql, x, type, clause.param(), kind, clause.modifier(), SearchValues.plain(clause.values().get(i)));
			sql.append(")");
		}
		sql.append(")");
	}

	/**
	 * Appends the condition that resource {@code a} of {@code type} matches {@code clause}. Resources
	 * reached through a chain or {@code _has} count only when {@code access} may see them: a search
	 * must not tell, even by what it matches, what the caller could not read.
	 */
	void compile(SqlBuilder sql, AccessContext access, String a, String type, @Nullable RuntimeSearchParam param,
			Clause clause) {
		if (clause.param().equals("_has")) {
			reverseChain(sql, access, a, clause);
			return;
		}
		if (clause.param().equals("_compartment")) {
			compartment(sql, a, type, clause.values().get(0));
			return;
		}
		if (clause.param().equals("_list")) {
			list(sql, access, a, clause);
			return;
		}
		if (clause.param().equals(ResourceText.NARRATIVE) || clause.param().equals(ResourceText.CONTENT)) {
			text(sql, a, type, clause);
			return;
		}
		if (clause.param().equals(NearCriteria.PARAM) && type.equals("Location")) {
			requireNoModifier(clause);
			sql.append("(");
			for (int i = 0; i < clause.values().size(); i++) {
				sql.append(i > 0 ? " or " : "");
				NearCriteria.append(sql, a, SearchValues.plain(clause.values().get(i)));
			}
			sql.append(")");
			return;
		}
		if (clause.chain() != null) {
			chain(sql, access, a, type, param, clause);
			return;
		}
		if ("missing".equals(clause.modifier())) {
			missing(sql, a, type, param, clause);
			return;
		}
		String joiner = ValueCriteria.negates(clause.modifier()) ? " and " : " or ";
		sql.append("(");
		for (int i = 0; i < clause.values().size(); i++) {
			if (i > 0) {
				sql.append(joiner);
			}
			value(sql, a, type, param, clause, clause.values().get(i));
		}
		sql.append(")");
	}

	/**
	 * {@code subject:Patient.name=x}: the reference must point at a live resource of a target type
	 * that matches the rest of the chain. Without a type modifier, every target type of the
	 * reference that defines the chained parameter is tried (ORed).
	 */
	private void chain(SqlBuilder sql, AccessContext access, String a, String type, @Nullable RuntimeSearchParam param,
			Clause clause) {
		Clause rest = SearchRequestParser.clause(clause.chain(), SearchValues.joinOr(clause.values()));
		List<String> targets = new ArrayList<>();
		Collection<String> candidates = clause.modifier() != null ? List.of(clause.modifier())
				: param != null && !param.getTargets().isEmpty() ? param.getTargets() : ctx.getResourceTypes();
		for (String target : new TreeSet<>(candidates)) {
			if (ctx.getResourceTypes().contains(target)
					&& (rest.param().startsWith("_") || ctx.getResourceDefinition(target).getSearchParam(rest.param()) != null)) {
				targets.add(target);
			}
		}
		if (targets.isEmpty()) {
			throw unsupported(clause.param() + "." + clause.chain(), "no target type of '" + clause.param()
					+ "' has the parameter '" + rest.param() + "'; the chain");
		}
		String t = next(a);
		sql.append("exists (select 1 from idx_reference x where x.res_id = " + a + ".res_id and x.hash_identity = ?"
				+ " and x.target_res_id in (select " + t + ".res_id from resource " + t + " where not " + t + ".deleted and (",
				IndexHash.identity(type, clause.param()));
		for (int i = 0; i < targets.size(); i++) {
			String target = targets.get(i);
			sql.append(i > 0 ? " or (" : "(").append(t + ".res_type = ? and ", target);
			RowFilter visible = access.visible(t, target);
			sql.append(visible.sql() + " and ", visible.args().toArray());
			compile(sql, access, t, target, ctx.getResourceDefinition(target).getSearchParam(rest.param()), rest);
			sql.append(")");
		}
		sql.append(")))");
	}

	/** {@code _has:Observation:patient:code=x}: some live Observation whose patient is this resource has code x. */
	private void reverseChain(SqlBuilder sql, AccessContext access, String a, Clause clause) {
		String[] parts = clause.chain().split(":", 3);
		String source = parts[0];
		Clause rest = SearchRequestParser.clause(parts[2], SearchValues.joinOr(clause.values()));
		String s = next(a);
		sql.append("exists (select 1 from idx_reference x join resource " + s + " on " + s + ".res_id = x.res_id and not "
				+ s + ".deleted where x.target_res_id = " + a + ".res_id and x.hash_identity = ? and ",
				IndexHash.identity(source, parts[1]));
		RowFilter visible = access.visible(s, source);
		sql.append(visible.sql() + " and ", visible.args().toArray());
		compile(sql, access, s, source, ctx.getResourceDefinition(source).getSearchParam(rest.param()), rest);
		sql.append(")");
	}

	/**
	 * {@code _content=fracture} or {@code _text="heart attack" -chest}: full text, in web-search
	 * syntax (quoted phrases, {@code or}, {@code -word}), English stemming; the values are ORed.
	 */
	private void text(SqlBuilder sql, String a, String type, Clause clause) {
		sql.append("(");
		for (int i = 0; i < clause.values().size(); i++) {
			sql.append(i > 0 ? " or " : "");
			sql.append("exists (select 1 from idx_text x where x.res_id = " + a + ".res_id and x.hash_identity = ?"
					+ " and x.doc @@ websearch_to_tsquery('english', ?))", IndexHash.identity(type, clause.param()),
					SearchValues.plain(clause.values().get(i)));
		}
		sql.append(")");
	}

	/**
	 * {@code _list=42}: the resource is an item of List/42 (any of several, comma-separated), a List
	 * the caller may see. Functional lists ({@code $current-problems} …) are not kept by this server.
	 */
	private void list(SqlBuilder sql, AccessContext access, String a, Clause clause) {
		if (clause.modifier() != null) {
			throw unsupported("_list:" + clause.modifier(), "a modifier on _list");
		}
		List<String> ids = new ArrayList<>();
		for (String value : clause.values()) {
			String id = SearchValues.plain(value);
			id = id.startsWith("List/") ? id.substring("List/".length()) : id;
			if (id.startsWith("$")) {
				throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE, "_list=" + id + ": this server keeps no"
						+ " functional lists; name a List resource by its id");
			}
			ids.add(id);
		}
		String l = "l_" + a;
		String x = "lx_" + a;
		RowFilter visible = access.visible(l, "List");
		sql.append("exists (select 1 from resource " + l + " join idx_reference " + x + " on " + x + ".res_id = " + l
				+ ".res_id and " + x + ".hash_identity = ? where " + l + ".res_type = 'List' and not " + l + ".deleted and "
				+ l + ".fhir_id = any(?) and " + x + ".target_res_id = " + a + ".res_id and ",
				IndexHash.identity("List", "item"), ids.toArray(String[]::new));
		sql.append(visible.sql() + ")", visible.args().toArray());
	}

	/**
	 * {@code Patient/123/Observation}: the resource refers to the compartment's owner through one of
	 * the parameters the compartment definition names for its type (for Observation in the Patient
	 * compartment: subject and performer).
	 */
	private void compartment(SqlBuilder sql, String a, String type, String owner) {
		sql.append("exists (select 1 from idx_reference x where x.res_id = " + a + ".res_id and ");
		compartmentRows(sql, "x", type, owner);
		sql.append(")");
	}

	private void compartmentRows(SqlBuilder sql, String x, String type, String owner) {
		int slash = owner.indexOf('/');
		String ownerType = owner.substring(0, slash);
		List<Long> identities = new ArrayList<>();
		for (RuntimeSearchParam p : ctx.getResourceDefinition(type).getSearchParams()) {
			if (p.getProvidesMembershipInCompartments() != null && p.getProvidesMembershipInCompartments().contains(ownerType)
					&& p.getParamType() == ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum.REFERENCE) {
				identities.add(IndexHash.identity(type, p.getName()));
			}
		}
		if (identities.isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.UNSUPPORTED_SEARCH_PARAMETER,
					type + " is not part of the " + ownerType + " compartment");
		}
		sql.append(x + ".hash_identity in (" + String.join(",", java.util.Collections.nCopies(identities.size(), "?"))
				+ ") and ", identities.toArray());
		ReferenceTargets.appendTarget(sql, x + ".target_res_id", targets.resolve(ownerType, owner.substring(slash + 1)));
	}

	/** A fresh alias for a nested candidate: r, then c1, c2, … */
	private static String next(String alias) {
		return alias.equals("r") ? "c1" : "c" + (Integer.parseInt(alias.substring(1)) + 1);
	}

	private void value(SqlBuilder sql, String a, String type, @Nullable RuntimeSearchParam param, Clause clause, String value) {
		String code = clause.param();
		if (code.equals("_id")) {
			sql.append(a + ".fhir_id = ?", SearchValues.plain(value));
			return;
		}
		if (code.equals("_lastUpdated")) {
			SearchPrefix.Split split = SearchPrefix.split(value);
			long[] range = OrderedCriteria.dateRange(code, split.prefix(), split.value(), clock);
			OrderedCriteria.compare(sql, split.prefix(), a + ".last_updated", a + ".last_updated", timestamp(range[0]),
					timestamp(range[1]));
			return;
		}
		RestSearchParameterTypeEnum kind = kind(param, code);
		if (kind == RestSearchParameterTypeEnum.SPECIAL || kind == RestSearchParameterTypeEnum.HAS) {
			throw unsupported(code, "this special parameter");
		}
		if (kind == RestSearchParameterTypeEnum.COMPOSITE) {
			requireNoModifier(clause);
			composites.append(sql, a, composite(type, code), value);
			return;
		}
		String negate = ValueCriteria.negates(clause.modifier()) ? "not " : "";
		sql.append(negate + "exists (select 1 from " + ValueCriteria.table(kind, clause.modifier()) + " x where x.res_id = "
				+ a + ".res_id and ");
		values.append(sql, "x", type, code, kind, clause.modifier(), SearchValues.plain(value));
		sql.append(")");
	}

	private CompositeParams.Composite composite(String type, String code) {
		CompositeParams.Composite composite = compositeParams.find(type, code);
		if (composite == null) {
			throw unsupported(code, "this composite parameter");
		}
		return composite;
	}

	private void missing(SqlBuilder sql, String a, String type, @Nullable RuntimeSearchParam param, Clause clause) {
		String value = clause.values().get(0);
		if (!value.equals("true") && !value.equals("false")) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE,
					clause.param() + ":missing takes true or false, not '" + value + "'");
		}
		RestSearchParameterTypeEnum kind = kind(param, clause.param());
		if (kind == RestSearchParameterTypeEnum.COMPOSITE) {
			composites.missing(sql, a, composite(type, clause.param()), value.equals("true"));
			return;
		}
		if (kind == RestSearchParameterTypeEnum.SPECIAL || kind == RestSearchParameterTypeEnum.HAS) {
			throw unsupported(clause.param(), ":missing on this parameter");
		}
		String table = ValueCriteria.table(kind, null);
		sql.append((value.equals("true") ? "not " : "") + "(exists (select 1 from " + table
				+ " x where x.res_id = " + a + ".res_id and x.hash_identity = ?)", IndexHash.identity(type, clause.param()));
		if (kind == RestSearchParameterTypeEnum.REFERENCE) {
			// A logical reference (identifier only) is a value too, though it has no literal reference row.
			sql.append(" or exists (select 1 from idx_token x where x.res_id = " + a + ".res_id and x.hash_identity = ?)",
					IndexHash.identity(type, ReferenceMapper.identifierKey(clause.param())));
		}
		sql.append(")");
	}

	static RestSearchParameterTypeEnum kind(@Nullable RuntimeSearchParam param, String code) {
		if (code.equals("_source")) {
			return RestSearchParameterTypeEnum.URI;
		}
		if (param == null) {
			throw unsupported(code, "this parameter");
		}
		return param.getParamType();
	}

	private static void requireNoModifier(Clause clause) {
		if (clause.modifier() != null) {
			throw unsupported(clause.param(), "modifier :" + clause.modifier() + " on this parameter");
		}
	}

	static String like(String s) {
		return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	private static Timestamp timestamp(long millis) {
		return Timestamp.from(Instant.ofEpochMilli(millis));
	}

	static CustodianException unsupported(String code, String what) {
		return new CustodianException.Invalid(ErrorCode.UNSUPPORTED_SEARCH_PARAMETER,
				"Search parameter '" + code + "': " + what + " is not supported");
	}
}

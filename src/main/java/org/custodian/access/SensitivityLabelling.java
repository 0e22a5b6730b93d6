package org.custodian.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.search.IndexEntry;
import org.custodian.search.ValueSetCodes;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.custodian.support.Reloading;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Labels sensitive data as it is written: when a resource's code is one a rule names (a Condition
 * coded as HIV infection, an HIV viral load test), the rule's security label is added to its
 * {@code meta.security}, so the gate hides it from roles not cleared for it from its first version.
 * Rules are data ({@code labelling_rule}, V12): where to look (a token search parameter of a type,
 * {@code Condition.code}), what is sensitive (codes of one system, exact or by prefix, or the codes
 * of a stored ValueSet), and the label. A label a rule adds cannot be removed by writing the
 * resource again without it: the rule adds it back. Rules apply to what is written after they
 * change; earlier versions keep the labels they were written with.
 */
@Service
public class SensitivityLabelling {

	private static final Logger log = LoggerFactory.getLogger(SensitivityLabelling.class);

	/** One rule, as stored. */
	public record Rule(String id, String description, List<String> targets, @Nullable String system,
			@Nullable List<String> codes, @Nullable List<String> prefixes, @Nullable String valueSet, Sensitivity.Label label,
			boolean enabled, Instant changed, String changedBy) {}

	/** A rule ready to test codes: the codes it matches as {@code system|code}, exact or by prefix. */
	private record Matcher(String param, Set<String> exact, @Nullable String system, List<String> prefixes,
			Sensitivity.Label label) {

		boolean matches(IndexEntry.TokenValue token) {
			if (!token.param().equals(param) || token.code() == null) {
				return false;
			}
			if (exact.contains(token.system() + "|" + token.code())) {
				return true;
			}
			if (system == null || !system.equals(token.system())) {
				return false;
			}
			for (String prefix : prefixes) {
				if (token.code().startsWith(prefix)) {
					return true;
				}
			}
			return false;
		}
	}


	private final JdbcTemplate jdbc;
	private final ValueSetCodes valueSets;
	/** The enabled rules, compiled; read again after a change made here and at least every 30 s. */
	private final Reloading<Map<String, List<Matcher>>> matchers;

	private final AccessDecisions decisions;

	SensitivityLabelling(JdbcTemplate jdbc, AccessDecisions decisions) {
		this.jdbc = jdbc;
		this.decisions = decisions;
		this.valueSets = new ValueSetCodes(jdbc);
		this.matchers = new Reloading<>(Duration.ofSeconds(30), this::compile);
	}

	/**
	 * Adds to {@code resource} (of {@code type}, whose index entries are {@code index}) the labels of
	 * the enabled rules its codes match; true when it added any (its index must then be extracted again).
	 */
	public boolean label(String type, IBaseResource resource, List<IndexEntry> index) {
		List<Matcher> forType = matchers.get().get(type);
		if (forType == null) {
			return false;
		}
		boolean added = false;
		for (IndexEntry e : index) {
			if (!(e instanceof IndexEntry.TokenValue token)) {
				continue;
			}
			for (Matcher m : forType) {
				if (m.matches(token)) {
					added |= addLabel((Resource) resource, m.label());
				}
			}
		}
		return added;
	}

	private static boolean addLabel(Resource resource, Sensitivity.Label label) {
		for (Coding c : resource.getMeta().getSecurity()) {
			if (label.system().equals(c.getSystem()) && label.code().equals(c.getCode())) {
				return false;
			}
		}
		resource.getMeta().addSecurity().setSystem(label.system()).setCode(label.code());
		return true;
	}

	/** Every rule, enabled or not, by id. */
	public List<Rule> rules() {
		return jdbc.query("select * from labelling_rule order by rule_id", (rs, i) -> rule(rs));
	}

	/** Adds or replaces a rule; {@code actor} is recorded as who changed it, in the audit trail too. */
	@Transactional
	public void save(Rule rule, String actor) {
		if (!rule.id().matches("[a-z0-9][a-z0-9-]{0,63}")) {
			throw invalid("A rule id is 1 to 64 lower-case letters, digits or '-', not '" + rule.id() + "'");
		}
		if (rule.targets().isEmpty() || rule.targets().stream().anyMatch(t -> !t.matches("[A-Z][A-Za-z]+\\.[a-z][a-z0-9-]*"))) {
			throw invalid("Targets are Type.search-parameter (Condition.code), not " + rule.targets());
		}
		boolean byCodes = rule.system() != null && (rule.codes() != null || rule.prefixes() != null);
		if (byCodes == (rule.valueSet() != null)) {
			throw invalid("A rule names either a code system with codes or code prefixes, or a value set");
		}
		if (Sensitivity.of(rule.label().system(), rule.label().code()) == null) {
			throw invalid("The label " + rule.label().system() + "|" + rule.label().code() + " marks no sensitivity the"
					+ " gate enforces");
		}
		if (rule.valueSet() != null) {
			valueSets.systemCodes(rule.valueSet()); // refuses a value set that is not stored or cannot be expanded
		}
		jdbc.update("insert into labelling_rule (rule_id, description, targets, code_system, codes, code_prefixes, value_set,"
				+ " label_system, label_code, enabled, changed, changed_by) values (?,?,?,?,?,?,?,?,?,?, now(), ?)"
				+ " on conflict (rule_id) do update set description = excluded.description, targets = excluded.targets,"
				+ " code_system = excluded.code_system, codes = excluded.codes, code_prefixes = excluded.code_prefixes,"
				+ " value_set = excluded.value_set, label_system = excluded.label_system, label_code = excluded.label_code,"
				+ " enabled = excluded.enabled, changed = now(), changed_by = excluded.changed_by", ps -> {
					ps.setString(1, rule.id());
					ps.setString(2, rule.description());
					ps.setArray(3, ps.getConnection().createArrayOf("text", rule.targets().toArray()));
					ps.setString(4, rule.system());
					ps.setArray(5, rule.codes() == null ? null : ps.getConnection().createArrayOf("text", rule.codes().toArray()));
					ps.setArray(6, rule.prefixes() == null ? null
							: ps.getConnection().createArrayOf("text", rule.prefixes().toArray()));
					ps.setString(7, rule.valueSet());
					ps.setString(8, rule.label().system());
					ps.setString(9, rule.label().code());
					ps.setBoolean(10, rule.enabled());
					ps.setString(11, actor);
				});
		decisions.changed(new SecurityChange(java.time.Instant.now(), actor, "labelling-rule", rule.id(), (rule.enabled()
				? "enabled: " : "disabled: ") + rule.description() + " → " + rule.label().code() + " on " + rule.targets()));
		matchers.changed();
	}

	/** Enables or disables rule {@code id}; {@code actor} is recorded as who changed it, in the audit trail too. */
	@Transactional
	public void enable(String id, boolean enabled, String actor) {
		if (jdbc.update("update labelling_rule set enabled = ?, changed = now(), changed_by = ? where rule_id = ?", enabled,
				actor, id) == 0) {
			throw new CustodianException.NotFound(ErrorCode.ACCESS_INVALID_REQUEST, "No labelling rule '" + id + "'");
		}
		decisions.changed(new SecurityChange(java.time.Instant.now(), actor, "labelling-rule", id, enabled ? "enabled" : "disabled"));
		matchers.changed();
	}

	/** The enabled rules by resource type, ready to test codes. */
	private Map<String, List<Matcher>> compile() {
		Map<String, List<Matcher>> byType = new HashMap<>();
		for (Rule rule : rules()) {
			if (!rule.enabled()) {
				continue;
			}
			Set<String> exact = new java.util.HashSet<>();
			if (rule.codes() != null) {
				rule.codes().forEach(c -> exact.add(rule.system() + "|" + c));
			}
			if (rule.valueSet() != null) {
				try {
					exact.addAll(valueSets.systemCodes(rule.valueSet()));
				} catch (CustodianException e) {
					// The value set was deleted or changed since the rule was saved: label nothing by it, and say so.
					log.warn("Labelling rule {} is not applied: {}", rule.id(), e.getMessage());
					continue;
				}
			}
			for (String target : rule.targets()) {
				int dot = target.indexOf('.');
				byType.computeIfAbsent(target.substring(0, dot), t -> new ArrayList<>()).add(new Matcher(target.substring(dot + 1),
						exact, rule.system(), rule.prefixes() == null ? List.of() : rule.prefixes(), rule.label()));
			}
		}
		return byType;
	}

	private static Rule rule(ResultSet rs) throws SQLException {
		return new Rule(rs.getString("rule_id"), rs.getString("description"), strings(rs.getArray("targets")),
				rs.getString("code_system"), strings(rs.getArray("codes")), strings(rs.getArray("code_prefixes")),
				rs.getString("value_set"), new Sensitivity.Label(rs.getString("label_system"), rs.getString("label_code")),
				rs.getBoolean("enabled"), rs.getTimestamp("changed").toInstant(), rs.getString("changed_by"));
	}

	private static List<String> strings(java.sql.@Nullable Array array) throws SQLException {
		return array == null ? null : List.of((String[]) array.getArray());
	}

	private static CustodianException invalid(String message) {
		return new CustodianException.Invalid(ErrorCode.ACCESS_INVALID_REQUEST, message);
	}
}

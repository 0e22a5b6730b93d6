package org.custodian.completion;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The chart-completion rules, as data the HIM department sets: what each finds (an unsigned note, a
 * missing discharge summary…), for which encounter classes and document types, and how long after
 * which moment it is due. Changing a rule is recorded with who changed it.
 */
@Service
public class DeficiencyRules {

	/** One rule. {@code classes} null: every encounter class. */
	public record Rule(String id, String kind, String title, @Nullable Set<String> classes, Set<String> documentTypes,
			String anchor, Duration due, boolean active) {

		boolean appliesTo(@Nullable String encounterClass) {
			return active && (classes == null || (encounterClass != null && classes.contains(encounterClass)));
		}
	}

	private final JdbcTemplate jdbc;
	private final Clock clock;

	DeficiencyRules(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public List<Rule> all() {
		return jdbc.query("select rule_id, kind, title, encounter_classes, document_types, anchor, due_hours, active from"
				+ " deficiency_rule order by rule_id", (rs, n) -> new Rule(rs.getString(1), rs.getString(2), rs.getString(3), rs
						.getArray(4) == null ? null : Set.of((String[]) rs.getArray(4).getArray()), rs.getArray(5) == null ? Set.of()
								: Set.of((String[]) rs.getArray(5).getArray()), rs.getString(6), Duration.ofHours(rs.getInt(7)), rs
										.getBoolean(8)));
	}

	/** Sets a rule's period and whether it is in force (HIM and administrators). */
	public Rule change(AccessContext access, String ruleId, int dueHours, boolean active) {
		if (!access.roles().contains("him") && !access.roles().contains("administrator")) {
			throw access.refused("deficiency-rule", null, null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, "The completion rules are"
					+ " set by HIM and administrators");
		}
		if (dueHours < 1 || dueHours > 24 * 365) {
			throw new CustodianException.Invalid(ErrorCode.COMPLETION_REQUEST_INVALID, "A rule is due 1 hour to a year after its"
					+ " moment, not " + dueHours + " hours");
		}
		int changed = jdbc.update("update deficiency_rule set due_hours = ?, active = ?, changed_by = ?, changed_at = ? where"
				+ " rule_id = ?", dueHours, active, access.actor(), Timestamp.from(clock.instant()), ruleId);
		if (changed == 0) {
			throw new CustodianException.NotFound(ErrorCode.RESOURCE_NOT_FOUND, "No completion rule " + ruleId);
		}
		return all().stream().filter(r -> r.id().equals(ruleId)).findFirst().orElseThrow();
	}
}

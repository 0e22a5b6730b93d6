package org.custodian.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.custodian.support.Reloading;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The roles' policies ({@code role_policy}, V13): the current version of each, read by the gate from
 * memory (re-read after a change made here, and every 30 s for changes made by another process such
 * as {@code custodian role set}), and every earlier version, kept, with who changed it and why.
 */
@Service
public class RolePolicies {

	private final JdbcTemplate jdbc;
	/** The policies in force, read again after a change made here and at least every 30 s. */
	private final Reloading<Map<Role, RolePolicy>> current;

	private final AccessDecisions decisions;

	RolePolicies(JdbcTemplate jdbc, AccessDecisions decisions) {
		this.jdbc = jdbc;
		this.decisions = decisions;
		this.current = new Reloading<>(Duration.ofSeconds(30), this::read);
	}

	/**
	 * What a caller holding {@code roles} may do: the union of their policies (permissions and
	 * clearances), bounded by treatment only when every role is, exempt from consent, reviewing
	 * emergencies or bounded to its own record when any role is. A role without a policy permits nothing.
	 */
	Effective of(Set<Role> roles) {
		Map<Role, RolePolicy> current = current();
		List<RolePolicy.Permission> permissions = new ArrayList<>();
		Set<Sensitivity> clearances = EnumSet.noneOf(Sensitivity.class);
		boolean bounded = !roles.isEmpty();
		boolean exempt = false;
		boolean reviews = false;
		boolean own = false;
		boolean audit = false;
		for (Role role : roles) {
			RolePolicy p = current.get(role);
			if (p == null) {
				continue;
			}
			permissions.addAll(p.permissions());
			clearances.addAll(p.clearances());
			bounded &= p.boundedByTreatment();
			exempt |= p.consentExempt();
			reviews |= p.reviewsEmergencies();
			own |= p.ownRecordOnly();
			audit |= p.readsAudit();
		}
		return new Effective(permissions, clearances, bounded && !own, exempt, reviews, own, audit);
	}

	/** The policies in force, by role. */
	public Map<Role, RolePolicy> current() {
		return current.get();
	}

	private Map<Role, RolePolicy> read() {
		Map<Role, RolePolicy> policies = new EnumMap<>(Role.class);
		for (RolePolicy p : jdbc.query("select distinct on (role) * from role_policy order by role, version desc",
				(rs, i) -> policy(rs))) {
			if (p != null) {
				policies.put(p.role(), p);
			}
		}
		return policies;
	}

	/** Every version of {@code role}'s policy, newest first. */
	public List<RolePolicy> history(Role role) {
		return jdbc.query("select * from role_policy where role = ? order by version desc", (rs, i) -> policy(rs),
				role.externalName());
	}

	/**
	 * Makes a new version of {@code role}'s policy current. {@code actor} and {@code reason} are kept
	 * with it: a change of who may see what must say who made it and why.
	 */
	@Transactional
	public RolePolicy change(Role role, String permissions, Set<Sensitivity> clearances, boolean boundedByTreatment,
			boolean consentExempt, boolean reviewsEmergencies, boolean ownRecordOnly, boolean readsAudit, String actor,
			String reason) {
		if (reason == null || reason.strip().length() < 10) {
			throw invalid("A change of a role's policy needs a reason of at least 10 characters");
		}
		String normalized;
		try {
			normalized = String.join(" ", RolePolicy.permissions(permissions).stream().map(Object::toString).toList());
		} catch (IllegalArgumentException e) {
			throw invalid(e.getMessage());
		}
		// Locks the role's versions, so two concurrent changes cannot both become version n + 1.
		jdbc.queryForList("select version from role_policy where role = ? for update", Integer.class, role.externalName());
		Integer last = jdbc.queryForObject("select max(version) from role_policy where role = ?", Integer.class,
				role.externalName());
		int version = last == null ? 1 : last + 1;
		jdbc.update("insert into role_policy (role, version, permissions, clearances, bounded_by_treatment, consent_exempt,"
				+ " reviews_emergencies, own_record_only, reads_audit, changed_by, reason) values (?,?,?,?,?,?,?,?,?,?,?)", ps -> {
					ps.setString(1, role.externalName());
					ps.setInt(2, version);
					ps.setString(3, normalized);
					ps.setArray(4, ps.getConnection().createArrayOf("text",
							clearances.stream().map(RolePolicy::name).toArray()));
					ps.setBoolean(5, boundedByTreatment);
					ps.setBoolean(6, consentExempt);
					ps.setBoolean(7, reviewsEmergencies);
					ps.setBoolean(8, ownRecordOnly);
					ps.setBoolean(9, readsAudit);
					ps.setString(10, actor);
					ps.setString(11, reason.strip());
				});
		RolePolicy changed = history(role).get(0);
		decisions.changed(new SecurityChange(changed.changed(), actor, "role-policy", role.externalName() + " v" + version,
				reason.strip()));
		current.changed();
		return changed;
	}

	private static @Nullable RolePolicy policy(ResultSet rs) throws SQLException {
		Role role = Role.of(rs.getString("role")).orElse(null);
		if (role == null) {
			return null;
		}
		Set<Sensitivity> clearances = EnumSet.noneOf(Sensitivity.class);
		for (String name : (String[]) rs.getArray("clearances").getArray()) {
			clearances.add(RolePolicy.sensitivity(name));
		}
		return new RolePolicy(role, rs.getInt("version"), RolePolicy.permissions(rs.getString("permissions")), clearances,
				rs.getBoolean("bounded_by_treatment"), rs.getBoolean("consent_exempt"), rs.getBoolean("reviews_emergencies"),
				rs.getBoolean("own_record_only"), rs.getBoolean("reads_audit"), rs.getTimestamp("changed").toInstant(), rs.getString("changed_by"), rs.getString("reason"));
	}

	private static CustodianException invalid(String message) {
		return new CustodianException.Invalid(ErrorCode.ACCESS_INVALID_REQUEST, message);
	}

	/** The combined policy of a caller's roles. */
	record Effective(List<RolePolicy.Permission> permissions, Set<Sensitivity> clearances, boolean boundedByTreatment,
			boolean consentExempt, boolean reviewsEmergencies, boolean ownRecordOnly, boolean readsAudit) {

		/**
		 * The parts of {@code scopes} these permissions allow; for a role bounded to its own record,
		 * as patient-level scopes whatever level the token claims.
		 */
		List<Scope> narrow(List<Scope> scopes) {
			List<Scope> out = new ArrayList<>();
			for (Scope claimed : scopes) {
				Scope s = ownRecordOnly ? new Scope(Scope.Level.PATIENT, claimed.type(), claimed.interactions(),
						claimed.query()) : claimed;
				for (RolePolicy.Permission p : permissions) {
					Scope n = p.narrow(s);
					if (n != null) {
						out.add(n);
					}
				}
			}
			return out;
		}
	}
}

package org.custodian.web.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.custodian.access.Role;

/**
 * What the workspace's navigation offers a person: only the screens their roles may use, so nobody
 * is shown a door they cannot open. Each later workflow adds its entry here.
 */
public final class Navigation {

	/** One entry: its label, where it goes, and the path prefix that marks it current. */
	public record Item(String label, String href, String section) {}

	/** Roles that look patients up (everyone whose policy reads Patient and who works with charts). */
	static final Set<Role> FIND_PATIENTS = Set.of(Role.CLINICIAN, Role.NURSE, Role.HIM, Role.CODER, Role.ROI,
			Role.PRIVACY_OFFICER);

	private Navigation() {
	}

	static List<Item> forRoles(Set<Role> roles) {
		List<Item> items = new ArrayList<>();
		items.add(new Item("Work queues", "/", "home"));
		if (roles.stream().anyMatch(FIND_PATIENTS::contains)) {
			items.add(new Item("Patients", "/patients", "patients"));
		}
		if (roles.contains(Role.HIM)) {
			items.add(new Item("Duplicates", "/identity", "identity"));
		}
		if (roles.contains(Role.CLINICIAN)) {
			items.add(new Item("Coding queries", "/queries", "queries"));
		}
		if (roles.contains(Role.CLINICIAN) || roles.contains(Role.NURSE) || roles.contains(Role.HIM)) {
			items.add(new Item("Chart completion", "/completion", "completion"));
		}
		if (roles.contains(Role.CODER) || roles.contains(Role.HIM)) {
			items.add(new Item("Coding", "/coding", "coding"));
		}
		if (roles.contains(Role.ROI) || roles.contains(Role.HIM)) {
			items.add(new Item("Release of information", "/release", "release"));
		}
		// Retention: the records manager's disposition queue, schedules, holds and certificates; the privacy officer's holds.
		if (roles.contains(Role.HIM)) {
			items.add(new Item("Retention", "/retention/disposition", "retention"));
		} else if (roles.contains(Role.PRIVACY_OFFICER)) {
			items.add(new Item("Legal holds", "/retention/holds", "retention"));
		}
		if (roles.contains(Role.PRIVACY_OFFICER)) {
			items.add(new Item("Privacy", "/privacy", "privacy"));
			items.add(new Item("Breaches", "/privacy/breaches", "breaches"));
		}
		if (roles.contains(Role.PRIVACY_OFFICER) || roles.contains(Role.AUDITOR)) {
			items.add(new Item("Audit trail", "/privacy/audit", "audit"));
		}
		if (roles.contains(Role.ADMINISTRATOR)) {
			items.add(new Item("Users", "/admin", "admin"));
			items.add(new Item("Roles", "/admin/roles", "roles"));
		}
		if (roles.equals(Set.of(Role.PATIENT))) {
			items.add(new Item("My record", "/chart/mine", "chart"));
		}
		return items;
	}
}

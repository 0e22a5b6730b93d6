package org.custodian.web.workspace;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.custodian.access.Role;
import org.custodian.access.RolePolicies;
import org.custodian.access.RolePolicy;
import org.custodian.account.Accounts;
import org.custodian.account.Enrolment;
import org.custodian.account.UserAccount;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Administration: accounts (create, roles, disable and enable, a temporary password, a new second
 * factor for a lost phone) and the roles' current policies. Every change is recorded in the audit
 * trail in its own transaction, naming the administrator ({@link org.custodian.account.AccountChanges}).
 * A new second factor's enrolment link is shown once, to hand to its owner, and never stored in
 * the clear.
 */
@Controller
@WorkspaceScreen
@ConditionalOnWebApplication
class AdminController {

	/** A role's policy with its clearances named as forms name them. */
	record PolicyView(RolePolicy policy, List<String> clearances) {}

	private final Accounts accounts;
	private final RolePolicies policies;

	AdminController(Accounts accounts, RolePolicies policies) {
		this.accounts = accounts;
		this.policies = policies;
	}

	@GetMapping("/admin")
	String users(Model model) {
		model.addAttribute("users", accounts.all());
		model.addAttribute("disabled", accounts.all().stream().filter(u -> accounts.disabled(u.username()))
				.map(UserAccount::username).toList());
		model.addAttribute("roles", roleNames());
		model.addAttribute("section", "admin");
		return "workspace/admin";
	}

	@PostMapping("/admin/users")
	String add(@RequestParam String username, @RequestParam(defaultValue = "") String displayName,
			@RequestParam(name = "role", required = false) List<String> roles, @RequestParam(defaultValue = "") String fhirUser,
			@RequestParam String password, Authentication signedIn, RedirectAttributes redirect) {
		Enrolment enrolment = accounts.add(signedIn.getName(), username, displayName, roles(roles),
				fhirUser.isBlank() ? null : fhirUser.trim(), password);
		redirect.addFlashAttribute("done", "Created " + enrolment.account().username() + ".");
		redirect.addFlashAttribute("enrolment", enrolment);
		return "redirect:/admin";
	}

	@PostMapping("/admin/users/{username}/roles")
	String setRoles(@PathVariable String username, @RequestParam(name = "role", required = false) List<String> roles,
			Authentication signedIn, RedirectAttributes redirect) {
		Enrolment enrolment = accounts.setRoles(signedIn.getName(), username, roles(roles));
		redirect.addFlashAttribute("done", "Roles of " + username + " set.");
		if (enrolment != null) {
			redirect.addFlashAttribute("enrolment", enrolment);
		}
		return "redirect:/admin";
	}

	@PostMapping("/admin/users/{username}/enabled")
	String setEnabled(@PathVariable String username, @RequestParam boolean enabled, Authentication signedIn,
			RedirectAttributes redirect) {
		if (!enabled && username.equalsIgnoreCase(signedIn.getName())) {
			throw new CustodianException.Invalid(ErrorCode.ACCOUNT_INVALID, "You cannot disable your own account");
		}
		accounts.setEnabled(signedIn.getName(), username, enabled);
		redirect.addFlashAttribute("done", username + " is " + (enabled ? "enabled" : "disabled") + ".");
		return "redirect:/admin";
	}

	@PostMapping("/admin/users/{username}/password")
	String password(@PathVariable String username, @RequestParam String password, Authentication signedIn,
			RedirectAttributes redirect) {
		accounts.changePassword(signedIn.getName(), username, password);
		redirect.addFlashAttribute("done", "A new password is set for " + username + "; any lockout is lifted.");
		return "redirect:/admin";
	}

	@PostMapping("/admin/users/{username}/second-factor")
	String secondFactor(@PathVariable String username, Authentication signedIn, RedirectAttributes redirect) {
		Enrolment enrolment = accounts.renewSecondFactor(signedIn.getName(), username);
		redirect.addFlashAttribute("done", "A new second factor is set for " + username + "; the old one no longer works.");
		redirect.addFlashAttribute("enrolment", enrolment);
		return "redirect:/admin";
	}

	@GetMapping("/admin/roles")
	String roles(Model model) {
		Map<String, PolicyView> current = new TreeMap<>();
		policies.current().forEach((role, policy) -> current.put(role.externalName(), new PolicyView(policy,
				policy.clearances().stream().map(RolePolicy::name).toList())));
		model.addAttribute("policies", current);
		model.addAttribute("sensitivities", EnumSet.allOf(org.custodian.access.Sensitivity.class).stream()
				.map(RolePolicy::name).toList());
		model.addAttribute("section", "roles");
		return "workspace/roles";
	}

	/** A new version of a role's policy, with the reason for it (the previous versions stay in its history). */
	@PostMapping("/admin/roles/{role}")
	String changeRole(@PathVariable String role, @RequestParam String permissions,
			@RequestParam(name = "clearance", required = false) List<String> clearances,
			@RequestParam(name = "flag", required = false) List<String> flags, @RequestParam(defaultValue = "") String reason,
			Authentication signedIn, RedirectAttributes redirect) {
		Role r = Role.of(role).orElseThrow(() -> new CustodianException.NotFound(ErrorCode.ACCOUNT_INVALID,
				"No role named '" + role + "'"));
		Set<org.custodian.access.Sensitivity> cleared = EnumSet.noneOf(org.custodian.access.Sensitivity.class);
		for (String c : clearances == null ? List.<String>of() : clearances) {
			cleared.add(RolePolicy.sensitivity(c));
		}
		List<String> f = flags == null ? List.of() : flags;
		RolePolicy changed = policies.change(r, permissions, cleared, f.contains("bounded-by-treatment"),
				f.contains("consent-exempt"), f.contains("reviews-emergencies"), f.contains("own-record-only"),
				f.contains("reads-audit"), signedIn.getName(), reason);
		redirect.addFlashAttribute("done", "The policy of " + role + " is now version " + changed.version() + ".");
		return "redirect:/admin/roles";
	}

	private static Set<Role> roles(List<String> names) {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (String name : names == null ? List.<String>of() : names) {
			roles.add(Role.of(name).orElseThrow(() -> new CustodianException.Invalid(ErrorCode.ACCOUNT_INVALID,
					"No role named '" + name + "'")));
		}
		return roles;
	}

	private static List<String> roleNames() {
		return EnumSet.allOf(Role.class).stream().map(Role::externalName).toList();
	}
}

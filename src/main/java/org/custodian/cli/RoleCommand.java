package org.custodian.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.custodian.access.Role;
import org.custodian.access.RolePolicies;
import org.custodian.access.RolePolicy;
import org.custodian.access.Sensitivity;
import org.custodian.support.CustodianException;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The roles' stored policies: show the current ones, a role's history, or change one. */
@Command(name = "role", mixinStandardHelpOptions = true,
		description = "What each role may do: permitted types and interactions, clearances for sensitive data.",
		subcommands = {RoleCommand.Show.class, RoleCommand.History.class, RoleCommand.Set_.class})
final class RoleCommand {

	@Command(name = "show", mixinStandardHelpOptions = true, description = "Show the policy in force for every role.")
	static final class Show implements Callable<Integer> {

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				context.getBean(RolePolicies.class).current().values().forEach(p -> System.out.println(describe(p)));
				return 0;
			}
		}
	}

	@Command(name = "history", mixinStandardHelpOptions = true, description = "Every version of one role's policy, newest first.")
	static final class History implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "ROLE")
		String role;

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() {
			Role r = known(role);
			if (r == null) {
				return 2;
			}
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				context.getBean(RolePolicies.class).history(r).forEach(p -> System.out.println(describe(p)));
				return 0;
			}
		}
	}

	@Command(name = "set", mixinStandardHelpOptions = true,
			description = "Make a new version of a role's policy current (the earlier ones are kept).")
	static final class Set_ implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "ROLE")
		String role;

		@Option(names = "--permissions", required = true, paramLabel = "\"Type.cruds …\"",
				description = "Permitted types and interactions, e.g. \"*.rs Consent.crus\"; \"\" for none.")
		String permissions;

		@Option(names = "--clearances", split = ",", paramLabel = "SENSITIVITY",
				description = "restricted, very-restricted, hiv, mental-health, substance-use, sexual-and-reproductive, abuse.")
		List<String> clearances = List.of();

		@Option(names = "--bounded-by-treatment", description = "Reaches only the records of patients it treats.")
		boolean bounded;

		@Option(names = "--consent-exempt", description = "Not bound by patients' privacy consents.")
		boolean exempt;

		@Option(names = "--reviews-emergencies", description = "Reviews break-the-glass cases.")
		boolean reviews;

		@Option(names = "--own-record-only", description = "Every scope is read as patient-level: its own record only.")
		boolean own;

		@Option(names = "--reads-audit", description = "Reads the audit trail.")
		boolean audit;

		@Option(names = "--by", required = true, paramLabel = "NAME", description = "Who makes the change.")
		String by;

		@Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (kept with the version).")
		String reason;

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() {
			Role r = known(role);
			if (r == null) {
				return 2;
			}
			Set<Sensitivity> parsed = EnumSet.noneOf(Sensitivity.class);
			try {
				clearances.forEach(c -> parsed.add(RolePolicy.sensitivity(c)));
			} catch (IllegalArgumentException e) {
				System.err.println("error: " + e.getMessage());
				return 2;
			}
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				RolePolicy p = context.getBean(RolePolicies.class).change(r, permissions, parsed, bounded, exempt, reviews,
						own, audit, by, reason);
				System.out.println(describe(p));
				System.out.println("A running server applies it within 30 seconds.");
				return 0;
			} catch (CustodianException e) {
				System.err.println("error: " + e.getMessage() + " (" + e.code() + ")");
				return 2;
			}
		}
	}

	/** The role named, or null after saying it is unknown. */
	private static Role known(String name) {
		Role r = Role.of(name).orElse(null);
		if (r == null) {
			System.err.println("error: unknown role '" + name + "'");
		}
		return r;
	}

	private static String describe(RolePolicy p) {
		return p.role().externalName() + " v" + p.version() + ": " + (p.permissions().isEmpty() ? "(nothing)"
				: String.join(" ", p.permissions().stream().map(Object::toString).toList()))
				+ "; cleared for " + (p.clearances().isEmpty() ? "no labelled data"
						: String.join(",", p.clearances().stream().map(RolePolicy::name).toList()))
				+ (p.boundedByTreatment() ? "; bounded by treatment relationships" : "")
				+ (p.consentExempt() ? "; not bound by consents" : "")
				+ (p.reviewsEmergencies() ? "; reviews break-the-glass" : "")
				+ (p.ownRecordOnly() ? "; own record only" : "")
				+ (p.readsAudit() ? "; reads the audit trail" : "")
				+ " (" + p.changed() + ", " + p.changedBy() + ": " + p.reason() + ")";
	}

	private RoleCommand() {
	}
}

package org.custodian.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.custodian.access.Sensitivity;
import org.custodian.access.SensitivityLabelling;
import org.custodian.access.SensitivityLabelling.Rule;
import org.custodian.support.CustodianException;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The rules that label sensitive data as it is written: list, add or replace, enable, disable. */
@Command(name = "labelling", mixinStandardHelpOptions = true,
		description = "Rules that add security labels (HIV, PSY, ETH, STD, SEX, SDV, R, V) to resources with sensitive codes.",
		subcommands = {LabellingCommand.ListRules.class, LabellingCommand.Add.class, LabellingCommand.Enable.class,
				LabellingCommand.Disable.class})
final class LabellingCommand {

	private static final String WHO = "operator (custodian labelling)";

	@Command(name = "list", mixinStandardHelpOptions = true, description = "List every rule.")
	static final class ListRules implements Callable<Integer> {

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				for (Rule r : context.getBean(SensitivityLabelling.class).rules()) {
					String what = r.valueSet() != null ? "value set " + r.valueSet()
							: r.system() + (r.codes() != null ? " codes " + r.codes() : "")
									+ (r.prefixes() != null ? " prefixes " + r.prefixes() : "");
					System.out.println((r.enabled() ? "on  " : "off ") + r.id() + "  " + r.label().code() + "  "
							+ String.join(",", r.targets()) + "  " + what + "  (" + r.description() + "; changed "
							+ r.changed() + " by " + r.changedBy() + ")");
				}
				return 0;
			}
		}
	}

	@Command(name = "add", mixinStandardHelpOptions = true,
			description = "Add a rule, or replace the rule with the same id. Applies to what is written from now on.")
	static final class Add implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "RULE_ID", description = "Lower-case letters, digits or '-'.")
		String id;

		@Option(names = "--target", required = true, split = ",", paramLabel = "TYPE.PARAM",
				description = "Where to look: token search parameters, e.g. Condition.code,Encounter.reason-code.")
		List<String> targets;

		@Option(names = "--system", paramLabel = "URI", description = "The code system, with --code and/or --prefix.")
		String system;

		@Option(names = "--code", split = ",", paramLabel = "CODE", description = "Exact codes.")
		List<String> codes;

		@Option(names = "--prefix", split = ",", paramLabel = "PREFIX", description = "Code prefixes (F10 matches F10.20).")
		List<String> prefixes;

		@Option(names = "--value-set", paramLabel = "URL", description = "Instead of codes: a ValueSet stored on this server.")
		String valueSet;

		@Option(names = "--label", required = true, paramLabel = "SYSTEM|CODE",
				description = "The security label to add, e.g. http://terminology.hl7.org/CodeSystem/v3-ActCode|HIV.")
		String label;

		@Option(names = "--description", required = true, paramLabel = "TEXT", description = "What the rule labels, for people.")
		String description;

		@Option(names = "--disabled", description = "Store the rule without applying it yet.")
		boolean disabled;

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() {
			int bar = label.lastIndexOf('|');
			if (bar <= 0) {
				System.err.println("error: --label is SYSTEM|CODE");
				return 2;
			}
			Rule rule = new Rule(id, description, targets, system, codes, prefixes, valueSet,
					new Sensitivity.Label(label.substring(0, bar), label.substring(bar + 1)), !disabled, java.time.Instant.now(),
					WHO);
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				context.getBean(SensitivityLabelling.class).save(rule, WHO);
				System.out.println("Saved labelling rule " + id + (disabled ? " (disabled)" : ""));
				return 0;
			} catch (CustodianException e) {
				System.err.println("error: " + e.getMessage() + " (" + e.code() + ")");
				return 2;
			}
		}
	}

	/** Enable and disable differ only in the state they set. */
	abstract static class Toggle implements Callable<Integer> {

		@Parameters(index = "0", paramLabel = "RULE_ID")
		String id;

		@Mixin
		DatabaseOptions database;

		abstract boolean enabled();

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				context.getBean(SensitivityLabelling.class).enable(id, enabled(), WHO);
				System.out.println((enabled() ? "Enabled" : "Disabled") + " labelling rule " + id);
				return 0;
			} catch (CustodianException e) {
				System.err.println("error: " + e.getMessage() + " (" + e.code() + ")");
				return 2;
			}
		}
	}

	@Command(name = "enable", mixinStandardHelpOptions = true, description = "Apply a rule to what is written from now on.")
	static final class Enable extends Toggle {

		@Override
		boolean enabled() {
			return true;
		}
	}

	@Command(name = "disable", mixinStandardHelpOptions = true, description = "Stop applying a rule (labels already added stay).")
	static final class Disable extends Toggle {

		@Override
		boolean enabled() {
			return false;
		}
	}

	private LabellingCommand() {
	}
}

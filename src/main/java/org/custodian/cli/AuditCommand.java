package org.custodian.cli;

import java.util.concurrent.Callable;

import org.custodian.audit.AuditVerifier;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The audit trail, for auditors and operators. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check the audit trail.",
		subcommands = AuditCommand.Verify.class)
final class AuditCommand {

	@Command(name = "verify", mixinStandardHelpOptions = true, description = "Recompute the audit trail's hash chain and"
			+ " check its signed checkpoints; name the first row modified, removed, inserted or reordered. Exit code 1 if any.")
	static final class Verify implements Callable<Integer> {

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				long started = System.nanoTime();
				AuditVerifier.Verdict v = context.getBean(AuditVerifier.class).verify();
				double seconds = (System.nanoTime() - started) / 1e9;
				System.out.printf("checked %,d rows (sealed through %d, %,d not yet sealed) and %d signed checkpoints"
						+ " in %.2f s (%,.0f rows/s)%n", v.rowsChecked(), v.sealedThrough(), v.unsealed(), v.checkpointsChecked(),
						seconds, v.rowsChecked() / Math.max(seconds, 1e-9));
				if (v.intact()) {
					System.out.println("intact");
					return 0;
				}
				System.out.println("TAMPERED: " + v.problem());
				return 1;
			}
		}
	}

	private AuditCommand() {
	}
}

package org.custodian.cli;

import java.util.concurrent.Callable;

import org.custodian.record.Encryption;
import org.springframework.context.ConfigurableApplicationContext;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Encryption at rest, for operators. */
@Command(name = "encryption", mixinStandardHelpOptions = true, description = "Encryption at rest of record bodies.",
		subcommands = {EncryptionCommand.Status.class, EncryptionCommand.Rotate.class})
final class EncryptionCommand {

	@Command(name = "status", mixinStandardHelpOptions = true, description = "The master keys, and how many data keys"
			+ " and sealed and plain record bodies the store holds.")
	static final class Status implements Callable<Integer> {

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				Encryption.Status s = context.getBean(Encryption.class).status();
				System.out.printf("master key %s (known: %s)%n%,d data keys; %,d sealed bodies, %,d plain%n",
						s.currentMasterKey(), String.join(", ", s.masterKeys()), s.dataKeys(), s.sealedBodies(), s.plainBodies());
				return 0;
			}
		}
	}

	@Command(name = "rotate-master-key", mixinStandardHelpOptions = true, description = "Make a new master key (in"
			+ " DATA_DIR/keys/master.keys, the old one kept after it for older backups) and re-wrap every data key with it."
			+ " No record body is rewritten. A server running on the data directory picks the new key up by itself.")
	static final class Rotate implements Callable<Integer> {

		@Mixin
		DatabaseOptions database;

		@Override
		public Integer call() {
			try (ConfigurableApplicationContext context = OfflineContext.start(database)) {
				Encryption.Rotation r = context.getBean(Encryption.class).rotateMasterKey();
				System.out.printf("master key %s is now current; %,d data keys re-wrapped with it%n", r.masterKey(),
						r.rewrapped());
				return 0;
			} catch (IllegalStateException e) {
				System.err.println(e.getMessage());
				return 1;
			}
		}
	}

	private EncryptionCommand() {
	}
}

package org.custodian.retention;

import java.util.List;

import org.custodian.record.Encryption;
import org.custodian.support.CustodianException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * At start, makes sure no destroyed chart came back: after a restore from a backup taken before some
 * destructions, the shred register (kept apart from backups, with the master keys) still names their
 * data keys; those keys are removed and the charts destroyed again. On a server never restored
 * there is nothing to do.
 */
@Component
class DestructionReplay {

	private static final Logger log = LoggerFactory.getLogger(DestructionReplay.class);

	private final Encryption encryption;
	private final Disposition disposition;
	private final JdbcTemplate jdbc;

	DestructionReplay(Encryption encryption, Disposition disposition, JdbcTemplate jdbc) {
		this.encryption = encryption;
		this.disposition = disposition;
		this.jdbc = jdbc;
	}

	@EventListener(ApplicationReadyEvent.class)
	void replay() {
		List<Long> owners = encryption.removeShreddedKeys();
		for (long owner : owners) {
			List<String> patient = jdbc.queryForList("select fhir_id from resource where res_id = ? and res_type = 'Patient'",
					String.class, owner);
			if (patient.isEmpty()) {
				continue;
			}
			try {
				disposition.destroyAgain(patient.get(0));
				log.warn("Patient/{} was destroyed after the backup this database was restored from: destroyed again",
						patient.get(0));
			} catch (CustodianException e) {
				log.error("Patient/{} was destroyed after the backup this database was restored from; its data key is gone"
						+ " (its records no longer open) but its rows could not be removed: {}", patient.get(0), e.getMessage());
			}
		}
	}
}

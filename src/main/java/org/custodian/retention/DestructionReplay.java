package org.custodian.retention;

import java.util.List;

import org.custodian.record.ChartErasure;
import org.custodian.support.CustodianException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start, makes sure no destroyed chart came back: after a restore from a backup taken before some
 * destructions, the register of destroyed charts (kept apart from backups, with the master keys)
 * still names their Patients, exactly; each that is in the store again is destroyed again, its keys
 * shredded, in one transaction of its own. On a server never restored there is nothing to do.
 */
@Component
class DestructionReplay {

	private static final Logger log = LoggerFactory.getLogger(DestructionReplay.class);

	private final ChartErasure erasure;
	private final Disposition disposition;

	DestructionReplay(ChartErasure erasure, Disposition disposition) {
		this.erasure = erasure;
		this.disposition = disposition;
	}

	@EventListener(ApplicationReadyEvent.class)
	void replay() {
		List<String> back = erasure.restoredAfterDestruction();
		for (String patient : back) {
			try {
				disposition.destroyAgain(patient);
				log.warn("Patient/{} was destroyed after the backup this database was restored from: destroyed again", patient);
			} catch (CustodianException.NotFound e) {
				// destroyed again already, with a chart it had been merged into
			} catch (CustodianException e) {
				log.error("Patient/{} was destroyed after the backup this database was restored from, but cannot be destroyed"
						+ " again: {} (it is tried again at the next start)", patient, e.getMessage());
			}
		}
	}
}

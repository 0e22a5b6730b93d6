package org.custodian.ingest.scan;

import java.time.Duration;

import org.custodian.support.PeriodicTask;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Reads uploaded scans every {@code custodian.scan.read-every} (5 s by default; 0 turns it off). */
@Component
class ScanReader extends PeriodicTask {

	private final ScannedDocuments scans;

	ScanReader(ScannedDocuments scans, @Value("${custodian.scan.read-every:5s}") Duration every) {
		super("scan-reader", every);
		this.scans = scans;
	}

	@Override
	protected void round() {
		while (scans.readWaiting() > 0) {
			// until none waits
		}
	}
}

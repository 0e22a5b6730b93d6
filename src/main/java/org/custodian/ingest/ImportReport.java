package org.custodian.ingest;

import java.util.List;

/**
 * What an import did.
 *
 * @param failures one line per failed file, bundle entry or NDJSON line, naming it and the reason
 */
public record ImportReport(int files, long resources, long failed, long millis, List<String> failures) {

	public double resourcesPerSecond() {
		return millis == 0 ? 0 : resources * 1000.0 / millis;
	}
}

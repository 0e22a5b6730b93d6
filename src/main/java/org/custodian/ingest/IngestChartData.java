package org.custodian.ingest;

import java.util.List;

import org.custodian.record.ChartData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What arrived from outside for a destroyed chart, kept as it came: the HL7 v2 messages that wrote
 * its records, its C-CDA imports and its filed scans, destroyed with it. A scan only suggested for
 * the patient (not filed) is someone's paper still to be sorted: it stays, without the suggestion.
 */
@Component
class IngestChartData implements ChartData {

	private final JdbcTemplate jdbc;

	IngestChartData(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String name() {
		return "HL7 v2 messages, C-CDA imports and scanned documents as received";
	}

	@Override
	public int destroy(String patientId, List<String> destroyed) {
		int rows = jdbc.update("delete from hl7_message where written && ?::text[]", "{" + String.join(",", destroyed) + "}");
		String reference = "Patient/" + patientId;
		rows += jdbc.update("delete from ccda_import where patient in (?, ?)", patientId, reference);
		rows += jdbc.update("delete from scan_document where patient in (?, ?)", patientId, reference);
		jdbc.update("update scan_document set suggested_patient = null where suggested_patient in (?, ?)", patientId,
				reference);
		return rows;
	}
}

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
	private final org.springframework.beans.factory.ObjectProvider<org.custodian.ingest.hl7.Hl7Feed> hl7;

	IngestChartData(JdbcTemplate jdbc, org.springframework.beans.factory.ObjectProvider<org.custodian.ingest.hl7.Hl7Feed> hl7) {
		this.jdbc = jdbc;
		this.hl7 = hl7;
	}

	@Override
	public String name() {
		return "HL7 v2 messages, C-CDA imports and scanned documents as received";
	}

	@Override
	public int destroy(String patientId, List<String> destroyed, List<org.hl7.fhir.r4.model.Identifier> identifiers) {
		int rows = destroy(patientId, destroyed);
		// Messages that wrote nothing (kept in error, duplicates) are the patient's by their PID-3 alone.
		java.util.Set<String> known = new java.util.HashSet<>();
		identifiers.forEach(i -> known.add(i.getSystem() + "|" + i.getValue()));
		for (java.util.Map.Entry<Long, List<org.hl7.fhir.r4.model.Identifier>> m : hl7.getObject().unwrittenMessagesPatients()
				.entrySet()) {
			if (m.getValue().stream().anyMatch(i -> known.contains(i.getSystem() + "|" + i.getValue()))) {
				rows += jdbc.update("delete from hl7_message where message_id = ?", m.getKey());
			}
		}
		return rows;
	}

	@Override
	public int destroy(String patientId, List<String> destroyed) {
		int rows = jdbc.update("delete from hl7_message where written && ?::text[]", (Object) destroyed.toArray(String[]::new));
		String reference = "Patient/" + patientId;
		rows += jdbc.update("delete from ccda_import where patient in (?, ?)", patientId, reference);
		rows += jdbc.update("delete from scan_document where patient in (?, ?)", patientId, reference);
		jdbc.update("update scan_document set suggested_patient = null where suggested_patient in (?, ?)", patientId,
				reference);
		return rows;
	}
}

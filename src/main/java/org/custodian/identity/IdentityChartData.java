package org.custodian.identity;

import java.util.List;

import org.custodian.record.ChartData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The patient index's rows about a destroyed chart: its duplicate pairs, merges (with their items)
 * and overlay signals, for the Patient and any Patient merged into it, destroyed with it.
 */
@Component
class IdentityChartData implements ChartData {

	private final JdbcTemplate jdbc;

	IdentityChartData(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String name() {
		return "patient-index pairs, merges and overlay signals";
	}

	@Override
	public int destroy(String patientId, List<String> destroyed) {
		String[] patients = destroyed.stream().filter(r -> r.startsWith("Patient/")).map(r -> r.substring(8)).toArray(String[]::new);
		int rows = 0;
		rows += jdbc.update("delete from identity_pair where a_patient = any(?::text[]) or b_patient = any(?::text[])",
				patients, patients);
		rows += jdbc.update("delete from identity_merge_item where merge_id in (select merge_id from identity_merge"
				+ " where source_patient = any(?::text[]) or target_patient = any(?::text[]))", patients, patients);
		rows += jdbc.update("delete from identity_merge where source_patient = any(?::text[]) or target_patient = any(?::text[])",
				patients, patients);
		rows += jdbc.update("delete from identity_overlay where patient = any(?::text[])", (Object) patients);
		return rows;
	}
}

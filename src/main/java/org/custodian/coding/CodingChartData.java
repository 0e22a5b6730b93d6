package org.custodian.coding;

import org.custodian.record.ChartData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Coders' decisions, final codings and physician queries name a patient's encounters and diagnoses: destroyed with the chart. */
@Component
class CodingChartData extends ChartData.ByPatient {

	CodingChartData(JdbcTemplate jdbc) {
		super(jdbc, "coding decisions, final codings and physician queries", "delete from coding_decision where patient in (?, ?)",
				"delete from coding_final where patient in (?, ?)", "delete from coding_query where patient in (?, ?)");
	}
}

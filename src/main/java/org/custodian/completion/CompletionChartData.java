package org.custodian.completion;

import org.custodian.record.ChartData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Signatures, deficiencies, chart reviews and amendment requests of a chart: destroyed with it. */
@Component
class CompletionChartData extends ChartData.ByPatient {

	CompletionChartData(JdbcTemplate jdbc) {
		super(jdbc, "signatures, deficiencies and amendment requests",
				"delete from amendment_notice where request_id in (select request_id from amendment_request where patient in (?, ?))",
				"delete from amendment_request where patient in (?, ?)", "delete from deficiency where patient in (?, ?)",
				"delete from chart_review where patient in (?, ?)", "delete from entry_signature where patient in (?, ?)");
	}
}

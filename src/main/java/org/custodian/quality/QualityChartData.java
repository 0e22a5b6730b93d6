package org.custodian.quality;

import org.custodian.record.ChartData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Data-quality findings quote a chart's values: destroyed with it. */
@Component
class QualityChartData extends ChartData.ByPatient {

	QualityChartData(JdbcTemplate jdbc) {
		super(jdbc, "data-quality findings", "delete from quality_issue where patient in (?, ?)",
				"delete from quality_result where patient in (?, ?)");
	}
}

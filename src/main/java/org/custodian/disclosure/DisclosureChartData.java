package org.custodian.disclosure;

import org.custodian.record.ChartData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Release requests, the packages released and the disclosures made from a chart: destroyed with it.
 * Retention never dates a chart before its last accountable disclosure has left the six-year
 * accounting ({@link Disclosures#lastAccountable}), so no accounting the patient may ask for is lost.
 */
@Component
class DisclosureChartData extends ChartData.ByPatient {

	private static final String REQUESTS = "select request_id from roi_request where patient in (?, ?)";

	DisclosureChartData(JdbcTemplate jdbc) {
		super(jdbc, "release requests, packages and disclosures",
				"update roi_request set package_id = null where patient in (?, ?) and package_id is not null",
				"delete from disclosure where patient in (?, ?)", "delete from disclosure where request_id in (" + REQUESTS + ")",
				"delete from roi_package where request_id in (" + REQUESTS + ")", "delete from roi_request where patient in (?, ?)");
	}
}

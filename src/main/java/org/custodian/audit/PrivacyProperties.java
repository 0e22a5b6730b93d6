package org.custodian.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How privacy monitoring judges the audit stream.
 *
 * @param containmentPatients a user who reaches more distinct patients than this within
 *                            {@code containmentWindow} is suspended at once (an urgent alert)
 * @param containmentWindow   the window of that count
 * @param dailyPatients       distinct patients in a day above which a user's volume is flagged
 *                            (or three times their own daily average over 30 days, if higher)
 * @param nightStart          the hour (0-23, server time zone) usual hours end
 * @param nightEnd            the hour usual hours begin again
 * @param refusals            a user refused this many times within {@code refusalWindow} (records
 *                            they have no reason to see, asked for anyway) is flagged
 * @param refusalWindow       the window of that count
 * @param containmentPatientsForRole a higher containment threshold for roles whose daily work
 *                            crosses many charts: HIM staff working the duplicate or deficiency
 *                            queues, coders (200 each by default); a user's highest applies
 */
@ConfigurationProperties("custodian.privacy")
public record PrivacyProperties(Integer containmentPatients, Duration containmentWindow, Integer dailyPatients,
		Integer nightStart, Integer nightEnd, Integer refusals, Duration refusalWindow,
		java.util.Map<String, Integer> containmentPatientsForRole) {

	public PrivacyProperties {
		containmentPatients = containmentPatients == null ? 50 : containmentPatients;
		containmentWindow = containmentWindow == null ? Duration.ofMinutes(10) : containmentWindow;
		dailyPatients = dailyPatients == null ? 100 : dailyPatients;
		nightStart = nightStart == null ? 22 : nightStart;
		nightEnd = nightEnd == null ? 6 : nightEnd;
		refusals = refusals == null ? 5 : refusals;
		refusalWindow = refusalWindow == null ? Duration.ofMinutes(10) : refusalWindow;
		containmentPatientsForRole = containmentPatientsForRole == null ? java.util.Map.of("him", 200, "coder", 200)
				: java.util.Map.copyOf(containmentPatientsForRole);
	}

	/** The containment threshold of a user with {@code roles}: the highest of their roles', else the general one. */
	public int containmentPatients(java.util.Collection<String> roles) {
		int threshold = containmentPatients;
		for (String role : roles) {
			threshold = Math.max(threshold, containmentPatientsForRole.getOrDefault(role, containmentPatients));
		}
		return threshold;
	}
}

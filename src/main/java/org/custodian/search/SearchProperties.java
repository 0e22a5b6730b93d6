package org.custodian.search;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Paging of results that span several pages.
 *
 * @param snapshotMaxIds ids kept per result snapshot (default 100,000, 800 kB); a search matching
 *                       more pages through the rest by offset over the live data, which is not
 *                       stable under concurrent writes. {@code $everything} keeps every member.
 * @param snapshotTtl    how long a next link works (default one hour, as HAPI JPA keeps results)
 */
@Validated
@ConfigurationProperties("custodian.search")
public record SearchProperties(@Min(1) @Max(10_000_000) int snapshotMaxIds, @Nullable Duration snapshotTtl) {

	public SearchProperties {
		if (snapshotMaxIds == 0) {
			snapshotMaxIds = 100_000;
		}
		if (snapshotTtl == null) {
			snapshotTtl = Duration.ofHours(1);
		}
	}
}

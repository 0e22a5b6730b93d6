package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The duplicate rate's numerator: in each group of charts linked by pairs, all but one. */
class DuplicateRecordsTest {

	@Test
	void threeChartsOfOnePersonAreTwoDuplicatesWhicheverPairsLinkThem() {
		List<Object[]> pairs = List.of(new Object[] {"a", "b"}, new Object[] {"b", "c"}, new Object[] {"a", "c"},
				new Object[] {"d", "e"});

		assertThat(DeduplicationJob.duplicateRecords(pairs)).isEqualTo(3);
		assertThat(DeduplicationJob.duplicateRecords(List.of())).isZero();
	}
}

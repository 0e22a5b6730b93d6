package org.custodian.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.custodian.testkit.ServerTest;
import org.junit.jupiter.api.Test;

/** A snapshot's ids come back in order, exactly, for any slice, across the chunks they are stored in. */
class ResultSnapshotsIT extends ServerTest {

	@Test
	void everySliceOfAStoredResultIsTheSameSliceOfTheOriginalList() {
		ResultSnapshots snapshots = new ResultSnapshots(jdbc, Clock.systemUTC(), Duration.ofHours(1));
		Random random = new Random(7);
		for (int size : new int[] {1, 199, 200, 201, 1234}) {
			List<Long> ids = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				ids.add(random.nextLong(1, Long.MAX_VALUE));
			}
			String id = snapshots.store("tester", "search", "Observation", "code=x", size, true, ids);
			assertThat(snapshots.find(id)).get().extracting(ResultSnapshot::size).isEqualTo(size);
			assertThat(snapshots.slice(id, 0, size)).isEqualTo(ids);
			for (int n = 0; n < 300; n++) {
				int from = random.nextInt(size + 1);
				int to = from + random.nextInt(450);
				assertThat(snapshots.slice(id, from, to)).as("ids %d to %d of %d", from, to, size)
						.isEqualTo(ids.subList(Math.min(from, size), Math.min(to, size)));
			}
		}
	}

	@Test
	void anUnknownOrMalformedSnapshotIsNotFound() {
		ResultSnapshots snapshots = new ResultSnapshots(jdbc, Clock.systemUTC(), Duration.ofHours(1));
		assertThat(snapshots.find("00000000-0000-0000-0000-000000000000")).isEmpty();
		assertThat(snapshots.find("not-a-snapshot")).isEmpty();
	}
}

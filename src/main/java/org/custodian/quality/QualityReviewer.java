package org.custodian.quality;

import java.time.Duration;

import org.custodian.support.PeriodicTask;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Checks the records that changed every {@code custodian.quality.check-every} (0: only when HIM asks). */
@Component
class QualityReviewer extends PeriodicTask {

	private final DataQuality quality;

	QualityReviewer(DataQuality quality, @Value("${custodian.quality.check-every:60s}") Duration every) {
		super("data-quality", every);
		this.quality = quality;
	}

	@Override
	protected void round() {
		quality.checkChanges();
	}
}

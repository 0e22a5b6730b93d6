package org.custodian.support;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Work the product does by itself every so often, on a daemon thread of its own named for it, from
 * start-up to shut-down: a failed round is logged and the next one tries again. A period of zero
 * switches it off (the work is then done only when someone asks).
 */
public abstract class PeriodicTask implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

	private final String name;
	private final Duration every;
	private @Nullable ScheduledExecutorService timer;
	private volatile boolean running;

	protected PeriodicTask(String name, Duration every) {
		this.name = name;
		this.every = every;
	}

	/** One round of the work. */
	protected abstract void round();

	@Override
	public void start() {
		running = true;
		if (every.isZero() || every.isNegative()) {
			return;
		}
		timer = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, name);
			t.setDaemon(true);
			return t;
		});
		timer.scheduleWithFixedDelay(() -> {
			try {
				round();
			} catch (RuntimeException e) {
				log.error("{} failed; it will be retried", name, e);
			}
		}, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		running = false;
		if (timer != null) {
			timer.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}
}

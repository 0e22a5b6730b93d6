package org.custodian.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A value read from the database and kept in memory for the requests that need it on every call
 * (role policies, consent rules, labelling rules, suspensions): read again when it is older than
 * its lifetime (another process may have changed it), and at once after a change made here has
 * committed. Marking the change only after the commit matters: a reader between the write and the
 * commit would otherwise keep the old value as if it were the new one.
 */
public final class Reloading<T> {

	private record Held<T>(T value, long generation, long readAtNanos) {}

	private final Supplier<T> load;
	private final long lifetimeNanos;
	private final AtomicLong generation = new AtomicLong();
	private volatile Held<T> held;

	public Reloading(Duration lifetime, Supplier<T> load) {
		this.load = load;
		this.lifetimeNanos = lifetime.toNanos();
	}

	public T get() {
		Held<T> h = held;
		long now = System.nanoTime();
		long g = generation.get();
		if (h != null && h.generation() == g && now - h.readAtNanos() < lifetimeNanos) {
			return h.value();
		}
		T value = load.get();
		held = new Held<>(value, g, now);
		return value;
	}

	/** The value changed here: read it again once the current transaction (if any) has committed. */
	public void changed() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					generation.incrementAndGet();
				}
			});
		} else {
			generation.incrementAndGet();
		}
	}
}

package org.custodian.access;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The gate's audit hook: every decision the gate makes (each interaction allowed or refused, each
 * request for a patient's whole record, each break-the-glass) is reported here, synchronously, in
 * the thread (and database transaction) of the request, to every subscriber: the audit trail
 * (issue 5) subscribes to write its records in the same transaction as the access. A subscriber
 * that fails fails the request: an access that cannot be recorded does not happen.
 *
 * <p>Until then refusals are logged, without patient data (no ids, no names: the log is not the
 * audit store): who, what type, which action, which error code.
 */
@Service
public class AccessDecisions {

	private static final Logger log = LoggerFactory.getLogger("custodian.access");

	private final List<Consumer<AccessDecision>> subscribers = new CopyOnWriteArrayList<>();
	private final List<Consumer<SecurityChange>> changeSubscribers = new CopyOnWriteArrayList<>();

	/** Adds a subscriber to changes of policies and rules; closing the result removes it. */
	public AutoCloseable subscribeToChanges(Consumer<SecurityChange> subscriber) {
		changeSubscribers.add(subscriber);
		return () -> changeSubscribers.remove(subscriber);
	}

	/** Reports a change, in the thread (and transaction) that makes it: it is recorded with it, or not made. */
	void changed(SecurityChange change) {
		for (Consumer<SecurityChange> s : changeSubscribers) {
			s.accept(change);
		}
	}

	/** Adds {@code subscriber}; closing the result removes it. */
	public AutoCloseable subscribe(Consumer<AccessDecision> subscriber) {
		subscribers.add(subscriber);
		return () -> subscribers.remove(subscriber);
	}

	void report(AccessDecision decision) {
		if (!decision.permitted() && log.isInfoEnabled()) {
			log.info("refused {} {} to {} (client {}, roles {}, purpose {}, from {}): {}", decision.action(),
					decision.type() == null ? "" : decision.type(), decision.actor(), decision.client(), decision.roles(),
					decision.purpose(), decision.origin(), decision.refusal() == null ? "" : decision.refusal().code());
		}
		for (Consumer<AccessDecision> s : subscribers) {
			s.accept(decision);
		}
	}
}

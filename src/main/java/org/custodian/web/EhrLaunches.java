package org.custodian.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Launch contexts: the patient an app is launched for, under an opaque id handed to the app as
 * SMART's {@code launch} parameter. An id is bound to the user who made it (another user's sign-in
 * cannot use it), lives five minutes and is used once. Kept in memory: a launch outlives neither its
 * minutes nor a restart.
 */
final class EhrLaunches {

	static final Duration LIFETIME = Duration.ofMinutes(5);

	private record Launch(String username, String patient, Instant expires) {}

	private final SecureRandom random = new SecureRandom();
	private final Map<String, Launch> launches = new ConcurrentHashMap<>();
	private final Clock clock;

	EhrLaunches(Clock clock) {
		this.clock = clock;
	}

	String mint(String username, String patient) {
		Instant now = clock.instant();
		launches.values().removeIf(l -> l.expires().isBefore(now));
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		launches.put(id, new Launch(username, patient, now.plus(LIFETIME)));
		return id;
	}

	/** The patient of the launch, if {@code username} made it and it is still valid; using it ends it. */
	@Nullable String consume(String id, String username) {
		Launch launch = launches.remove(id);
		if (launch == null || !launch.username().equals(username) || launch.expires().isBefore(clock.instant())) {
			return null;
		}
		return launch.patient();
	}
}

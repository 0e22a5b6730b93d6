package org.custodian.access;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One provision of a patient's active privacy Consent, as the gate enforces it: who it applies to
 * (actors, purposes of use, period) and which of the patient's resources it is about (types,
 * sensitivities, instances). Rule 0 is the consent's root provision, its default; the others are
 * its exceptions.
 *
 * @param consent    internal id of the Consent resource
 * @param number     0 for the root provision, 1… for its exceptions
 * @param patient    internal id of the patient whose choice it is
 * @param deny       whether the provision denies (else permits)
 * @param actors     the references ({@code Practitioner/1}, {@code CareTeam/2}, {@code Organization/3}) it
 *                   applies to; null: anyone
 * @param purposes   purpose-of-use codes it applies to; null: any purpose
 * @param types      resource types it is about; null: every type
 * @param labelMask  the {@link Sensitivity} bits it is about; 0: data of any sensitivity
 * @param resources  internal ids of the resources it is about; null: any
 * @param from       start of its period, if bounded
 * @param to         end of its period, if bounded
 */
public record ConsentRule(long consent, int number, long patient, boolean deny, @Nullable List<String> actors,
		@Nullable List<String> purposes, @Nullable List<String> types, int labelMask, long @Nullable [] resources,
		@Nullable Instant from, @Nullable Instant to) {

	boolean root() {
		return number == 0;
	}

	/** Whether the provision is in force at {@code now} for a caller known as {@code identities} acting for {@code purpose}. */
	boolean appliesTo(java.util.Set<String> identities, String purpose, Instant now) {
		return (from == null || !now.isBefore(from)) && (to == null || now.isBefore(to))
				&& (purposes == null || purposes.contains(purpose))
				&& (actors == null || actors.stream().anyMatch(identities::contains));
	}

	/** Whether it names actors of a kind whose membership must be looked up (a care team, an organization). */
	boolean namesGroups() {
		return actors != null && actors.stream().anyMatch(a -> a.startsWith("CareTeam/") || a.startsWith("Organization/"));
	}
}

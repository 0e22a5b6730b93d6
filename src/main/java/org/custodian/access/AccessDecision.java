package org.custodian.access;

import java.time.Instant;
import java.util.List;

import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * One decision of the gate, as reported to {@link AccessDecisions}: who asked (user or client, the
 * application, the roles, why, from where), to do what (an interaction on a type, a patient's whole
 * record, breaking the glass), and the answer with the reason for a refusal.
 *
 * @param actor      the token's subject, or {@code system:task} for an operator's task
 * @param client     the application holding the token
 * @param roles      the roles it acted in
 * @param purpose    purpose of use (HL7 v3 ActReason)
 * @param origin     the client's address, or {@code cli}
 * @param action     {@code read}, {@code search}, {@code create}, {@code update}, {@code delete},
 *                   {@code record} (a patient's whole record), {@code break-the-glass}
 * @param type       the resource type acted on, when one
 * @param patient    the internal id of the patient concerned, when one is known
 * @param permitted  whether the gate allowed it
 * @param refusal    why not, when refused
 * @param emergency  the internal ids of the records the caller has open by breaking the glass: what it
 *                   reaches under emergency access (the audit trail marks those accesses)
 */
public record AccessDecision(Instant at, String actor, String client, List<String> roles, String purpose, String origin,
		String action, @Nullable String type, @Nullable Long patient, boolean permitted, @Nullable ErrorCode refusal,
		long[] emergency) {
}

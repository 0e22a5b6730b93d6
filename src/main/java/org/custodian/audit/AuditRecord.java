package org.custodian.audit;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One access, as the audit trail keeps it (and as it is shown as a FHIR AuditEvent following IHE
 * Basic Audit Log Patterns): what was done, with what outcome, by whom (user, client application,
 * roles), why (purpose of use), from where, to which patients and which resources.
 *
 * @param category  {@code rest} for the FHIR API, {@code screen} for the workspace's screens, {@code login}, {@code security} (break-the-glass,
 *                  policy and rule changes), {@code consent}
 * @param action    C, R, U, D or E (execute), as FHIR AuditEvent.action
 * @param subtype   the interaction or operation: {@code read}, {@code search-type}, {@code create},
 *                  {@code $everything}, {@code break-the-glass}, {@code sign-in} …
 * @param outcome   0 success, 4 minor failure (refused, not found), 8 serious failure, 12 major failure
 * @param user      the FHIR resource that is the user ({@code Practitioner/123}), when known
 * @param patients  {@code Patient/id} of every patient whose data was touched
 * @param entities  {@code Type/id} (or {@code Type/id/_history/v}) of every resource touched
 * @param query     a search's parameters, when one
 * @param detail    an error code or a reason, when one
 * @param emergency whether it was done under break-the-glass
 */
public record AuditRecord(Instant recorded, String category, char action, String subtype, int outcome, String actor,
		@Nullable String user, @Nullable String client, List<String> roles, @Nullable String purpose, @Nullable String origin, List<String> patients,
		List<String> entities, @Nullable String query, @Nullable String detail, boolean emergency) {

	public static final int SUCCESS = 0;
	public static final int MINOR_FAILURE = 4;
	public static final int SERIOUS_FAILURE = 8;
}

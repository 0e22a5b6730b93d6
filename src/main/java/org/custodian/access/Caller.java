package org.custodian.access;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Who is asking, as established by sign-in: the claims of a verified access token.
 *
 * @param subject   the user or client the token was issued to
 * @param clientId  the application that holds the token
 * @param scopes    the granted scopes, as strings ({@code patient/*.rs openid …})
 * @param roles     the roles of the subject
 * @param patient   the id of the patient in context (SMART {@code patient}), for patient-level scopes
 * @param purpose   purpose of use (HL7 v3 ActReason, for example TREAT), when the token says
 * @param fhirUser  the FHIR resource that is the user ({@code Practitioner/123}), when known
 */
public record Caller(String subject, String clientId, List<String> scopes, Set<Role> roles, @Nullable String patient,
		@Nullable String purpose, @Nullable String fhirUser) {
}

package org.custodian.access;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;

/**
 * Mints {@link AccessContext}s: the only place that decides whether and how far a caller may reach
 * the record. A request's caller comes from its verified access token; an operator's command-line
 * task (an import) acts for the organization and is bounded by nothing.
 */
@Service
public class AccessGate {

	/**
	 * How long a clinician's patients, once read, serve its next requests: a care team joined or an
	 * encounter recorded counts within this, and one ended stops counting within this. Short, because
	 * access must follow the record; long enough that a screen's burst of requests reads it once.
	 */
	private static final long RELATIONSHIPS_REUSED_NANOS = 5_000_000_000L;

	/**
	 * The purposes of use for which labelled (sensitive) data may be used at all: treatment, emergency
	 * treatment, payment, operations, and the patient's own request. For research, marketing, public
	 * health or legal purposes the labels hide it whatever the role's clearances, unless a patient's
	 * consent opens it to that use.
	 */
	private static final Set<String> LABELLED_DATA_PURPOSES = Set.of("TREAT", "ETREAT", "HPAYMT", "HOPERAT", "PATRQT");

	private final JdbcTemplate jdbc;
	private final PatientCompartment compartment;
	private final List<String> resourceTypes;
	private final TreatmentRelationships relationships;
	private final EmergencyAccess emergencies;
	private final java.util.concurrent.ConcurrentHashMap<String, Recent> recentlyTreated =
			new java.util.concurrent.ConcurrentHashMap<>();

	private final ConsentDirectory consents;
	private final Clock clock;
	private final AccessDecisions decisions;
	private final RolePolicies policies;
	private final ScopeConstraints constraints;
	private final AccessSuspensions suspensions;

	AccessGate(FhirContext ctx, JdbcTemplate jdbc, Clock clock, AccessProperties properties, EmergencyAccess emergencies,
			ConsentDirectory consents, AccessDecisions decisions, RolePolicies policies, ScopeConstraints constraints,
			AccessSuspensions suspensions) {
		this.suspensions = suspensions;
		this.constraints = constraints;
		this.decisions = decisions;
		this.policies = policies;
		this.emergencies = emergencies;
		this.consents = consents;
		this.clock = clock;
		this.jdbc = jdbc;
		this.compartment = new PatientCompartment(ctx);
		this.resourceTypes = List.copyOf(ctx.getResourceTypes());
		this.relationships = new TreatmentRelationships(jdbc, clock, properties.encounterWindow());
	}

	/** A request from {@code caller}, arriving from {@code clientAddress}. */
	public AccessContext forCaller(Caller caller, String clientAddress) {
		List<Scope> scopes = new ArrayList<>();
		for (String s : caller.scopes()) {
			Scope.parse(s).ifPresent(scopes::add);
		}
		if (suspensions.isSuspended(caller.subject())) {
			// Refused at every interaction, each refusal audited like any other; nothing visible meanwhile.
			AccessContext.Asker asker = new AccessContext.Asker(caller.subject(), caller.clientId(),
					caller.roles().stream().map(Role::externalName).toList(), "TREAT", clientAddress, caller.fhirUser());
			return new AccessContext(asker, decisions, List.of(), null, null, new long[0], false, false, Set.of(), compartment,
					resourceTypes, () -> ConsentRestrictions.NONE, constraints).suspend();
		}
		// A token grants no more than its scopes say and its roles' policies permit.
		RolePolicies.Effective policy = policies.of(caller.roles());
		String purpose = caller.purpose() != null ? caller.purpose() : "TREAT";
		Supplier<long[]> treated = policy.boundedByTreatment() ? treated(caller) : null;
		long[] emergency = treated == null ? new long[0] : emergencies.openFor(caller.subject());
		AccessContext.Asker asker = new AccessContext.Asker(caller.subject(), caller.clientId(),
				caller.roles().stream().map(Role::externalName).toList(), purpose, clientAddress, caller.fhirUser());
		// A patient's own record is the one in the token's context or, failing that, the one it is.
		String own = caller.patient() == null && policy.ownRecordOnly() && caller.fhirUser() != null
				&& caller.fhirUser().startsWith("Patient/") ? caller.fhirUser().substring("Patient/".length()) : caller.patient();
		return new AccessContext(asker, decisions, List.copyOf(policy.narrow(scopes)), patient(own),
				treated, emergency, policy.reviewsEmergencies(), policy.readsAudit(),
				LABELLED_DATA_PURPOSES.contains(purpose) ? policy.clearances() : Set.of(), compartment, resourceTypes,
				policy.consentExempt() ? () -> ConsentRestrictions.NONE : () -> consent(caller, purpose, emergency), constraints);
	}

	/**
	 * What patients' consents withhold from {@code caller} acting for {@code purpose}, or open to it.
	 * Roles whose policy exempts them (the patient, not bound by their own consent; the privacy
	 * officer, who administers consents and investigates their breach) never get here;
	 * break-the-glass sets a consent aside for that record (treatment in an emergency).
	 */
	private ConsentRestrictions consent(Caller caller, String purpose, long[] emergency) {
		List<ConsentRule> rules = consents.current();
		if (rules.isEmpty()) {
			return ConsentRestrictions.NONE;
		}
		Set<String> identities = new java.util.HashSet<>();
		String user = caller.fhirUser();
		if (user != null) {
			identities.add(user);
			int slash = user.indexOf('/');
			if (slash > 0 && rules.stream().anyMatch(ConsentRule::namesGroups)) {
				Long self = LiveResources.id(jdbc, user.substring(0, slash), user.substring(slash + 1));
				if (self != null) {
					identities.addAll(ActorGroups.of(jdbc, self));
				}
			}
		}
		java.time.Instant now = clock.instant();
		return ConsentRestrictions.of(rules.stream().filter(r -> r.appliesTo(identities, purpose, now)).toList(), emergency);
	}

	/**
	 * The hashed identities (as the reference index keys them) of the reference parameters that make
	 * a resource a member of the Patient compartment: what finds a whole chart, to destroy it.
	 */
	public long[] patientCompartmentParameters() {
		return compartment.identities();
	}

	/** An operator's command-line task such as an import. */
	public AccessContext forSystemTask(String task) {
		AccessContext.Asker asker = new AccessContext.Asker("system:" + task, "custodian", List.of(), "HOPERAT", "cli", null);
		return new AccessContext(asker, decisions, null, null, null, new long[0], false, true,
				Sensitivity.all(), compartment, resourceTypes, () -> ConsentRestrictions.NONE, constraints);
	}

	/**
	 * The patients a caller whose roles' policies bound it by treatment relationships (clinician,
	 * nurse) treats, found through the resource its token names as {@code fhirUser}.
	 */
	private Supplier<long[]> treated(Caller caller) {
		String user = caller.fhirUser();
		int slash = user == null ? -1 : user.indexOf('/');
		if (slash < 0) {
			return () -> new long[0];
		}
		return () -> {
			long now = System.nanoTime();
			Recent recent = recentlyTreated.get(user);
			if (recent != null && now - recent.nanos() < RELATIONSHIPS_REUSED_NANOS) {
				return recent.patients();
			}
			Long self = LiveResources.id(jdbc, user.substring(0, slash), user.substring(slash + 1));
			long[] patients = self == null ? new long[0] : relationships.patientsOf(self);
			if (recentlyTreated.size() > 10_000) {
				recentlyTreated.clear();
			}
			recentlyTreated.put(user, new Recent(patients, now));
			return patients;
		};
	}

	/** A clinician's patients as read at {@code nanos}. */
	private record Recent(long[] patients, long nanos) {}

	/**
	 * The internal id of the patient in context. A patient that does not exist (or no longer does)
	 * leaves patient-level scopes reaching nothing.
	 */
	private @Nullable Long patient(@Nullable String id) {
		return id == null ? null : LiveResources.id(jdbc, "Patient", id);
	}
}

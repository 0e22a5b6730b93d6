package org.custodian.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * The capability to touch patient data, and the rules that bound it. Every record-store method
 * requires one, and only {@link AccessGate} can mint one, so no code path reaches the record without
 * passing the gate. It answers two questions for the store and search: may the caller do this
 * interaction with this type at all ({@link #require}), and which rows may it see
 * ({@link #visible}, a SQL condition put into every statement that reads resources).
 *
 * <p>Enforced: SMART scopes (type and interaction); the patient in context for patient-level
 * scopes; for clinicians and nurses with user-level scopes, the patients they have a treatment
 * relationship with (their demographics stay visible, so a patient can be found); sensitivity
 * labels against the roles' clearances; patients' privacy consents ({@link ConsentRestrictions});
 * break-the-glass ({@link EmergencyAccess}); the roles' stored policies ({@link RolePolicies}) narrow
 * the scopes; finer-grained scopes are compiled by {@link ScopeConstraints}. Every decision is reported
 * to {@link AccessDecisions}.
 */
public final class AccessContext {

	/** How far a caller's scopes reach for one type and interaction: nothing, some patients' records, or all. */
	enum Reach { NONE, SOME, ALL }

	/** Who asks, for what purpose, from where: what every decision reported names. */
	record Asker(String actor, String client, List<String> roles, String purpose, String origin, @Nullable String fhirUser) {}

	private final Asker asker;
	private final AccessDecisions decisions;
	/** Null: a system task of the operator, bounded by nothing. */
	private final @Nullable List<Scope> scopes;
	/** The internal id of the patient in context (patient-level scopes), if any. */
	private final @Nullable Long patient;
	/**
	 * The patients the caller treats, when user-level scopes are bounded by treatment relationships
	 * (null otherwise); looked up on first need, since many requests (finding a patient) need none.
	 */
	private final @Nullable Supplier<long[]> treatedSource;
	private long @Nullable [] treated;
	/** The patients whose records the caller has opened by breaking the glass, still open. */
	private final long[] emergency;
	/** Whether the caller reviews break-the-glass cases (a privacy officer). */
	private final boolean reviewer;
	/** Whether the caller's roles read the audit trail (auditor, privacy officer). */
	private final boolean auditReader;
	private final int hiddenSensitivities;
	private final PatientCompartment compartment;
	private final List<String> resourceTypes;
	/** What patients' consents withhold from the caller or open to it; looked up on first need. */
	private final Supplier<ConsentRestrictions> consentSource;
	private @Nullable ConsentRestrictions consent;
	private boolean writesAudited;
	/** Whether privacy monitoring has suspended this caller: it then reaches nothing, and is told why. */
	private boolean suspended;
	/** Compiles the queries of finer-grained scopes ({@code patient/Observation.rs?category=…}). */
	private final ScopeConstraints constraints;

	AccessContext(Asker asker, AccessDecisions decisions, @Nullable List<Scope> scopes, @Nullable Long patient,
			@Nullable Supplier<long[]> treated, long[] emergency, boolean reviewer, boolean auditReader, Set<Sensitivity> clearances,
			PatientCompartment compartment, List<String> resourceTypes, Supplier<ConsentRestrictions> consent,
			ScopeConstraints constraints) {
		this.asker = asker;
		this.decisions = decisions;
		this.scopes = scopes;
		this.patient = patient;
		this.treatedSource = treated;
		this.emergency = emergency;
		this.reviewer = reviewer;
		this.auditReader = auditReader;
		int hidden = 0;
		for (Sensitivity s : Sensitivity.values()) {
			if (!clearances.contains(s)) {
				hidden |= s.mask();
			}
		}
		this.hiddenSensitivities = hidden;
		this.compartment = compartment;
		this.resourceTypes = resourceTypes;
		this.consentSource = consent;
		this.constraints = constraints;
	}

	/** Whether this is one of the product's own tasks (an import, a feed), bounded by nothing, rather than a person or an app. */
	public boolean isSystemTask() {
		return scopes == null;
	}

	/** Who acts: a user, a client application, or a named system task. */
	public String actor() {
		return asker.actor();
	}

	/** Why, as a purpose-of-use code (HL7 v3 ActReason: TREAT, HOPERAT, …). */
	public String purpose() {
		return asker.purpose();
	}

	/** The application acting: the token's client, or {@code custodian} for a system task. */
	public String client() {
		return asker.client();
	}

	/** The FHIR resource that is the user ({@code Practitioner/123}), when its token names one. */
	public @Nullable String fhirUser() {
		return asker.fhirUser();
	}

	/** The roles the caller acts in, by their external names. */
	public List<String> roles() {
		return asker.roles();
	}

	/** Whether the caller has any record open by breaking the glass: what it reaches is marked as emergency access. */
	public boolean underEmergencyAccess() {
		return emergency.length > 0;
	}

	/**
	 * Marks that the writes of this request were recorded in the audit trail in their own
	 * transaction, so the edge does not record them again.
	 */
	public void writesAudited() {
		writesAudited = true;
	}

	public boolean areWritesAudited() {
		return writesAudited;
	}

	/** Where the request came from: a client address, or {@code cli}. */
	public String origin() {
		return asker.origin();
	}

	/** Whether the caller's reach into records is bounded by treatment relationships (a clinician, a nurse). */
	public boolean boundedByTreatment() {
		return treatedSource != null;
	}

	/**
	 * Refuses (403) unless the caller's roles read the audit trail; {@code patientResId}, when given,
	 * is a patient asking for the report of who accessed their own record, which they may read.
	 */
	public void requireAuditReader(@Nullable Long patientResId) {
		boolean ownReport = patientResId != null && patient != null && patient.longValue() == patientResId
				&& scopes != null && scopes.stream().anyMatch(s -> s.level() == Scope.Level.PATIENT);
		if (!auditReader && !ownReport) {
			throw refused("audit", "AuditEvent", patientResId, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, "Only auditors and the"
					+ " privacy officer read the audit trail (and a patient the report of who accessed their own record)");
		}
		report("audit", "AuditEvent", patientResId, true, null);
	}

	/** Suspends this context: every interaction is refused and no row is visible. */
	AccessContext suspend() {
		this.suspended = true;
		return this;
	}

	/** Refuses (403) unless the caller is the privacy officer (reviews break-the-glass, works the alert queue). */
	public void requirePrivacyOfficer(String action) {
		if (!reviewer) {
			throw refused(action, null, null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, "Only a privacy officer may do this ("
					+ action + ")");
		}
	}

	/** Whether the caller reviews break-the-glass cases. */
	public boolean reviewsEmergencies() {
		return reviewer;
	}

	/**
	 * The internal ids of the patients whose records this caller reaches only because it broke the
	 * glass: what the audit trail marks as emergency access.
	 */
	public long[] emergency() {
		return emergency.clone();
	}

	/** Whether the caller's scopes allow {@code interaction} on {@code type} at all (nothing recorded: a question, not an access). */
	public boolean permits(String type, Interaction interaction) {
		return !suspended && reach(type, interaction) != Reach.NONE;
	}

	/** Refuses (403) unless the caller's scopes allow {@code interaction} on {@code type} at all. */
	public void require(String type, Interaction interaction) {
		String action = interaction.name().toLowerCase(java.util.Locale.ROOT);
		if (suspended) {
			throw refused(action, type, null, ErrorCode.ACCESS_SUSPENDED, "Your access is suspended pending the privacy"
					+ " officer's review of unusual activity; contact the privacy office");
		}
		if (reach(type, interaction) == Reach.NONE) {
			throw refused(action, type, null, ErrorCode.ACCESS_SCOPE_INSUFFICIENT, "The access token's scopes, or the"
					+ " policies of its roles, do not allow " + action + " of " + type);
		}
		report(action, type, null, true, null);
	}

	/**
	 * Reports a refusal of {@code action} on {@code type} (and the record of internal id {@code patient},
	 * when known) and returns the exception that tells the caller (403).
	 */
	public CustodianException refused(String action, @Nullable String type, @Nullable Long patient, ErrorCode code,
			String message) {
		report(action, type, patient, false, code);
		return new CustodianException.Forbidden(code, message);
	}

	/** Reports that {@code action} was allowed (break-the-glass, which the gate does not decide by scopes alone). */
	void permitted(String action, @Nullable String type, @Nullable Long patient) {
		report(action, type, patient, true, null);
	}

	private void report(String action, @Nullable String type, @Nullable Long patient, boolean permitted,
			@Nullable ErrorCode refusal) {
		decisions.report(new AccessDecision(java.time.Instant.now(), asker.actor(), asker.client(), asker.roles(),
				asker.purpose(), asker.origin(), action, type, patient, permitted, refusal, emergency.clone()));
	}

	/**
	 * Refuses (403) the whole record of patient {@code patientResId} (as for {@code $everything})
	 * unless the caller may reach it: a clinician without a treatment relationship is told so, rather
	 * than shown an empty chart.
	 */
	public void requireRecordOf(long patientResId) {
		if (suspended) {
			require("Patient", Interaction.READ);
		}
		if (mayReachRecordOf(patientResId)) {
			report("record", "Patient", patientResId, true, null);
			return;
		}
		throw refused("record", "Patient", patientResId, ErrorCode.ACCESS_NO_TREATMENT_RELATIONSHIP, "You have no treatment"
				+ " relationship with this patient (care team, or an encounter you took part in recently). In an"
				+ " emergency, break the glass: POST Patient/[id]/$break-the-glass with a reason, which is reviewed");
	}

	private boolean mayReachRecordOf(long patientResId) {
		if (scopes == null || treatedSource == null || LongStream.of(treated()).anyMatch(p -> p == patientResId)
				|| LongStream.of(emergency).anyMatch(p -> p == patientResId) || (patient != null && patient == patientResId)) {
			return true;
		}
		return scopes.stream().anyMatch(scope -> scope.level() == Scope.Level.SYSTEM);
	}

	/**
	 * The condition that resource row {@code r} may be seen (read or found by search) by this caller.
	 * {@code type} is the row's type when the statement fixes it, or null for rows of any type (the
	 * members of a {@code $everything}, included resources, history).
	 */
	public RowFilter visible(String r, @Nullable String type) {
		RowFilter labels = labels(r, type).and(consent().notWithheld(r, type, compartment));
		if (type != null && constrained(type)) {
			return reachOf(r, type, Interaction.READ, Interaction.SEARCH).and(labels);
		}
		if (type != null) {
			return switch (readReach(type)) {
				case NONE -> RowFilter.NONE;
				case SOME -> members(r, type, Interaction.READ, Interaction.SEARCH).and(labels);
				case ALL -> labels;
			};
		}
		List<String> all = new ArrayList<>();
		List<String> some = new ArrayList<>();
		List<RowFilter> constrainedTypes = new ArrayList<>();
		for (String t : resourceTypes) {
			if (constrained(t)) {
				RowFilter reach = reachOf(r, t, Interaction.READ, Interaction.SEARCH);
				if (reach != RowFilter.NONE) {
					List<Object> args = new ArrayList<>();
					args.add(t);
					args.addAll(reach.args());
					constrainedTypes.add(new RowFilter("(" + r + ".res_type = ? and " + reach.sql() + ")", args));
				}
				continue;
			}
			switch (readReach(t)) {
				case ALL -> all.add(t);
				case SOME -> some.add(t);
				case NONE -> { }
			}
		}
		RowFilter types = typeReach(r, all, some);
		if (!constrainedTypes.isEmpty()) {
			types = anyOf(types, constrainedTypes);
		}
		return types.and(labels);
	}

	/** Rows of the types in {@code all} (any row) or {@code some} (rows of the records the caller reaches). */
	private RowFilter typeReach(String r, List<String> all, List<String> some) {
		if (all.size() == resourceTypes.size()) {
			return RowFilter.ALL;
		}
		if (some.isEmpty()) {
			return new RowFilter(r + ".res_type = any(?)", List.of((Object) all.toArray(String[]::new)));
		}
		long[] patients = patients(null, Interaction.READ, Interaction.SEARCH);
		RowFilter member = patients.length == 0 ? RowFilter.NONE : compartment.memberOfAnyType(r, patients);
		List<Object> args = new ArrayList<>();
		args.add(all.toArray(String[]::new));
		args.add(some.toArray(String[]::new));
		args.addAll(member.args());
		return new RowFilter("(" + r + ".res_type = any(?) or (" + r + ".res_type = any(?) and " + member.sql() + "))",
				args);
	}

	/** Whether a finer-grained scope (one with a query) grants anything on {@code type}. */
	private boolean constrained(String type) {
		return scopes != null && scopes.stream().anyMatch(s -> s.query() != null && type.equals(s.type()));
	}

	/**
	 * The rows of {@code type} that some scope granting one of {@code interactions} reaches, scope by
	 * scope: its level's bound (all rows, the patient in context's record, the treated patients'
	 * records) and, for a finer-grained scope, its query. The general form, used for types that
	 * finer-grained scopes touch.
	 */
	private RowFilter reachOf(String r, String type, Interaction... interactions) {
		List<RowFilter> reached = new ArrayList<>();
		for (Scope scope : scopes == null ? List.<Scope>of() : scopes) {
			if (java.util.Arrays.stream(interactions).noneMatch(i -> scope.grants(type, i))) {
				continue;
			}
			RowFilter bound = switch (scope.level()) {
				case SYSTEM -> RowFilter.ALL;
				case PATIENT -> patient == null ? RowFilter.NONE : compartment.member(r, type, new long[] {patient});
				case USER -> treatedSource == null || type.equals("Patient") ? RowFilter.ALL
						: members(r, type, LongStream.concat(LongStream.of(treated()), LongStream.of(emergency)).distinct().toArray());
			};
			if (bound != RowFilter.NONE && scope.query() != null) {
				RowFilter matching = constraints.matching(this, r, type, scope.query());
				bound = matching == null ? RowFilter.NONE : bound.and(matching);
			}
			if (bound == RowFilter.ALL) {
				return RowFilter.ALL;
			}
			if (bound != RowFilter.NONE) {
				reached.add(bound);
			}
		}
		return anyOf(RowFilter.NONE, reached);
	}

	private RowFilter members(String r, String type, long[] patients) {
		return patients.length == 0 ? RowFilter.NONE : compartment.member(r, type, patients);
	}

	/** {@code first} or any of {@code others}. */
	private static RowFilter anyOf(RowFilter first, List<RowFilter> others) {
		if (first == RowFilter.ALL) {
			return first;
		}
		List<String> sql = new ArrayList<>();
		List<Object> args = new ArrayList<>();
		if (first != RowFilter.NONE) {
			sql.add(first.sql());
			args.addAll(first.args());
		}
		for (RowFilter f : others) {
			if (f == RowFilter.ALL) {
				return f;
			}
			if (f != RowFilter.NONE) {
				sql.add(f.sql());
				args.addAll(f.args());
			}
		}
		if (sql.isEmpty()) {
			return RowFilter.NONE;
		}
		return sql.size() == 1 ? new RowFilter(sql.get(0), args) : new RowFilter("(" + String.join(" or ", sql) + ")", args);
	}

	/**
	 * Refuses (403) unless the caller may do {@code interaction} on {@code type}, and returns the
	 * condition the written row {@code r} must meet once written (checked by the store before the
	 * transaction commits): that the resource is in the record of a patient the caller may reach.
	 * Null when any row of the type may be written.
	 */
	public @Nullable RowFilter writable(String r, String type, Interaction interaction) {
		require(type, interaction);
		if (constrained(type)) {
			RowFilter reach = reachOf(r, type, interaction);
			return reach == RowFilter.ALL ? null : reach;
		}
		return reach(type, interaction) == Reach.SOME ? members(r, type, interaction) : null;
	}

	/**
	 * Labelled rows the caller is not cleared for are hidden, except in the records it opened by
	 * breaking the glass (an emergency overrides sensitivity, as 42 CFR Part 2 allows) and where a
	 * patient's consent opens them to this caller.
	 */
	private RowFilter labels(String r, @Nullable String type) {
		if (hiddenSensitivities == 0) {
			return RowFilter.ALL;
		}
		String cleared = "(" + r + ".sensitivity & ?) = 0";
		List<Object> args = new ArrayList<>();
		args.add(hiddenSensitivities);
		StringBuilder sql = new StringBuilder("(").append(cleared);
		if (emergency.length > 0) {
			RowFilter opened = type == null ? compartment.memberOfAnyType(r, emergency) : compartment.member(r, type, emergency);
			sql.append(" or ").append(opened.sql());
			args.addAll(opened.args());
		}
		RowFilter consented = consent().opened(r, type, hiddenSensitivities, compartment);
		if (consented != RowFilter.NONE) {
			sql.append(" or ").append(consented.sql());
			args.addAll(consented.args());
		}
		return new RowFilter(sql.append(")").toString(), args);
	}

	private ConsentRestrictions consent() {
		if (consent == null) {
			consent = consentSource.get();
		}
		return consent;
	}

	private RowFilter members(String r, String type, Interaction... interactions) {
		long[] patients = patients(type, interactions);
		return patients.length == 0 ? RowFilter.NONE : compartment.member(r, type, patients);
	}

	/** The patients whose records some scope granting one of {@code interactions} on {@code type} (null: any) reaches. */
	private long[] patients(@Nullable String type, Interaction... interactions) {
		boolean inContext = false;
		boolean treating = false;
		for (Scope scope : scopes == null ? List.<Scope>of() : scopes) {
			if (scope.query() != null) {
				continue; // the types of finer-grained scopes are reached by reachOf, scope by scope
			}
			for (Interaction i : interactions) {
				if (type == null ? scope.interactions().contains(i) : scope.grants(type, i)) {
					inContext |= scope.level() == Scope.Level.PATIENT;
					treating |= scope.level() == Scope.Level.USER;
				}
			}
		}
		LongStream ids = LongStream.empty();
		if (inContext && patient != null) {
			ids = LongStream.of(patient);
		}
		if (treating && treatedSource != null) {
			ids = LongStream.concat(ids, LongStream.concat(LongStream.of(treated()), LongStream.of(emergency)));
		}
		return ids.distinct().toArray();
	}

	private long[] treated() {
		if (treated == null) {
			treated = treatedSource == null ? new long[0] : treatedSource.get();
		}
		return treated;
	}

	private Reach readReach(String type) {
		Reach read = reach(type, Interaction.READ);
		Reach search = reach(type, Interaction.SEARCH);
		return read.ordinal() >= search.ordinal() ? read : search;
	}

	Reach reach(String type, Interaction interaction) {
		if (scopes == null) {
			return Reach.ALL;
		}
		Reach reach = Reach.NONE;
		for (Scope scope : scopes) {
			if (!scope.grants(type, interaction)) {
				continue;
			}
			boolean bounded = scope.query() != null || scope.level() == Scope.Level.PATIENT
					// A treating clinician's user-level reach is the records of their patients; anyone's
					// demographics stay visible, so that a patient can be found (and the glass broken).
					|| (scope.level() == Scope.Level.USER && treatedSource != null && !type.equals("Patient"));
			if (!bounded) {
				return Reach.ALL;
			}
			reach = Reach.SOME;
		}
		return reach;
	}

	@Override
	public String toString() {
		return asker.actor() + " (" + asker.purpose() + ", " + asker.origin() + ")";
	}
}

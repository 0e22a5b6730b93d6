package org.custodian.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;

/**
 * Turns a FHIR Consent into the rules the gate enforces ({@link ConsentRule}). Only an active
 * consent whose scope is patient privacy restricts access (a consent to treatment or to research
 * says nothing about who may read the record). The root provision is the default; its nested
 * provisions are the exceptions, each with its own actors, purposes, period, resource types
 * (provision.class), security labels and instances (provision.data).
 *
 * <p>Where a provision uses something the gate cannot test (a clinical code, a data period, an
 * exception nested more than one level deep), the rule errs toward the patient's privacy: a denial
 * is kept without that narrowing condition, so it hides more, and a permission is dropped, so it
 * grants less. A provision whose only actions are not about reading (collect, correct) is skipped.
 */
public final class ConsentProvisions {

	static final String SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope";
	private static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";
	private static final Set<String> READING_ACTIONS = Set.of("access", "use", "disclose");

	private ConsentProvisions() {
	}

	/**
	 * The rules of {@code consent} (stored as internal id {@code consentId}); {@code resolve} gives the
	 * internal id of a local reference ({@code Patient/1}), or null when it is not one. Empty when
	 * the consent restricts nothing.
	 */
	public static List<ConsentRule> rules(Consent consent, long consentId, Function<String, @Nullable Long> resolve) {
		if (consent.getStatus() != Consent.ConsentState.ACTIVE || !isPrivacy(consent.getScope()) || !consent.hasProvision()) {
			return List.of();
		}
		Long patient = resolve.apply(local(consent.getPatient()));
		if (patient == null) {
			return List.of();
		}
		ProvisionComponent root = consent.getProvision();
		List<ConsentRule> rules = new ArrayList<>();
		boolean rootDenies = root.getType() == ConsentProvisionType.DENY;
		ConsentRule base = rule(root, consentId, 0, patient, rootDenies, resolve);
		// A permitting root without exceptions is the organization's default: nothing to enforce.
		if (base != null && (rootDenies || root.hasProvision() || base.labelMask() != 0)) {
			rules.add(base);
		}
		int number = 1;
		for (ProvisionComponent exception : root.getProvision()) {
			// An exception without its own type inverts the root's.
			boolean denies = exception.hasType() ? exception.getType() == ConsentProvisionType.DENY : !rootDenies;
			ConsentRule rule = rule(exception, consentId, number++, patient, denies, resolve);
			if (rule != null) {
				rules.add(rule);
			}
		}
		return rules;
	}

	private static @Nullable ConsentRule rule(ProvisionComponent p, long consentId, int number, long patient, boolean deny,
			Function<String, @Nullable Long> resolve) {
		if (p.hasAction() && p.getAction().stream().noneMatch(ConsentProvisions::aboutReading)) {
			return null;
		}
		boolean untestable = p.hasCode() || p.hasDataPeriod() || (number > 0 && p.hasProvision());
		if (untestable && !deny) {
			return null;
		}
		List<String> actors = null;
		if (p.hasActor()) {
			actors = new ArrayList<>();
			for (Consent.provisionActorComponent actor : p.getActor()) {
				String ref = local(actor.getReference());
				if (ref != null) {
					actors.add(ref);
				}
			}
			if (actors.isEmpty() && !deny) {
				return null; // names no one we can recognize: permits no one
			}
		}
		List<String> purposes = p.hasPurpose() ? p.getPurpose().stream().map(Coding::getCode).toList() : null;
		List<String> types = null;
		if (p.hasClass_()) {
			types = p.getClass_().stream().filter(c -> c.getSystem() == null || RESOURCE_TYPES.equals(c.getSystem()))
					.map(Coding::getCode).toList();
			if (types.isEmpty()) {
				// Classes of another system (document types, for example) cannot be tested.
				if (!deny) {
					return null;
				}
				types = null;
			}
		}
		int mask = 0;
		if (p.hasSecurityLabel()) {
			List<Sensitivity.Label> labels = p.getSecurityLabel().stream()
					.map(c -> new Sensitivity.Label(String.valueOf(c.getSystem()), String.valueOf(c.getCode()))).toList();
			mask = Sensitivity.maskOf(labels);
			if (mask == 0 && !deny) {
				return null;
			}
		}
		long[] instances = null;
		if (p.hasData()) {
			List<Long> ids = new ArrayList<>();
			for (Consent.provisionDataComponent data : p.getData()) {
				Long id = resolve.apply(local(data.getReference()));
				if (id != null) {
					ids.add(id);
				}
			}
			if (ids.isEmpty() && !deny) {
				return null;
			}
			instances = ids.isEmpty() ? null : ids.stream().mapToLong(Long::longValue).toArray();
		}
		Period period = p.getPeriod();
		return new ConsentRule(consentId, number, patient, deny, actors, purposes, types, mask, instances,
				instant(period == null ? null : period.getStart()), instant(period == null ? null : period.getEnd()));
	}

	private static boolean isPrivacy(CodeableConcept scope) {
		return scope.getCoding().stream().anyMatch(c -> "patient-privacy".equals(c.getCode())
				&& (c.getSystem() == null || SCOPE_SYSTEM.equals(c.getSystem())));
	}

	private static boolean aboutReading(CodeableConcept action) {
		return action.getCoding().isEmpty() || action.getCoding().stream().anyMatch(c -> READING_ACTIONS.contains(c.getCode()));
	}

	/** A relative reference {@code Type/id} (a version suffix dropped), or null for anything else. */
	static @Nullable String local(@Nullable Reference reference) {
		if (reference == null || reference.getReference() == null) {
			return null;
		}
		String ref = reference.getReference();
		int history = ref.indexOf("/_history/");
		if (history > 0) {
			ref = ref.substring(0, history);
		}
		return ref.matches("[A-Z][A-Za-z]+/[A-Za-z0-9.-]{1,64}") ? ref : null;
	}

	private static @Nullable Instant instant(java.util.@Nullable Date date) {
		return date == null ? null : date.toInstant();
	}
}

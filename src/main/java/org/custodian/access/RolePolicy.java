package org.custodian.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What one role may do, as stored (one version of it): the resource types and interactions it is
 * permitted ({@code *.rs Consent.crus}, SMART's letters), the sensitive data it is cleared for,
 * whether its reach is the patients it treats, whether patients' consents bind it, whether it
 * reviews break-the-glass cases, and whether it reaches only its own record (a patient: every scope
 * it holds is read as patient-level, whatever the token says), and whether it reads the audit trail.
 */
public record RolePolicy(Role role, int version, List<Permission> permissions, Set<Sensitivity> clearances,
		boolean boundedByTreatment, boolean consentExempt, boolean reviewsEmergencies, boolean ownRecordOnly, boolean readsAudit,
		Instant changed, String changedBy, String reason) {

	/** {@code type} (null: every type) with {@code interactions}. */
	public record Permission(@Nullable String type, Set<Interaction> interactions) {

		/** {@code Observation.rs}, {@code *.cruds}. */
		public static Permission parse(String text) {
			int dot = text.lastIndexOf('.');
			String type = dot < 0 ? "" : text.substring(0, dot);
			String letters = dot < 0 ? "" : text.substring(dot + 1);
			if (!(type.equals("*") || type.matches("[A-Z][A-Za-z]+")) || !letters.matches("c?r?u?d?s?") || letters.isEmpty()) {
				throw new IllegalArgumentException("'" + text + "' is not Type.cruds (letters in that order) or *.cruds");
			}
			Set<Interaction> interactions = EnumSet.noneOf(Interaction.class);
			letters.chars().forEach(c -> interactions.add(Interaction.of((char) c)));
			return new Permission(type.equals("*") ? null : type, interactions);
		}

		@Override
		public String toString() {
			StringBuilder letters = new StringBuilder();
			for (Interaction i : Interaction.values()) {
				if (interactions.contains(i)) {
					letters.append(i.letter());
				}
			}
			return (type == null ? "*" : type) + "." + letters;
		}

		/** The part of {@code scope} this permission allows, or null when none. */
		@Nullable Scope narrow(Scope scope) {
			if (type != null && scope.type() != null && !type.equals(scope.type())) {
				return null;
			}
			Set<Interaction> both = EnumSet.noneOf(Interaction.class);
			both.addAll(scope.interactions());
			both.retainAll(interactions);
			return both.isEmpty() ? null : new Scope(scope.level(), scope.type() != null ? scope.type() : type, both,
					scope.query());
		}
	}

	/** Parses space-separated permissions; an empty text permits nothing. */
	public static List<Permission> permissions(String text) {
		List<Permission> out = new ArrayList<>();
		for (String p : text.trim().split("\\s+")) {
			if (!p.isEmpty()) {
				out.add(Permission.parse(p));
			}
		}
		return out;
	}

	/** A clearance's name as stored and typed: {@code mental-health}. */
	public static String name(Sensitivity s) {
		return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public static Sensitivity sensitivity(String name) {
		for (Sensitivity s : Sensitivity.values()) {
			if (name(s).equals(name)) {
				return s;
			}
		}
		throw new IllegalArgumentException("'" + name + "' is not a sensitivity (restricted, very-restricted, hiv,"
				+ " mental-health, substance-use, sexual-and-reproductive, abuse)");
	}
}

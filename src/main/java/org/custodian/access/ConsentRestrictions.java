package org.custodian.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.jspecify.annotations.Nullable;

/**
 * What patients' consents withhold from one caller, and which labelled data they open to it, as SQL
 * conditions on resource rows. Built from the provisions that apply to the caller (its identities,
 * purpose of use, now); per consent, a row of the patient's record is withheld when:
 *
 * <ul>
 * <li>the root provision denies (an opt-out) and the row matches its conditions but none of the
 * permitting exceptions that apply, or</li>
 * <li>a denying exception that applies matches it (a denial always wins over a permission).</li>
 * </ul>
 *
 * A permitting provision that names security labels opens data of those sensitivities in the
 * patient's record to the callers it applies to even without clearance (the consent 42 CFR Part 2
 * asks for), except very restricted data, which only the organization may open.
 */
final class ConsentRestrictions {

	static final ConsentRestrictions NONE = new ConsentRestrictions(new long[0], List.of(), List.of());

	/** A part of one patient's record (a SQL condition on row alias {@code r}, written as {@code $r}). */
	record Part(long patient, String sql, List<Object> args) {}

	private final long[] withheldRecords;
	private final List<Part> withheldParts;
	private final List<Grant> grants;

	/** Data of {@code mask}'s sensitivities in {@code part} of the record opened to the caller. */
	record Grant(int mask, Part part) {}

	private ConsentRestrictions(long[] withheldRecords, List<Part> withheldParts, List<Grant> grants) {
		this.withheldRecords = withheldRecords;
		this.withheldParts = withheldParts;
		this.grants = grants;
	}

	/** The restrictions of {@code applicable} rules (already matched to the caller), except for the records in {@code exempt}. */
	static ConsentRestrictions of(List<ConsentRule> applicable, long[] exempt) {
		Map<Long, List<ConsentRule>> byConsent = new LinkedHashMap<>();
		for (ConsentRule rule : applicable) {
			if (LongStream.of(exempt).noneMatch(p -> p == rule.patient())) {
				byConsent.computeIfAbsent(rule.consent(), c -> new ArrayList<>()).add(rule);
			}
		}
		if (byConsent.isEmpty()) {
			return NONE;
		}
		List<Long> whole = new ArrayList<>();
		List<Part> parts = new ArrayList<>();
		List<Grant> grants = new ArrayList<>();
		for (List<ConsentRule> rules : byConsent.values()) {
			long patient = rules.get(0).patient();
			ConsentRule root = rules.get(0).root() ? rules.get(0) : null;
			List<ConsentRule> permits = rules.stream().filter(r -> !r.root() && !r.deny()).toList();
			List<ConsentRule> denies = rules.stream().filter(r -> !r.root() && r.deny()).toList();
			List<Condition> withheld = new ArrayList<>();
			if (root != null && root.deny()) {
				Condition base = Condition.of(root, true);
				Condition excepted = Condition.any(permits.stream().map(r -> Condition.of(r, true)).toList());
				withheld.add(base.andNot(excepted));
			}
			denies.forEach(r -> withheld.add(Condition.of(r, true)));
			Condition hidden = Condition.any(withheld);
			if (hidden.always()) {
				whole.add(patient);
			} else if (!hidden.never()) {
				parts.add(new Part(patient, hidden.sql, hidden.args));
			}
			for (ConsentRule r : rules) {
				int mask = r.labelMask() & ~Sensitivity.VERY_RESTRICTED.mask();
				if (!r.deny() && mask != 0) {
					Condition where = Condition.of(r, false);
					grants.add(new Grant(mask, new Part(patient, where.sql, where.args)));
				}
			}
		}
		return new ConsentRestrictions(whole.stream().mapToLong(Long::longValue).toArray(), parts, grants);
	}

	boolean none() {
		return withheldRecords.length == 0 && withheldParts.isEmpty() && grants.isEmpty();
	}

	/** The condition that row {@code r} ({@code type}, null: any) is not withheld from the caller. */
	RowFilter notWithheld(String r, @Nullable String type, PatientCompartment compartment) {
		RowFilter filter = RowFilter.ALL;
		if (withheldRecords.length > 0) {
			filter = filter.and(not(compartment.recordOf(r, type, withheldRecords)));
		}
		for (Part part : withheldParts) {
			filter = filter.and(not(within(r, type, part, compartment)));
		}
		return filter;
	}

	/**
	 * The condition that row {@code r}, whose labels the caller's clearances alone would hide
	 * ({@code hidden}: the sensitivities it is not cleared for), is opened by a consent.
	 */
	RowFilter opened(String r, @Nullable String type, int hidden, PatientCompartment compartment) {
		List<String> sql = new ArrayList<>();
		List<Object> args = new ArrayList<>();
		for (Grant grant : grants) {
			RowFilter within = within(r, type, grant.part(), compartment);
			if (within == RowFilter.NONE) {
				continue;
			}
			sql.add("((" + r + ".sensitivity & ?) = 0 and " + within.sql() + ")");
			args.add(hidden & ~grant.mask());
			args.addAll(within.args());
		}
		return sql.isEmpty() ? RowFilter.NONE : new RowFilter("(" + String.join(" or ", sql) + ")", List.copyOf(args));
	}

	boolean opensAny() {
		return !grants.isEmpty();
	}

	private static RowFilter within(String r, @Nullable String type, Part part, PatientCompartment compartment) {
		RowFilter record = compartment.recordOf(r, type, new long[] {part.patient()});
		if (record == RowFilter.NONE || part.sql().equals("true")) {
			return record;
		}
		return record.and(new RowFilter(part.sql().replace("$r", r), part.args()));
	}

	private static RowFilter not(RowFilter f) {
		if (f == RowFilter.NONE) {
			return RowFilter.ALL;
		}
		if (f == RowFilter.ALL) {
			return RowFilter.NONE;
		}
		return new RowFilter("not " + f.sql(), f.args());
	}

	/** A condition on row {@code $r} of a patient's record: {@code true}, {@code false}, or SQL with its values. */
	private record Condition(String sql, List<Object> args) {

		static final Condition TRUE = new Condition("true", List.of());
		static final Condition FALSE = new Condition("false", List.of());

		/** The rows {@code rule} is about: its types, its instances and (when {@code labels}) its sensitivities. */
		static Condition of(ConsentRule rule, boolean labels) {
			List<String> sql = new ArrayList<>();
			List<Object> args = new ArrayList<>();
			if (rule.types() != null) {
				sql.add("$r.res_type = any(?)");
				args.add(rule.types().toArray(String[]::new));
			}
			if (labels && rule.labelMask() != 0) {
				sql.add("($r.sensitivity & ?) <> 0");
				args.add(rule.labelMask());
			}
			if (rule.resources() != null) {
				sql.add("$r.res_id = any(?)");
				args.add(rule.resources());
			}
			return sql.isEmpty() ? TRUE : new Condition("(" + String.join(" and ", sql) + ")", List.copyOf(args));
		}

		static Condition any(List<Condition> conditions) {
			if (conditions.stream().anyMatch(Condition::always)) {
				return TRUE;
			}
			List<Condition> some = conditions.stream().filter(c -> !c.never()).toList();
			if (some.isEmpty()) {
				return FALSE;
			}
			List<Object> args = new ArrayList<>();
			some.forEach(c -> args.addAll(c.args));
			return new Condition("(" + String.join(" or ", some.stream().map(Condition::sql).toList()) + ")", args);
		}

		Condition andNot(Condition other) {
			if (other.always() || never()) {
				return FALSE;
			}
			if (other.never()) {
				return this;
			}
			List<Object> all = new ArrayList<>(args);
			all.addAll(other.args);
			return new Condition("(" + (always() ? "" : sql + " and ") + "not " + other.sql + ")", all);
		}

		boolean always() {
			return this == TRUE;
		}

		boolean never() {
			return this == FALSE;
		}
	}
}

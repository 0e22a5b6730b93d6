package org.custodian.disclosure;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** When a request must be answered: from its receipt, by its kind, the state's rule if stricter, and an extension taken. */
public final class Deadlines {

	private final DisclosureProperties rules;

	public Deadlines(DisclosureProperties rules) {
		this.rules = rules;
	}

	public LocalDate due(RequestKind kind, LocalDate received, @Nullable String jurisdiction, boolean extended) {
		return received.plusDays(days(kind, jurisdiction) + (extended ? extension(kind) : 0));
	}

	/** The days of the one extension the law allows (with written notice of the reason and the new date); 0 when none. */
	public int extension(RequestKind kind) {
		return switch (kind) {
			case ACCESS -> rules.accessExtensionDays();
			case ACCOUNTING -> rules.accountingExtensionDays();
			case DISCLOSURE -> 0;
		};
	}

	private int days(RequestKind kind, @Nullable String jurisdiction) {
		return switch (kind) {
			case ACCESS -> {
				Integer state = jurisdiction == null ? null : rules.stateAccessDays().get(jurisdiction.toUpperCase(java.util.Locale.ROOT));
				yield state == null ? rules.accessDays() : Math.min(state, rules.accessDays());
			}
			case ACCOUNTING -> rules.accountingDays();
			case DISCLOSURE -> rules.disclosureDays();
		};
	}
}

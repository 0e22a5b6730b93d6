package org.custodian.identity;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A compared field and its agreement levels, strongest first; the last level is disagreement.
 * {@link #compare} gives the level of a pair, or {@link #MISSING} when either side lacks the field
 * (which then neither supports nor weakens the match).
 */
public enum Field {
	GIVEN(List.of("same", "nickname", "alike", "different")) {
		@Override
		int compare(Person a, Person b) {
			if (a.given() == null || b.given() == null) {
				return MISSING;
			}
			if (a.given().equals(b.given()) || swapped(a, b)) {
				return 0;
			}
			if (Nicknames.same(a.given(), b.given())) {
				return 1;
			}
			return alike(a.given(), b.given(), 0.9) ? 2 : 3;
		}
	},
	FAMILY(List.of("same", "alike", "different")) {
		@Override
		int compare(Person a, Person b) {
			if (a.family() == null || b.family() == null) {
				return MISSING;
			}
			if (a.family().equals(b.family()) || swapped(a, b)) {
				return 0;
			}
			return alike(a.family(), b.family(), 0.9) ? 1 : 2;
		}
	},
	BIRTH_DATE(List.of("same", "slip", "different")) {
		@Override
		int compare(Person a, Person b) {
			if (a.birthDate() == null || b.birthDate() == null) {
				return MISSING;
			}
			if (a.birthDate().equals(b.birthDate())) {
				return 0;
			}
			return Comparators.dayMonthSwapped(a.birthDate(), b.birthDate()) || Comparators.oneSlip(a.birthDate(), b.birthDate())
					? 1 : 2;
		}
	},
	SEX(List.of("same", "different")) {
		@Override
		int compare(Person a, Person b) {
			return exact(a.sex(), b.sex());
		}
	},
	ADDRESS(List.of("same", "alike", "different")) {
		@Override
		int compare(Person a, Person b) {
			if (a.line() == null || b.line() == null) {
				return MISSING;
			}
			if (a.line().equals(b.line())) {
				return 0;
			}
			return Comparators.jaroWinkler(a.line(), b.line()) >= 0.88 ? 1 : 2;
		}
	},
	CITY(List.of("same", "alike", "different")) {
		@Override
		int compare(Person a, Person b) {
			if (a.city() == null || b.city() == null) {
				return MISSING;
			}
			if (a.city().equals(b.city())) {
				return 0;
			}
			return Comparators.jaroWinkler(a.city(), b.city()) >= 0.9 ? 1 : 2;
		}
	},
	POSTCODE(List.of("same", "slip", "different")) {
		@Override
		int compare(Person a, Person b) {
			return exactOrSlip(a.postcode(), b.postcode());
		}
	},
	PHONE(List.of("same", "different")) {
		@Override
		int compare(Person a, Person b) {
			return exact(a.phone(), b.phone());
		}
	},
	EMAIL(List.of("same", "different")) {
		@Override
		int compare(Person a, Person b) {
			return exact(a.email(), b.email());
		}
	},
	NATIONAL_ID(List.of("same", "slip", "different")) {
		@Override
		int compare(Person a, Person b) {
			return exactOrSlip(a.nationalId(), b.nationalId());
		}
	},
	MEMBER_ID(List.of("same", "different")) {
		@Override
		int compare(Person a, Person b) {
			return exact(a.memberId(), b.memberId());
		}
	};

	/** Either side lacks the field. */
	public static final int MISSING = -1;

	private final List<String> levels;

	Field(List<String> levels) {
		this.levels = levels;
	}

	/** The names of the levels, strongest agreement first. */
	public List<String> levels() {
		return levels;
	}

	abstract int compare(Person a, Person b);

	/** Every field's level for the pair, in {@link #values()} order. */
	static byte[] compareAll(Person a, Person b) {
		Field[] fields = values();
		byte[] out = new byte[fields.length];
		for (int i = 0; i < fields.length; i++) {
			out[i] = (byte) fields[i].compare(a, b);
		}
		return out;
	}

	/** Given and family names recorded the other way round. */
	private static boolean swapped(Person a, Person b) {
		return a.given() != null && a.family() != null && a.given().equals(b.family()) && a.family().equals(b.given());
	}

	private static boolean alike(String a, String b, double threshold) {
		return Comparators.jaroWinkler(a, b) >= threshold || Comparators.soundAlike(a, b);
	}

	private static int exact(@Nullable String a, @Nullable String b) {
		if (a == null || b == null) {
			return MISSING;
		}
		return a.equals(b) ? 0 : 1;
	}

	private static int exactOrSlip(@Nullable String a, @Nullable String b) {
		if (a == null || b == null) {
			return MISSING;
		}
		if (a.equals(b)) {
			return 0;
		}
		return Comparators.oneSlip(a, b) ? 1 : 2;
	}
}

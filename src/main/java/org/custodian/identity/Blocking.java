package org.custodian.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pairs are compared at all: those that share a blocking key. Each key tolerates a
 * different kind of error in the others: names by sound (in either order, for swapped names),
 * birth date with a given name's initial, postcode with the family name's sound, a national id,
 * a phone, an email. A key shared by more than {@link #LARGEST_BLOCK} people says too little
 * (a common name in a large city) and is passed over.
 */
public final class Blocking {

	static final int LARGEST_BLOCK = 400;

	private Blocking() {
	}

	static List<String> keys(Person p) {
		List<String> keys = new ArrayList<>(7);
		String given = Comparators.sound(p.given());
		String family = Comparators.sound(p.family());
		if (!given.isEmpty() && !family.isEmpty()) {
			keys.add("n:" + (given.compareTo(family) < 0 ? given + "|" + family : family + "|" + given));
		}
		if (p.birthDate() != null && p.given() != null) {
			keys.add("b:" + p.birthDate() + p.given().charAt(0));
		}
		if (p.birthDate() != null && !family.isEmpty()) {
			keys.add("d:" + p.birthDate() + family);
		}
		if (p.postcode() != null && !family.isEmpty()) {
			keys.add("p:" + p.postcode() + family);
		}
		if (p.nationalId() != null) {
			keys.add("s:" + p.nationalId());
		}
		if (p.phone() != null) {
			keys.add("t:" + p.phone());
		}
		if (p.email() != null) {
			keys.add("e:" + p.email());
		}
		return keys;
	}

	/** Candidate pairs among {@code people}, each once, as {@code i * n + j} with {@code i < j}. */
	public static long[] candidatePairs(List<Person> people) {
		Map<String, List<Integer>> blocks = new HashMap<>();
		for (int i = 0; i < people.size(); i++) {
			for (String key : keys(people.get(i))) {
				blocks.computeIfAbsent(key, k -> new ArrayList<>(2)).add(i);
			}
		}
		long n = people.size();
		java.util.Set<Long> pairs = new java.util.HashSet<>();
		for (List<Integer> block : blocks.values()) {
			if (block.size() < 2 || block.size() > LARGEST_BLOCK) {
				continue;
			}
			for (int x = 0; x < block.size(); x++) {
				for (int y = x + 1; y < block.size(); y++) {
					int i = Math.min(block.get(x), block.get(y));
					int j = Math.max(block.get(x), block.get(y));
					pairs.add(i * n + j);
				}
			}
		}
		return pairs.stream().mapToLong(Long::longValue).sorted().toArray();
	}
}

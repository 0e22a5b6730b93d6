package org.custodian.search;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.codec.language.DoubleMetaphone;
import org.hl7.fhir.r4.model.HumanName;
import org.jspecify.annotations.Nullable;

/**
 * How names sound: the Double Metaphone codes (primary and alternate) of each word, lower case. The
 * {@code phonetic} search parameter of people (Patient, Person, Practitioner, RelatedPerson) indexes
 * these as well as the spellings, and matches a value by the spelling's prefix (as any string
 * parameter) or by sound, so {@code phonetic=Smyth} finds Smith and {@code phonetic=Katherine} finds
 * Catherine. The patient index (issue 7) compares names with the same codes.
 */
public final class Phonetics {

	/** The parameter whose values are sounds rather than spellings. */
	public static final String PARAM = "phonetic";

	/**
	 * Marks a sound in the string index, beside the spellings the parameter also keeps (so that
	 * {@code phonetic} still matches as a string parameter does, by prefix, and {@code :exact} and
	 * {@code :contains} keep their meaning). Normalized names never begin with it.
	 */
	static final String MARK = "~";

	private static final DoubleMetaphone ENCODER = new DoubleMetaphone();

	private Phonetics() {
	}

	/** The codes of a person's name: of each word of its family and given names (of its text when it has neither). */
	public static Set<String> codes(HumanName name) {
		Set<String> codes = new LinkedHashSet<>(codes(name.getFamily()));
		name.getGiven().forEach(g -> codes.addAll(codes(g.getValue())));
		if (!name.hasFamily() && !name.hasGiven()) {
			codes.addAll(codes(name.getText()));
		}
		return codes;
	}

	/** The codes of every word of {@code text}, in order, without repeats; none for blank text. */
	public static Set<String> codes(@Nullable String text) {
		Set<String> codes = new LinkedHashSet<>();
		if (text == null) {
			return codes;
		}
		for (String word : SearchStrings.normalize(text).split("[^\\p{L}\\p{N}]+")) {
			if (word.isBlank()) {
				continue;
			}
			String primary = ENCODER.doubleMetaphone(word);
			String alternate = ENCODER.doubleMetaphone(word, true);
			if (primary != null && !primary.isEmpty()) {
				codes.add(primary.toLowerCase(Locale.ROOT));
			}
			if (alternate != null && !alternate.isEmpty()) {
				codes.add(alternate.toLowerCase(Locale.ROOT));
			}
		}
		return codes;
	}
}

package org.custodian.access;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One SMART clinical scope: {@code patient/Observation.rs} (v2), {@code user/*.read} (v1).
 *
 * @param level  whose data: the patient in context, what the user may see, or anything (system)
 * @param type   a resource type, or null for {@code *}
 * @param query  SMART v2's finer-grained constraint: search parameters a resource must match
 *               ({@code category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory}),
 *               or null
 */
public record Scope(Level level, @Nullable String type, Set<Interaction> interactions, @Nullable String query) {

	public Scope(Level level, @Nullable String type, Set<Interaction> interactions) {
		this(level, type, interactions, null);
	}

	public enum Level { PATIENT, USER, SYSTEM }

	private static final Pattern CLINICAL = Pattern.compile(
			"(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.(read|write|\\*|c?r?u?d?s?)(?:\\?([^\\s?#]+))?");

	/**
	 * The scope a string names, or empty when it is not a clinical scope ({@code openid},
	 * {@code launch/patient}, {@code offline_access} …). A v2 scope narrowed by a query
	 * ({@code patient/Observation.rs?category=…}) needs a resource type, and v2 letters.
	 */
	public static Optional<Scope> parse(String text) {
		Matcher m = CLINICAL.matcher(text);
		if (!m.matches() || m.group(3).isEmpty()
				|| (m.group(4) != null && (m.group(2).equals("*") || !m.group(3).matches("c?r?u?d?s?")))) {
			return Optional.empty();
		}
		Level level = Level.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
		String type = m.group(2).equals("*") ? null : m.group(2);
		EnumSet<Interaction> interactions = EnumSet.noneOf(Interaction.class);
		switch (m.group(3)) {
			case "read" -> interactions.addAll(EnumSet.of(Interaction.READ, Interaction.SEARCH));
			case "write" -> interactions.addAll(EnumSet.of(Interaction.CREATE, Interaction.UPDATE, Interaction.DELETE));
			case "*" -> interactions.addAll(EnumSet.allOf(Interaction.class));
			default -> m.group(3).chars().forEach(c -> interactions.add(Interaction.of((char) c)));
		}
		return Optional.of(new Scope(level, type, interactions, m.group(4)));
	}

	boolean grants(String resourceType, Interaction interaction) {
		return (type == null || type.equals(resourceType)) && interactions.contains(interaction);
	}
}

package org.custodian.coding;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The code sets, as the FHIR terminology operations and the coder's tools ask about them: a code's
 * details, whether it may be used on a date of service (the release in force that day, a billable
 * code not a header, the 7th character an ICD-10-CM code needs), a search of a release by words or
 * code, and the maps between systems. The release in force on a date is the latest whose effective
 * date is on or before it: a fiscal year's release, or its April update once that is loaded.
 */
@Service
public class Terminology {

	/** A concept as answered: its code as people write it, and where it sits. */
	public record Concept(String system, String version, String code, boolean selectable, String display,
			@Nullable String shortDisplay, @Nullable String parent, List<String> children) {}

	/** Whether a code may be used, why not if not, and what might have been meant. */
	public record Validation(boolean valid, String message, @Nullable String display, @Nullable String version,
			List<String> suggestions) {}

	/** A page of a search of one release. */
	public record Expansion(String system, String version, int total, int offset, List<Concept> concepts) {}

	/** A target of a map: the code in the other system, how close it is, and its combination scenario and choice. */
	public record Translation(String targetSystem, String code, @Nullable String display, String equivalence, int scenario,
			int choice) {}

	/** A release as loaded. */
	public record ReleaseInfo(String system, String version, LocalDate effective, String source, int concepts) {}

	private final TerminologyStore store;
	private final ShippedCodeSetLoading shipped;
	private final Clock clock;
	private final AtomicReference<List<TerminologyStore.Stored>> releases = new AtomicReference<>();

	Terminology(TerminologyStore store, ShippedCodeSetLoading shipped, Clock clock) {
		this.store = store;
		this.shipped = shipped;
		this.clock = clock;
	}

	public List<ReleaseInfo> releases() {
		return loaded().stream().map(r -> new ReleaseInfo(r.system(), r.version(), r.effective(), r.source(), r.concepts()))
				.toList();
	}

	public Optional<Concept> lookup(String system, String code, @Nullable LocalDate date) {
		TerminologyStore.Stored release = inForce(system, date);
		TerminologyStore.Row row = store.concept(release.id(), CodeSystems.stored(system, required(code)));
		return Optional.ofNullable(row).map(r -> concept(release, r, store.children(release.id(), r.code()).stream()
				.map(c -> CodeSystems.written(system, c.code())).toList()));
	}

	/**
	 * Whether {@code code} may be used on {@code date}: it exists in the release in force, and it is a
	 * complete (billable) code unless headers are allowed. An ICD-10-CM header whose children all add a
	 * 7th character names them; a code that is not there is compared with the codes the placeholder X
	 * would make of it ("T36.01A" is T36.0X1A).
	 */
	public Validation validate(String system, String code, @Nullable LocalDate date, @Nullable String display,
			boolean headersAllowed) {
		TerminologyStore.Stored release = inForce(system, date);
		String stored = CodeSystems.stored(system, required(code));
		String shown = CodeSystems.written(system, stored);
		String when = date == null ? "today" : "on " + date;
		List<TerminologyStore.Row> found = store.withChildren(release.id(), stored);
		TerminologyStore.Row row = found.isEmpty() || !found.get(0).code().equals(stored) ? null : found.get(0);
		if (row == null) {
			List<String> suggestions = system.equals(CodeSystems.ICD10CM) ? placeholders(release, stored) : List.of();
			return new Validation(false, shown + " is not a code of " + name(system) + " " + release.version()
					+ " (in force " + when + ")" + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ",
							suggestions) + "?"), null, release.version(), suggestions);
		}
		if (!row.selectable() && !headersAllowed) {
			List<TerminologyStore.Row> children = found.subList(1, found.size());
			boolean seventh = system.equals(CodeSystems.ICD10CM) && !children.isEmpty() && children.stream()
					.allMatch(c -> c.code().length() == 7);
			String why = seventh ? " needs a 7th character: " + String.join(", ", children.stream().map(c -> c.code().substring(6)
					+ " (" + extension(row.display(), c.display()) + ")").toList()) : " is a header, not a complete code: code to the"
							+ " highest specificity (" + children.size() + " codes below it)";
			why += " in " + name(system) + " " + release.version() + " (in force " + when + ")";
			return new Validation(false, shown + why, row.display(), release.version(), children.stream().map(c -> CodeSystems
					.written(system, c.code())).toList());
		}
		String message = shown + " is valid " + when + " (" + name(system) + " " + release.version() + ")";
		if (display != null && !display.isBlank() && !display.trim().equalsIgnoreCase(row.display())
				&& !display.trim().equalsIgnoreCase(row.shortDisplay())) {
			message += "; the display given is not its title, which is \"" + row.display() + "\"";
		}
		return new Validation(true, message, row.display(), release.version(), List.of());
	}

	/** Searches the release in force: every word as a word's beginning, or the code's beginning; under {@code isa} if given. */
	public Expansion expand(String system, @Nullable String isa, @Nullable String filter, @Nullable LocalDate date,
			boolean selectableOnly, int offset, int count) {
		TerminologyStore.Stored release = inForce(system, date);
		String query = null;
		String codePrefix = null;
		if (filter != null && !filter.isBlank()) {
			List<String> words = new ArrayList<>();
			for (String w : filter.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
				if (!w.isEmpty()) {
					words.add(w + ":*");
				}
			}
			query = words.isEmpty() ? null : String.join(" & ", words);
			String compact = CodeSystems.stored(system, filter.trim());
			codePrefix = compact.matches("[A-Za-z0-9.]{2,8}") && compact.chars().anyMatch(Character::isDigit) ? compact : null;
		}
		TerminologyStore.Page page = store.search(release.id(), isa == null ? null : CodeSystems.stored(system, isa), query,
				codePrefix, selectableOnly, Math.max(0, offset), Math.max(0, Math.min(count, 1000)));
		return new Expansion(system, release.version(), page.total(), offset, page.rows().stream().map(r -> concept(release, r,
				List.of())).toList());
	}

	/** The codes {@code code} maps to in {@code target} (any target when null), with the target's titles on {@code date}. */
	public List<Translation> translate(String system, String code, @Nullable String target, @Nullable LocalDate date) {
		shipped.ensureLoaded();
		List<Translation> out = new ArrayList<>();
		for (TerminologyStore.Translation t : store.translations(system, CodeSystems.stored(system, required(code)), target)) {
			String display = null;
			if (!t.entry().target().isEmpty() && hasRelease(t.targetSystem(), date)) {
				TerminologyStore.Row row = store.concept(inForce(t.targetSystem(), date).id(), t.entry().target());
				display = row == null ? null : row.display();
			}
			out.add(new Translation(t.targetSystem(), t.entry().target().isEmpty() ? "" : CodeSystems.written(t.targetSystem(),
					t.entry().target()), display, t.entry().equivalence(), t.entry().scenario(), t.entry().choice()));
		}
		return out;
	}

	/** Loads a release (an April update, a licensed code set); false when that version was already loaded. */
	public boolean load(Release release, String by) {
		boolean written = store.save(release, by, clock.instant());
		releases.set(null);
		return written;
	}

	/** Loads the Alphabetic Index of the ICD-10-CM release {@code version} (replacing one loaded before); answers its entries. */
	public int loadIndex(String version, java.nio.file.Path file) {
		TerminologyStore.Stored release = loaded().stream().filter(r -> r.system().equals(CodeSystems.ICD10CM) && r.version()
				.equals(version)).findFirst().orElseThrow(() -> new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID,
						"No ICD-10-CM release " + version + " is loaded to attach its index to"));
		return store.saveIndex(release.id(), AlphabeticIndex.read(file));
	}

	private List<TerminologyStore.Stored> loaded() {
		shipped.ensureLoaded();
		List<TerminologyStore.Stored> known = releases.get();
		if (known == null) {
			known = store.releases();
			releases.set(known);
		}
		return known;
	}

	private boolean hasRelease(String system, @Nullable LocalDate date) {
		LocalDate day = date == null ? LocalDate.now(clock) : date;
		return loaded().stream().anyMatch(r -> r.system().equals(system) && !r.effective().isAfter(day));
	}

	/** The release in force on the date (today when none is given): the latest that took effect by then. */
	TerminologyStore.Stored inForce(String system, @Nullable LocalDate date) {
		LocalDate day = date == null ? LocalDate.now(clock) : date;
		List<TerminologyStore.Stored> ofSystem = loaded().stream().filter(r -> r.system().equals(system)).toList();
		if (ofSystem.isEmpty()) {
			throw new CustodianException.Invalid(ErrorCode.UNKNOWN_CODE_SYSTEM, "No release of " + system + " is loaded;"
					+ " known code systems: " + String.join(", ", loaded().stream().map(TerminologyStore.Stored::system)
							.distinct().toList()));
		}
		return ofSystem.stream().filter(r -> !r.effective().isAfter(day)).max(Comparator.comparing(
				TerminologyStore.Stored::effective)).orElseThrow(() -> new CustodianException.Invalid(ErrorCode.NO_RELEASE_IN_FORCE,
						"No release of " + name(system) + " was in force on " + day + "; the earliest loaded took effect on "
								+ ofSystem.get(0).effective()));
	}

	/**
	 * Codes the ICD-10-CM placeholder X would make of a code missing it: X inserted after the
	 * category, once or more, until the code has its 7 characters (asked in one round trip).
	 */
	private List<String> placeholders(TerminologyStore.Stored release, String code) {
		if (code.length() < 4 || code.length() >= 7) {
			return List.of();
		}
		java.util.Set<String> candidates = new java.util.LinkedHashSet<>();
		for (int at = 3; at < code.length(); at++) {
			String candidate = code.substring(0, at) + "X".repeat(7 - code.length()) + code.substring(at);
			candidates.add(candidate);
		}
		return store.existing(release.id(), List.copyOf(candidates)).stream().map(c -> CodeSystems.written(CodeSystems.ICD10CM,
				c)).toList();
	}

	private static Concept concept(TerminologyStore.Stored release, TerminologyStore.Row r, List<String> children) {
		return new Concept(release.system(), release.version(), CodeSystems.written(release.system(), r.code()), r.selectable(),
				r.display(), r.shortDisplay(), r.parent() == null ? null : CodeSystems.written(release.system(), r.parent()),
				children);
	}

	/** What a 7th character adds to its code's title: the child's title past the parent's ("initial encounter for …"). */
	private static String extension(String parent, String child) {
		if (child.startsWith(parent)) {
			String rest = child.substring(parent.length()).trim();
			return rest.startsWith(",") ? rest.substring(1).trim() : rest;
		}
		return lastPart(child);
	}

	private static String lastPart(String title) {
		int comma = title.lastIndexOf(", ");
		return comma < 0 ? title : title.substring(comma + 2);
	}

	private static String required(@Nullable String code) {
		if (code == null || code.isBlank()) {
			throw new CustodianException.Invalid(ErrorCode.TERMINOLOGY_REQUEST_INVALID, "Give the code");
		}
		return code;
	}

	/** The code system's name as people say it ("ICD-10-CM"), or its URI when it has none here. */
	public static String name(String system) {
		return switch (system) {
			case CodeSystems.ICD10CM -> "ICD-10-CM";
			case CodeSystems.ICD9CM -> "ICD-9-CM";
			case CodeSystems.HCPCS -> "HCPCS Level II";
			case CodeSystems.CPT -> "CPT";
			case CodeSystems.LOINC -> "LOINC";
			case CodeSystems.SNOMED -> "SNOMED CT";
			case CodeSystems.RXNORM -> "RxNorm";
			default -> system;
		};
	}
}

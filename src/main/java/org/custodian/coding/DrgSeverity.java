package org.custodian.coding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The severity an inpatient stay's secondary diagnoses give it under MS-DRG: a major complication or
 * comorbidity (MCC), a complication or comorbidity (CC), or neither. Read from the CMS MS-DRG v40.0
 * Definitions Manual (Appendix G, the CC list; Appendix H, the MCC list, with its part 2 of codes that
 * are an MCC only when the patient leaves alive), shipped with the product.
 *
 * <p>What the grouper does and this does not: the CC exclusion lists (Appendix C, which say that a
 * secondary closely related to the principal diagnosis does not count) are not published as data, so a
 * secondary is taken as excluded when it shares the principal's three-character category, the most
 * common case of an exclusion; the hospital-acquired conditions not present on admission are not
 * demoted; and codes new since FY2023 are in neither list. Measured against the official v43 grouper's
 * output in {@code ../shared}, see the README.
 */
public final class DrgSeverity {

	/** The lists' version, as the report names it. */
	public static final String VERSION = "MS-DRG v40.0";

	/** The severity of a stay, or of one secondary diagnosis. */
	public enum Level {
		MCC, CC, NONE
	}

	/** How one secondary diagnosis counted, in the grouper's words. */
	public enum Flag {
		MCC, CC, MCC_EXCLUDED, CC_EXCLUDED, NEITHER
	}

	/** A stay's severity and how each secondary counted, in the order given. */
	public record Graded(Level level, List<Flag> secondaries) {}

	private static final DrgSeverity SHIPPED = load("/coding/ms-drg/msdrg_v40_appendix_F_I.txt.gz");

	private final Set<String> cc;
	private final Set<String> mcc;
	private final Set<String> mccIfAlive;

	private DrgSeverity(Set<String> cc, Set<String> mcc, Set<String> mccIfAlive) {
		this.cc = cc;
		this.mcc = mcc;
		this.mccIfAlive = mccIfAlive;
	}

	/** The lists shipped with the product. */
	public static DrgSeverity shipped() {
		return SHIPPED;
	}

	/**
	 * Grades a stay: its principal diagnosis, its secondaries, and whether the patient died (the part-2
	 * codes are then neither). Codes with or without their dot.
	 */
	public Graded grade(String principal, List<String> secondaries, boolean expired) {
		String first = plain(principal);
		Level level = Level.NONE;
		List<Flag> flags = new ArrayList<>();
		for (String s : secondaries) {
			String code = plain(s);
			Level own = mcc.contains(code) || (!expired && mccIfAlive.contains(code)) ? Level.MCC : cc.contains(code)
					? Level.CC : Level.NONE;
			boolean excluded = own != Level.NONE && code.regionMatches(0, first, 0, 3);
			flags.add(own == Level.NONE ? Flag.NEITHER : excluded ? (own == Level.MCC ? Flag.MCC_EXCLUDED : Flag.CC_EXCLUDED)
					: own == Level.MCC ? Flag.MCC : Flag.CC);
			if (!excluded && own.ordinal() < level.ordinal()) {
				level = own;
			}
		}
		return new Graded(level, flags);
	}

	private static String plain(String code) {
		return code.replace(".", "").trim().toUpperCase(java.util.Locale.ROOT);
	}

	/** Reads Appendices G and H: each listed code is indented two spaces, then its title. */
	static DrgSeverity load(String resource) {
		Set<String> cc = new HashSet<>();
		Set<String> mcc = new HashSet<>();
		Set<String> alive = new HashSet<>();
		try (InputStream in = DrgSeverity.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("The MS-DRG lists are missing from the product: " + resource);
			}
			BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.US_ASCII));
			Set<String> into = null;
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (line.contains("Appendix G Diagnoses")) {
					into = cc;
				} else if (line.contains("Appendix H Diagnoses")) {
					into = mcc;
				} else if (line.startsWith("Appendix H Part 2")) {
					into = alive;
				} else if (line.contains("Appendix I ")) {
					into = null;
				} else if (into != null && line.startsWith("  ") && line.length() > 3 && Character.isLetter(line.charAt(2))) {
					int end = line.indexOf(' ', 2);
					into.add(end < 0 ? line.substring(2).trim() : line.substring(2, end));
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		mcc.removeAll(alive);
		return new DrgSeverity(Set.copyOf(cc), Set.copyOf(mcc), Set.copyOf(alive));
	}

	int ccCount() {
		return cc.size();
	}

	int mccCount() {
		return mcc.size() + mccIfAlive.size();
	}
}

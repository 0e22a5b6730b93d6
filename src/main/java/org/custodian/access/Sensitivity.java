package org.custodian.access;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The kinds of sensitive information a security label on a resource can mark, each a bit of the
 * resource's {@code sensitivity} mask (kept on its head row, so that the gate's test is one
 * comparison in SQL, not a look-up per row). A caller sees a labelled resource only with clearance
 * for every kind its labels mark.
 */
public enum Sensitivity {
	/** Confidentiality R: restricted. */
	RESTRICTED(0, coding(CONFIDENTIALITY.SYSTEM, "R")),
	/** Confidentiality V: very restricted (for example a VIP's or an employee's record). */
	VERY_RESTRICTED(1, coding(CONFIDENTIALITY.SYSTEM, "V")),
	HIV(2, coding(ACT_CODE.SYSTEM, "HIV")),
	/** Psychiatry and behavioural health, psychotherapy notes (PSYTHPN) among them. */
	MENTAL_HEALTH(3, coding(ACT_CODE.SYSTEM, "PSY"), coding(ACT_CODE.SYSTEM, "BH"), coding(ACT_CODE.SYSTEM, "PSYTHPN")),
	/** Substance use disorder treatment records, protected by 42 CFR Part 2. */
	SUBSTANCE_USE(4, coding(ACT_CODE.SYSTEM, "ETH"), coding(ACT_CODE.SYSTEM, "SUD"),
			coding(ACT_CODE.SYSTEM, "42CFRPart2")),
	/** Sexuality, reproductive health and sexually transmitted disease. */
	SEXUAL_AND_REPRODUCTIVE(5, coding(ACT_CODE.SYSTEM, "SEX"), coding(ACT_CODE.SYSTEM, "STD")),
	/** Sexual assault, abuse or domestic violence. */
	ABUSE(6, coding(ACT_CODE.SYSTEM, "SDV"));

	/** A label as {@code system|code}. */
	public record Label(String system, String code) {
	}

	private static final class CONFIDENTIALITY {
		static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
	}

	private static final class ACT_CODE {
		static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	}

	private final int bit;
	private final List<Label> labels;

	Sensitivity(int bit, Label... labels) {
		this.bit = bit;
		this.labels = List.of(labels);
	}

	public int mask() {
		return 1 << bit;
	}

	public List<Label> labels() {
		return labels;
	}

	/** The mask of the sensitivities that these labels (system, code pairs) mark. */
	public static int maskOf(Iterable<Label> labels) {
		int mask = 0;
		for (Label label : labels) {
			Sensitivity s = of(label.system(), label.code());
			if (s != null) {
				mask |= s.mask();
			}
		}
		return mask;
	}

	public static @Nullable Sensitivity of(@Nullable String system, @Nullable String code) {
		for (Sensitivity s : values()) {
			for (Label label : s.labels) {
				if (label.system().equals(system) && label.code().equals(code)) {
					return s;
				}
			}
		}
		return null;
	}

	static int maskOf(Set<Sensitivity> sensitivities) {
		int mask = 0;
		for (Sensitivity s : sensitivities) {
			mask |= s.mask();
		}
		return mask;
	}

	static Set<Sensitivity> all() {
		return EnumSet.allOf(Sensitivity.class);
	}

	private static Label coding(String system, String code) {
		return new Label(system, code);
	}
}

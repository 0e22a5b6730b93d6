package org.custodian.quality;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.context.FhirContext;

/**
 * The data-quality checks a record passes, each with a stable name and a severity: demographics US
 * Core requires of a patient (an identifier, a name, a sex, a birth date), vital signs outside the
 * range a living person can have, dates in the future, a stay that ends before it starts, quantities
 * without a unit, and codes that are not codes of their system (ICD-10-CM looked up in the loaded
 * releases; LOINC and SNOMED CT by their check digits, which need no licensed content).
 */
public final class QualityChecks {

	public static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
	public static final String LOINC = "http://loinc.org";
	public static final String SNOMED = "http://snomed.info/sct";

	/** A problem found in a record. */
	public record Issue(String check, String severity, String detail) {}

	/** A vital sign's plausible range, in the unit it is compared in, and the units converted to it. */
	record Range(String name, double low, double high, String unit, Map<String, BiFunction<Double, String, Double>> from) {}

	private static final BiFunction<Double, String, Double> SAME = (v, u) -> v;

	/** Vital signs by LOINC code: the widest values a living patient has been recorded with, not normal ranges. */
	static final Map<String, Range> VITALS = Map.of(
			"8867-4", new Range("heart rate", 10, 350, "/min", Map.of("/min", SAME, "{beats}/min", SAME)),
			"9279-1", new Range("respiratory rate", 2, 100, "/min", Map.of("/min", SAME, "{breaths}/min", SAME)),
			"8310-5", new Range("body temperature", 20, 46, "Cel", Map.of("Cel", SAME, "[degF]", (v, u) -> (v - 32) * 5 / 9)),
			"8480-6", new Range("systolic blood pressure", 30, 320, "mm[Hg]", Map.of("mm[Hg]", SAME)),
			"8462-4", new Range("diastolic blood pressure", 10, 220, "mm[Hg]", Map.of("mm[Hg]", SAME)),
			"59408-5", new Range("oxygen saturation", 30, 100, "%", Map.of("%", SAME)),
			"2708-6", new Range("oxygen saturation", 30, 100, "%", Map.of("%", SAME)),
			"29463-7", new Range("body weight", 0.2, 650, "kg", Map.of("kg", SAME, "g", (v, u) -> v / 1000, "[lb_av]",
					(v, u) -> v * 0.45359237)),
			"8302-2", new Range("body height", 15, 275, "cm", Map.of("cm", SAME, "m", (v, u) -> v * 100, "[in_i]", (v, u) -> v
					* 2.54)),
			"39156-5", new Range("body mass index", 5, 200, "kg/m2", Map.of("kg/m2", SAME)));

	/** How far ahead of now a date may be (clocks and time zones) before it is in the future. */
	static final Duration TOLERANCE = Duration.ofDays(1);

	/** Whether an ICD-10-CM code exists on a date: true, false, or null when no release can say. */
	@FunctionalInterface
	public interface Icd10cm {
		@Nullable Boolean exists(String code, @Nullable LocalDate on);
	}

	private final FhirContext ctx;
	private final Icd10cm icd10cm;

	public QualityChecks(FhirContext ctx, Icd10cm icd10cm) {
		this.ctx = ctx;
		this.icd10cm = icd10cm;
	}

	/** Every issue the record has, as of {@code now}. */
	public List<Issue> check(IBaseResource r, Instant now) {
		List<Issue> out = new ArrayList<>();
		Instant future = now.plus(TOLERANCE);
		if (r instanceof Patient p) {
			if (!p.hasIdentifier()) {
				out.add(new Issue("patient-identifier", "error", "no identifier (US Core requires one)"));
			}
			if (!p.hasName() || p.getName().stream().noneMatch(n -> n.hasFamily() || n.hasGiven())) {
				out.add(new Issue("patient-name", "error", "no name"));
			}
			if (!p.hasGender()) {
				out.add(new Issue("patient-sex", "error", "no administrative sex (US Core requires it, unknown if unknown)"));
			}
			if (!p.hasBirthDate()) {
				out.add(new Issue("patient-birth-date", "warning", "no birth date"));
			}
			future(out, "birth date", p.getBirthDate(), future);
		} else if (r instanceof Observation o) {
			observation(o, out, future);
		} else if (r instanceof Encounter e) {
			if (e.getPeriod().hasStart() && e.getPeriod().hasEnd() && e.getPeriod().getEnd().before(e.getPeriod().getStart())) {
				out.add(new Issue("ends-before-start", "error", "ends (" + e.getPeriod().getEndElement().getValueAsString()
						+ ") before it starts (" + e.getPeriod().getStartElement().getValueAsString() + ")"));
			}
			future(out, "start", e.getPeriod().getStart(), future);
		} else if (r instanceof Condition c) {
			future(out, "onset", c.hasOnsetDateTimeType() ? c.getOnsetDateTimeType().getValue() : null, future);
			future(out, "recorded date", c.getRecordedDate(), future);
		} else if (r instanceof Procedure p) {
			future(out, "performed date", p.hasPerformedDateTimeType() ? p.getPerformedDateTimeType().getValue() : p
					.hasPerformedPeriod() ? p.getPerformedPeriod().getStart() : null, future);
		} else if (r instanceof Immunization i) {
			future(out, "occurrence", i.hasOccurrenceDateTimeType() ? i.getOccurrenceDateTimeType().getValue() : null, future);
		} else if (r instanceof MedicationRequest m) {
			future(out, "authored date", m.getAuthoredOn(), future);
		} else if (r instanceof DocumentReference d) {
			future(out, "date", d.getDate(), future);
		} else if (r instanceof AllergyIntolerance a) {
			future(out, "recorded date", a.getRecordedDate(), future);
		}
		codes(r, out, when(r));
		return out;
	}

	private void observation(Observation o, List<Issue> out, Instant future) {
		future(out, "effective date", o.hasEffectiveDateTimeType() ? o.getEffectiveDateTimeType().getValue() : o
				.hasEffectivePeriod() ? o.getEffectivePeriod().getStart() : null, future);
		List<Observation.ObservationComponentComponent> parts = o.getComponent();
		quantity(o.getCode().getCoding(), o.hasValueQuantity() ? o.getValueQuantity() : null, out);
		for (Observation.ObservationComponentComponent c : parts) {
			quantity(c.getCode().getCoding(), c.hasValueQuantity() ? c.getValueQuantity() : null, out);
		}
	}

	private static void quantity(List<Coding> code, @Nullable Quantity q, List<Issue> out) {
		if (q == null || !q.hasValue()) {
			return;
		}
		String unit = q.hasCode() ? q.getCode() : q.getUnit();
		if (unit == null || unit.isBlank()) {
			out.add(new Issue("no-unit", "error", "a quantity (" + q.getValue().stripTrailingZeros().toPlainString() + ") without a unit"));
			return;
		}
		for (Coding c : code) {
			Range range = LOINC.equals(c.getSystem()) ? VITALS.get(c.getCode()) : null;
			if (range == null) {
				continue;
			}
			BiFunction<Double, String, Double> convert = range.from().get(unit);
			if (convert == null) {
				out.add(new Issue("vital-sign-unit", "warning", range.name() + " in " + unit + ", a unit it is not recorded in"));
				return;
			}
			double value = convert.apply(q.getValue().doubleValue(), unit);
			if (value < range.low() || value > range.high()) {
				out.add(new Issue("vital-sign-range", "error", range.name() + " of " + q.getValue().stripTrailingZeros().toPlainString() + " " + unit
						+ " is outside what a living patient can have (" + fmt(range.low()) + " to " + fmt(range.high()) + " "
						+ range.unit() + ")"));
			}
			return;
		}
	}

	private static String fmt(double d) {
		return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
	}

	private static void future(List<Issue> out, String what, @Nullable Date date, Instant future) {
		if (date != null && date.toInstant().isAfter(future)) {
			out.add(new Issue("future-date", "error", what + " " + date.toInstant().toString().substring(0, 10) + " is in the"
					+ " future"));
		}
	}

	private void codes(IBaseResource r, List<Issue> out, @Nullable LocalDate on) {
		for (Coding c : ctx.newTerser().getAllPopulatedChildElementsOfType(r, Coding.class)) {
			if (c.getCode() == null || c.getSystem() == null) {
				continue;
			}
			String problem = switch (c.getSystem()) {
				case LOINC -> CheckDigits.loinc(c.getCode()) ? null : "is not a LOINC code (its check digit is wrong)";
				case SNOMED -> CheckDigits.snomed(c.getCode()) ? null : "is not a SNOMED CT identifier (its check digit is wrong)";
				case ICD10CM -> {
					Boolean exists = icd10cm.exists(c.getCode(), on);
					yield exists == null || exists ? null : "is not an ICD-10-CM code" + (on == null ? "" : " on " + on);
				}
				default -> null;
			};
			if (problem != null) {
				out.add(new Issue("invalid-code", "error", c.getCode() + " " + problem));
			}
		}
	}

	/** The date a record's codes are judged on: when it happened or was recorded. */
	private static @Nullable LocalDate when(IBaseResource r) {
		Date d = r instanceof Condition c ? (c.hasRecordedDate() ? c.getRecordedDate() : c.hasOnsetDateTimeType() ? c
				.getOnsetDateTimeType().getValue() : null) : r instanceof Encounter e ? e.getPeriod().getStart() : r instanceof Procedure p
						&& p.hasPerformedDateTimeType() ? p.getPerformedDateTimeType().getValue() : null;
		return d == null ? null : LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC);
	}

	/** Where a record came from: its {@code meta.source}, without the request id part. */
	public static String source(IBaseResource r) {
		String s = ((Resource) r).getMeta().getSource();
		if (s == null || s.isBlank()) {
			return "not recorded";
		}
		int hash = s.indexOf('#');
		return hash < 0 ? s : hash == 0 ? "not recorded" : s.substring(0, hash);
	}
}

package org.custodian.disclosure;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;

/**
 * A record as a person reads it on paper: a heading (what and when) and its lines, for the kinds of
 * record a release most often holds; for the others, their narrative and their elements in plain
 * words ({@link PlainElements}). Never raw JSON.
 */
public final class ResourceLines {

	/** One record, for people: its heading, when it happened (for ordering and periods), and its lines. */
	record Rendered(String heading, @Nullable LocalDate when, List<String> lines) {}

	private ResourceLines() {}

	/** How a record is named to people in one line: its heading and, when it has one, its date. */
	public static String heading(IBaseResource r) {
		Rendered rendered = of(r);
		return rendered.heading() + (rendered.when() == null ? "" : " (" + rendered.when() + ")");
	}

	static Rendered of(IBaseResource r) {
		List<String> lines = new ArrayList<>();
		if (r instanceof Condition c) {
			lines.add("Status: " + code(c.getClinicalStatus()));
			return new Rendered("Problem: " + concept(c.getCode()), date(c.hasOnsetDateTimeType() ? c.getOnsetDateTimeType()
					.getValue() : c.getRecordedDate()), lines);
		}
		if (r instanceof Observation o) {
			if (o.hasValue() || !o.hasComponent()) {
				lines.add("Result: " + value(o.getValue()));
			}
			o.getComponent().forEach(c -> lines.add(concept(c.getCode()) + ": " + value(c.getValue())));
			if (o.hasInterpretation()) {
				lines.add("Interpretation: " + concept(o.getInterpretationFirstRep()));
			}
			return new Rendered("Observation: " + concept(o.getCode()), date(o.hasEffectiveDateTimeType()
					? o.getEffectiveDateTimeType().getValue() : o.hasEffectivePeriod() ? o.getEffectivePeriod().getStart() : null),
					lines);
		}
		if (r instanceof Encounter e) {
			lines.add("Class: " + (e.hasClass_() ? e.getClass_().getDisplay() != null ? e.getClass_().getDisplay()
					: e.getClass_().getCode() : "-"));
			if (e.hasPeriod() && e.getPeriod().hasEnd()) {
				lines.add("Ended: " + date(e.getPeriod().getEnd()));
			}
			if (e.hasReasonCode()) {
				lines.add("Reason: " + concept(e.getReasonCodeFirstRep()));
			}
			return new Rendered("Encounter: " + (e.hasType() ? concept(e.getTypeFirstRep()) : "visit"),
					date(e.hasPeriod() ? e.getPeriod().getStart() : null), lines);
		}
		if (r instanceof MedicationRequest m) {
			lines.add("Status: " + (m.hasStatus() ? m.getStatus().toCode() : "-"));
			if (m.hasDosageInstruction() && m.getDosageInstructionFirstRep().hasText()) {
				lines.add("Instructions: " + m.getDosageInstructionFirstRep().getText());
			}
			return new Rendered("Medication: " + (m.hasMedicationCodeableConcept() ? concept(m.getMedicationCodeableConcept())
					: m.getMedicationReference().hasDisplay() ? m.getMedicationReference().getDisplay() : "-"),
					date(m.getAuthoredOn()), lines);
		}
		if (r instanceof AllergyIntolerance a) {
			if (a.hasCriticality()) {
				lines.add("Criticality: " + a.getCriticality().toCode());
			}
			return new Rendered("Allergy: " + concept(a.getCode()), date(a.getRecordedDate()), lines);
		}
		if (r instanceof Procedure p) {
			lines.add("Status: " + (p.hasStatus() ? p.getStatus().toCode() : "-"));
			return new Rendered("Procedure: " + concept(p.getCode()), date(p.hasPerformedDateTimeType()
					? p.getPerformedDateTimeType().getValue() : p.hasPerformedPeriod() ? p.getPerformedPeriod().getStart() : null),
					lines);
		}
		if (r instanceof Immunization i) {
			return new Rendered("Immunization: " + concept(i.getVaccineCode()), date(i.hasOccurrenceDateTimeType()
					? i.getOccurrenceDateTimeType().getValue() : null), lines);
		}
		if (r instanceof DiagnosticReport d) {
			if (d.hasConclusion()) {
				lines.add("Conclusion: " + d.getConclusion());
			}
			return new Rendered("Report: " + concept(d.getCode()), date(d.hasEffectiveDateTimeType()
					? d.getEffectiveDateTimeType().getValue() : d.getIssued()), lines);
		}
		if (r instanceof DocumentReference d) {
			d.getContent().forEach(c -> {
				if (c.getAttachment().hasData() && c.getAttachment().getContentType() != null
						&& c.getAttachment().getContentType().startsWith("text/")) {
					for (String line : new String(c.getAttachment().getData(), StandardCharsets.UTF_8).split("\\R")) {
						lines.add(line);
					}
				} else if (c.getAttachment().hasUrl() || c.getAttachment().hasData()) {
					lines.add("[" + (c.getAttachment().getContentType() == null ? "attachment"
							: c.getAttachment().getContentType()) + " attached: " + (c.getAttachment().hasTitle()
									? c.getAttachment().getTitle() : "untitled") + "]");
				}
			});
			return new Rendered("Document: " + (d.hasDescription() ? d.getDescription() : concept(d.getType())), date(d.getDate()),
					lines);
		}
		if (r instanceof Patient p) {
			lines.add("Born: " + (p.hasBirthDate() ? date(p.getBirthDate()) : "-"));
			return new Rendered("Patient: " + (p.hasName() ? p.getNameFirstRep().getNameAsSingleString() : "-"), null, lines);
		}
		if (r instanceof DomainResource d && d.hasText() && d.getText().hasDiv()) {
			lines.add(d.getText().getDiv().allText().trim());
		}
		LocalDate when = null;
		if (r instanceof org.hl7.fhir.r4.model.Base b) {
			lines.addAll(PlainElements.of(b));
			when = PlainElements.firstDate(b);
		}
		return new Rendered(words(r.fhirType()), when, lines);
	}

	/** "ExplanationOfBenefit" as "Explanation of benefit". */
	static String words(String name) {
		String spaced = name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
		return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
	}

	private static String concept(@Nullable CodeableConcept c) {
		if (c == null || c.isEmpty()) {
			return "-";
		}
		if (c.hasText()) {
			return c.getText();
		}
		return c.getCoding().stream().map(x -> x.hasDisplay() ? x.getDisplay() : x.getCode()).findFirst().orElse("-");
	}

	private static String code(@Nullable CodeableConcept c) {
		return c == null || c.isEmpty() ? "-" : c.getCodingFirstRep().getCode();
	}

	private static String value(@Nullable Type v) {
		if (v == null || v.isEmpty()) {
			return "-";
		}
		if (v instanceof Quantity q) {
			return q.getValue().stripTrailingZeros().toPlainString() + " " + (q.hasUnit() ? q.getUnit() : q.getCode());
		}
		if (v instanceof CodeableConcept c) {
			return concept(c);
		}
		return v.primitiveValue() == null ? v.fhirType() : v.primitiveValue();
	}

	private static @Nullable LocalDate date(@Nullable Date d) {
		return d == null ? null : LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC);
	}
}

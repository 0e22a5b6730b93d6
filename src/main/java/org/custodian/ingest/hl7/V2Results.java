package org.custodian.ingest.hl7;

import java.math.BigDecimal;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

import ca.uhn.hl7v2.util.Terser;

/**
 * An ORU^R01's results as FHIR: each order (OBR) a DiagnosticReport, each of its observations (OBX) an
 * Observation, found again by the filler's order number so that a corrected result replaces the one
 * it corrects instead of adding a second.
 */
final class V2Results {

	private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
	private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/v2-0074";

	private final V2Records records;

	V2Results(V2Records records) {
		this.records = records;
	}

	void apply(AccessContext access, Terser t, String facility, List<String> written) {
		for (int r = 0; r < 100; r++) {
			String group = "/PATIENT_RESULT(" + r + ")";
			if (r > 0 && V2Fields.get(t, group + "/PATIENT/PID-3-1") == null && V2Fields.get(t, group
					+ "/ORDER_OBSERVATION(0)/OBR-4-1") == null) {
				return;
			}
			patientResult(access, t, group, facility, written);
		}
	}

	/** One patient's results: every patient of the message is applied, not only the first. */
	private void patientResult(AccessContext access, Terser t, String group, String facility, List<String> written) {
		String patient = records.patient(access, t, group + "/PATIENT/PID", facility, written);
		for (int o = 0; o < 100; o++) {
			String obr = group + "/ORDER_OBSERVATION(" + o + ")/OBR";
			if (V2Fields.get(t, obr + "-4-1") == null && V2Fields.get(t, obr + "-4-2") == null) {
				if (o == 0) {
					throw new V2Exception("The message has no order (OBR-4) to report results for");
				}
				return;
			}
			String order = V2Fields.get(t, obr + "-3-1");
			if (order == null) {
				order = V2Fields.get(t, obr + "-2-1");
			}
			String authority = V2Fields.get(t, obr + "-3-2");
			Identifier filler = order == null ? null : new Identifier().setSystem("urn:custodian:hl7:order:" + facility.replace(' ',
					'_') + (authority == null ? "" : ":" + authority.replace(' ', '_'))).setValue(order);
			StoredVersion known = filler == null ? null : records.byIdentifier(access, "DiagnosticReport", List.of(filler));
			DiagnosticReport report = known == null ? new DiagnosticReport() : (DiagnosticReport) known.resource();
			if (filler != null && !report.hasIdentifier()) {
				report.addIdentifier(filler);
			}
			report.setSubject(new Reference(patient));
			report.setCode(V2Fields.concept(t, obr + "-4"));
			report.getCategory().clear();
			report.addCategory(new CodeableConcept(new Coding(CATEGORY, "LAB", "Laboratory")));
			report.setStatus(reportStatus(V2Fields.get(t, obr + "-25")));
			DateTimeType when = records.time(t, obr + "-7");
			if (when != null) {
				report.setEffective(when);
			}
			DateTimeType issued = records.time(t, obr + "-22");
			if (issued != null) {
				report.setIssuedElement(new org.hl7.fhir.r4.model.InstantType(issued.getValueAsString().length() > 10 ? issued
						.getValueAsString() : issued.getValueAsString() + "T00:00:00Z"));
			}
			report.getResult().clear();
			java.util.Map<String, Integer> seen = new java.util.HashMap<>();
			List<RecordStore.Put> puts = new java.util.ArrayList<>();
			for (int x = 0; x < 500; x++) {
				String obx = group + "/ORDER_OBSERVATION(" + o + ")/OBSERVATION(" + x + ")/OBX";
				if (V2Fields.get(t, obx + "-3-1") == null && V2Fields.get(t, obx + "-3-2") == null) {
					break;
				}
				// An observation is the order's result for its code and sub-id (OBX-3, OBX-4), wherever a correction puts it.
				String analyte = V2Fields.get(t, obx + "-3-1") != null ? V2Fields.get(t, obx + "-3-1") : V2Fields.get(t, obx + "-3-2");
				String sub = V2Fields.get(t, obx + "-4");
				// Lines of a text report repeat one code with no sub-id: each is told apart by its place among them, so a
				// corrected report replaces them line for line.
				String key = analyte + (sub == null ? "" : "|" + sub);
				int nth = seen.merge(key, 1, Integer::sum);
				Identifier id = filler == null ? null : new Identifier().setSystem(filler.getSystem() + ":obx").setValue(filler
						.getValue() + "|" + key + (nth == 1 ? "" : "|#" + nth));
				// A new order's observations are new too (their identifiers are the order's): only a known one is looked for.
				StoredVersion was = id == null || known == null ? null : records.byIdentifier(access, "Observation", List.of(id));
				Observation observation = observation(t, obx, patient, when, was == null ? new Observation() : (Observation) was
						.resource());
				if (id != null && !observation.hasIdentifier()) {
					observation.addIdentifier(id);
				}
				String observationId = was == null ? RecordStore.newId() : was.id();
				puts.add(new RecordStore.Put("Observation", observationId, observation));
				report.addResult(new Reference("Observation/" + observationId));
			}
			// The report and its results are written together: one round of statements for the order, not one per result.
			puts.add(new RecordStore.Put("DiagnosticReport", known == null ? RecordStore.newId() : known.id(), report));
			records.writeAll(access, puts, written);
		}
	}

	private Observation observation(Terser t, String obx, String patient, @Nullable DateTimeType orderTime, Observation o) {
		o.setSubject(new Reference(patient));
		o.setCode(V2Fields.concept(t, obx + "-3"));
		o.getCategory().clear();
		o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory",
				"Laboratory")));
		o.setStatus(observationStatus(V2Fields.get(t, obx + "-11")));
		DateTimeType when = records.time(t, obx + "-14");
		o.setEffective(when != null ? when : orderTime);
		String type = V2Fields.get(t, obx + "-2");
		String value = V2Fields.get(t, obx + "-5-1");
		o.setValue(null);
		if (value != null) {
			if ("NM".equals(type)) {
				try {
					Quantity q = new Quantity().setValue(new BigDecimal(value));
					String unit = V2Fields.get(t, obx + "-6-1");
					if (unit != null) {
						q.setUnit(unit);
						if ("UCUM".equalsIgnoreCase(V2Fields.get(t, obx + "-6-3"))) {
							q.setSystem("http://unitsofmeasure.org").setCode(unit);
						}
					}
					o.setValue(q);
				} catch (NumberFormatException e) {
					o.setValue(new StringType(value));
				}
			} else if ("SN".equals(type)) {
				o.setValue(structuredNumeric(t, obx));
			} else if ("CE".equals(type) || "CWE".equals(type)) {
				o.setValue(V2Fields.concept(t, obx + "-5"));
			} else {
				o.setValue(new StringType(V2Fields.get(t, obx + "-5")));
			}
		}
		String range = V2Fields.get(t, obx + "-7");
		o.getReferenceRange().clear();
		if (range != null) {
			o.addReferenceRange().setText(range);
		}
		String flag = V2Fields.get(t, obx + "-8");
		o.getInterpretation().clear();
		if (flag != null) {
			o.addInterpretation(new CodeableConcept(new Coding(INTERPRETATION, flag, null)));
		}
		return o;
	}

	/**
	 * A structured numeric (SN: comparator, number, separator, number): "&lt;^10" as a quantity below 10, "^1^:^128"
	 * (a ratio or range) as the text it is, since FHIR has no single type for both.
	 */
	private static org.hl7.fhir.r4.model.Type structuredNumeric(Terser t, String obx) {
		String comparator = V2Fields.get(t, obx + "-5-1");
		String number = V2Fields.get(t, obx + "-5-2");
		String separator = V2Fields.get(t, obx + "-5-3");
		String second = V2Fields.get(t, obx + "-5-4");
		if (number != null && separator == null && second == null) {
			try {
				Quantity q = new Quantity().setValue(new BigDecimal(number));
				if (comparator != null) {
					q.setComparator(Quantity.QuantityComparator.fromCode(comparator));
				}
				String unit = V2Fields.get(t, obx + "-6-1");
				if (unit != null) {
					q.setUnit(unit);
				}
				return q;
			} catch (RuntimeException notOne) {
				// not a plain comparison: kept as written below
			}
		}
		return new StringType(String.join(" ", java.util.stream.Stream.of(comparator, number, separator, second).filter(
				x -> x != null).toList()));
	}

	private static DiagnosticReport.DiagnosticReportStatus reportStatus(@Nullable String v2) {
		return switch (v2 == null ? "" : v2) {
			case "F" -> DiagnosticReport.DiagnosticReportStatus.FINAL;
			case "C" -> DiagnosticReport.DiagnosticReportStatus.CORRECTED;
			case "P", "I", "S", "R" -> DiagnosticReport.DiagnosticReportStatus.PRELIMINARY;
			case "X" -> DiagnosticReport.DiagnosticReportStatus.CANCELLED;
			case "A" -> DiagnosticReport.DiagnosticReportStatus.PARTIAL;
			default -> DiagnosticReport.DiagnosticReportStatus.UNKNOWN;
		};
	}

	private static Observation.ObservationStatus observationStatus(@Nullable String v2) {
		return switch (v2 == null ? "" : v2) {
			case "F" -> Observation.ObservationStatus.FINAL;
			case "C" -> Observation.ObservationStatus.CORRECTED;
			case "P", "R", "S", "I" -> Observation.ObservationStatus.PRELIMINARY;
			case "X" -> Observation.ObservationStatus.CANCELLED;
			case "D", "W" -> Observation.ObservationStatus.ENTEREDINERROR;
			default -> Observation.ObservationStatus.UNKNOWN;
		};
	}
}

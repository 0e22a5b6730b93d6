package org.custodian.ccda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;

/**
 * The sections of observations: results (each diagnostic report an organizer of its results; a
 * result outside any report an organizer of its own), social history (smoking status as C-CDA's
 * own template) and vital signs (grouped by when they were taken; a panel such as blood pressure
 * as its component measurements).
 */
final class ObservationEntries {

	private static final String SMOKING_STATUS = "72166-2";

	private final Entries entries;
	private final List<String> represented;

	ObservationEntries(Entries entries, List<String> represented) {
		this.entries = entries;
		this.represented = represented;
	}

	void results(CdaXml body) {
		CcdSection s = CcdSection.open(body, "2.16.840.1.113883.10.20.22.2.3.1", "2015-08-01", "30954-2",
				"Relevant diagnostic tests/laboratory data Narrative", "Results", List.of("Test", "Result", "Interpretation",
						"Date"));
		Map<String, Observation> byReference = new LinkedHashMap<>();
		for (Observation o : entries.of(Observation.class)) {
			if (!category(o, "vital-signs") && !category(o, "social-history")) {
				byReference.put(Entries.reference(o), o);
			}
		}
		for (DiagnosticReport report : entries.of(DiagnosticReport.class)) {
			List<Observation> results = report.getResult().stream().map(Reference::getReference).map(byReference::remove)
					.filter(o -> o != null).toList();
			var when = report.hasEffectiveDateTimeType() ? report.getEffectiveDateTimeType() : report.hasEffectivePeriod()
					? report.getEffectivePeriod().getStartElement() : null;
			CdaXml organizer = organizer(s.entry(), o -> entries.id(o, report), report.getCode(), when);
			if (results.isEmpty()) {
				// A report without discrete results (a narrative report): its conclusion as the one result.
				resultObservation(organizer.add("component"), s, report, report.getCode(), report.hasConclusion()
						? new org.hl7.fhir.r4.model.StringType(report.getConclusion()) : null, null, when);
			}
			results.forEach(o -> result(organizer, s, o));
			represented.add(Entries.reference(report));
		}
		for (Observation o : byReference.values()) {
			CdaXml organizer = organizer(s.entry(), x -> x.add("id").attr("root", UUID.randomUUID().toString()), o.getCode(),
					effective(o));
			result(organizer, s, o);
		}
		s.close();
	}

	/** A Result Organizer: templates, id, code, status and time, in CDA's order; its results are added after. */
	private static CdaXml organizer(CdaXml entry, java.util.function.Consumer<CdaXml> id, CodeableConcept code,
			org.hl7.fhir.r4.model.@Nullable BaseDateTimeType when) {
		CdaXml organizer = entry.add("organizer").attr("classCode", "BATTERY").attr("moodCode", "EVN");
		organizer.templateId("2.16.840.1.113883.10.20.22.4.1", null).templateId("2.16.840.1.113883.10.20.22.4.1",
				"2015-08-01");
		id.accept(organizer);
		CdaValues.concept(organizer.add("code"), code);
		organizer.add("statusCode").attr("code", "completed");
		CdaValues.interval(organizer.add("effectiveTime"), when, null);
		return organizer;
	}

	private void result(CdaXml organizer, CcdSection s, Observation o) {
		if (!o.hasValue() && o.hasComponent()) {
			for (Observation.ObservationComponentComponent c : o.getComponent()) {
				resultObservation(organizer.add("component"), s, o, c.getCode(), c.getValue(), c.hasInterpretation()
						? c.getInterpretationFirstRep() : null, effective(o));
			}
		} else {
			resultObservation(organizer.add("component"), s, o, o.getCode(), o.getValue(), o.hasInterpretation()
					? o.getInterpretationFirstRep() : null, effective(o));
		}
		represented.add(Entries.reference(o));
	}

	private void resultObservation(CdaXml component, CcdSection s, org.hl7.fhir.r4.model.Resource source,
			CodeableConcept code, @Nullable Type value, @Nullable CodeableConcept interpretation,
			org.hl7.fhir.r4.model.@Nullable BaseDateTimeType when) {
		String reference = s.line(List.of(CdaValues.display(code), shown(value), interpretation == null ? "-"
				: CdaValues.display(interpretation), Entries.day(when)));
		CdaXml obs = component.add("observation").attr("classCode", "OBS").attr("moodCode", "EVN");
		obs.templateId("2.16.840.1.113883.10.20.22.4.2", null).templateId("2.16.840.1.113883.10.20.22.4.2", "2015-08-01");
		entries.id(obs, source);
		CdaValues.concept(obs.add("code"), code);
		CcdSection.Row.text(obs, reference);
		obs.add("statusCode").attr("code", "completed");
		CdaValues.time(obs.add("effectiveTime"), when);
		value(obs, value);
		if (interpretation != null) {
			CdaValues.concept(obs.add("interpretationCode"), interpretation);
		}
	}

	void socialHistory(CdaXml body) {
		CcdSection s = CcdSection.open(body, "2.16.840.1.113883.10.20.22.2.17", "2015-08-01", "29762-2",
				"Social history Narrative", "Social History", List.of("Observation", "Value", "Date"));
		for (Observation o : entries.of(Observation.class)) {
			if (!category(o, "social-history")) {
				continue;
			}
			boolean smoking = o.getCode().getCoding().stream().anyMatch(c -> SMOKING_STATUS.equals(c.getCode()));
			CcdSection.Row row = s.row(List.of(CdaValues.display(o.getCode()), shown(o.getValue()), Entries.day(effective(o))));
			CdaXml obs = row.entry().add("observation").attr("classCode", "OBS").attr("moodCode", "EVN");
			String template = smoking ? "2.16.840.1.113883.10.20.22.4.78" : "2.16.840.1.113883.10.20.22.4.38";
			obs.templateId(template, null).templateId(template, smoking ? "2014-06-09" : "2015-08-01");
			entries.id(obs, o);
			CdaValues.concept(obs.add("code"), o.getCode());
			row.text(obs);
			obs.add("statusCode").attr("code", "completed");
			CdaValues.time(obs.add("effectiveTime"), effective(o));
			value(obs, o.getValue());
			represented.add(Entries.reference(o));
		}
		s.close();
	}

	void vitalSigns(CdaXml body) {
		CcdSection s = CcdSection.open(body, "2.16.840.1.113883.10.20.22.2.4.1", "2015-08-01", "8716-3",
				"Vital signs", "Vital Signs", List.of("Measurement", "Value", "Date"));
		Map<String, List<Observation>> byTime = entries.of(Observation.class).stream().filter(o -> category(o,
				"vital-signs")).collect(Collectors.groupingBy(o -> effective(o) == null ? "" : effective(o)
						.getValueAsString(), LinkedHashMap::new, Collectors.toList()));
		for (List<Observation> taken : byTime.values()) {
			CdaXml organizer = s.entry().add("organizer").attr("classCode", "CLUSTER").attr("moodCode", "EVN");
			organizer.templateId("2.16.840.1.113883.10.20.22.4.26", null).templateId("2.16.840.1.113883.10.20.22.4.26",
					"2015-08-01");
			organizer.add("id").attr("root", UUID.randomUUID().toString());
			CdaValues.code(organizer.add("code"), "46680005", "2.16.840.1.113883.6.96", "Vital Signs").add("translation")
					.attr("code", "74728-7").attr("codeSystem", "2.16.840.1.113883.6.1").attr("displayName",
							"Vital signs, weight, height, head circumference, oximetry, BMI, and BSA panel - HL7.CCDA.r1.1");
			organizer.add("statusCode").attr("code", "completed");
			CdaValues.time(organizer.add("effectiveTime"), effective(taken.get(0)));
			for (Observation o : taken) {
				List<Object[]> measures = new ArrayList<>();
				if (!o.hasValue() && o.hasComponent()) {
					o.getComponent().forEach(c -> measures.add(new Object[] {c.getCode(), c.getValue()}));
				} else {
					measures.add(new Object[] {o.getCode(), o.getValue()});
				}
				for (Object[] m : measures) {
					CodeableConcept code = (CodeableConcept) m[0];
					Type value = (Type) m[1];
					String reference = s.line(List.of(CdaValues.display(code), shown(value), Entries.day(effective(o))));
					CdaXml obs = organizer.add("component").add("observation").attr("classCode", "OBS").attr("moodCode", "EVN");
					obs.templateId("2.16.840.1.113883.10.20.22.4.27", null).templateId("2.16.840.1.113883.10.20.22.4.27",
							"2014-06-09");
					entries.id(obs, o);
					CdaValues.concept(obs.add("code"), code);
					CcdSection.Row.text(obs, reference);
					obs.add("statusCode").attr("code", "completed");
					CdaValues.time(obs.add("effectiveTime"), effective(o));
					value(obs, value);
				}
				represented.add(Entries.reference(o));
			}
		}
		s.close();
	}

	/** An observation's value as CDA types it: PQ, CD, ST, BL or INT. */
	private static void value(CdaXml obs, @Nullable Type value) {
		if (value == null || value.isEmpty()) {
			obs.add("value").type("ST").attr("nullFlavor", "UNK");
		} else if (value instanceof Quantity q) {
			CdaValues.quantity(obs.add("value"), q);
		} else if (value instanceof CodeableConcept c) {
			CdaValues.concept(obs.add("value").type("CD"), c);
		} else if (value instanceof BooleanType b) {
			obs.add("value").type("BL").attr("value", String.valueOf(b.booleanValue()));
		} else if (value instanceof IntegerType i) {
			obs.add("value").type("INT").attr("value", String.valueOf(i.getValue()));
		} else {
			obs.add("value").type("ST").text(value.primitiveValue());
		}
	}

	private static String shown(@Nullable Type value) {
		if (value == null || value.isEmpty()) {
			return "-";
		}
		if (value instanceof Quantity q) {
			return (q.getValue() == null ? "" : q.getValue().toPlainString()) + (q.hasUnit() ? " " + q.getUnit() : q.hasCode()
					? " " + q.getCode() : "");
		}
		if (value instanceof CodeableConcept c) {
			return CdaValues.display(c);
		}
		String p = value.primitiveValue();
		return p == null ? "-" : p;
	}

	private static org.hl7.fhir.r4.model.@Nullable BaseDateTimeType effective(Observation o) {
		return o.hasEffectiveDateTimeType() ? o.getEffectiveDateTimeType() : o.hasEffectivePeriod() ? o.getEffectivePeriod()
				.getStartElement() : o.hasEffectiveInstantType() ? o.getEffectiveInstantType() : null;
	}

	private static boolean category(Observation o, String code) {
		Set<String> codes = o.getCategory().stream().flatMap(c -> c.getCoding().stream()).map(c -> c.getCode())
				.collect(Collectors.toSet());
		return codes.contains(code);
	}
}

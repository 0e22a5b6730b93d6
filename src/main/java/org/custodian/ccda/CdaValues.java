package org.custodian.ccda;

import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Quantity;
import org.jspecify.annotations.Nullable;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

/**
 * FHIR's data types as CDA writes them: a CodeableConcept as a CD (code systems by their OIDs, the
 * rest as original text), a date at its own precision as a TS, a Quantity as a PQ, an identifier
 * system as an instance identifier's root.
 */
final class CdaValues {

	private static final Map<String, String> NAMES = Map.of("2.16.840.1.113883.6.96", "SNOMED CT", "2.16.840.1.113883.6.1",
			"LOINC", "2.16.840.1.113883.6.88", "RxNorm", "2.16.840.1.113883.12.292", "CVX", "2.16.840.1.113883.6.90",
			"ICD-10-CM", "2.16.840.1.113883.6.12", "CPT-4");

	private CdaValues() {}

	/** The OID CDA uses for a FHIR system, or null when it has none known here. */
	static @Nullable String oid(@Nullable String system) {
		if (system == null) {
			return null;
		}
		if (system.startsWith("urn:oid:")) {
			return system.substring("urn:oid:".length());
		}
		return CodeSystemOids.oid(system);
	}

	/**
	 * An instance identifier's root for an identifier system: its OID when it has one; otherwise a
	 * UUID named from the system URI, stable from one document to the next.
	 */
	static String root(@Nullable String system) {
		String oid = oid(system);
		if (oid != null) {
			return oid;
		}
		if (system != null && system.startsWith("urn:uuid:")) {
			return system.substring("urn:uuid:".length());
		}
		return UUID.nameUUIDFromBytes((system == null ? "custodian" : system).getBytes(StandardCharsets.UTF_8)).toString();
	}

	/**
	 * Writes a concept into {@code cd} (a code, value or similar element already added): the first
	 * coding whose system CDA knows, the others as translations, the text as original text; with no
	 * known coding, nullFlavor OTH and the original text, as C-CDA asks for local codes.
	 */
	static void concept(CdaXml cd, @Nullable CodeableConcept concept) {
		if (concept == null || concept.isEmpty()) {
			cd.attr("nullFlavor", "UNK");
			return;
		}
		Coding primary = concept.getCoding().stream().filter(c -> oid(c.getSystem()) != null && c.hasCode()).findFirst()
				.orElse(null);
		String text = concept.hasText() ? concept.getText() : concept.getCoding().stream().map(Coding::getDisplay)
				.filter(d -> d != null && !d.isBlank()).findFirst().orElse(null);
		if (primary == null) {
			cd.attr("nullFlavor", "OTH");
		} else {
			coding(cd, primary);
		}
		if (text != null) {
			cd.add("originalText", text);
		}
		for (Coding other : concept.getCoding()) {
			if (other != primary && oid(other.getSystem()) != null && other.hasCode()) {
				coding(cd.add("translation"), other);
			}
		}
	}

	/** A concept as people read it: its text, else a coding's display, else a code. */
	static String display(@Nullable CodeableConcept concept) {
		if (concept == null || concept.isEmpty()) {
			return "-";
		}
		if (concept.hasText()) {
			return concept.getText();
		}
		return concept.getCoding().stream().map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
				.filter(x -> x != null && !x.isBlank()).findFirst().orElse("-");
	}

	static void coding(CdaXml cd, Coding c) {
		String oid = oid(c.getSystem());
		cd.attr("code", c.getCode()).attr("codeSystem", oid).attr("codeSystemName", oid == null ? null : NAMES.get(oid))
				.attr("displayName", c.getDisplay());
	}

	/** A fixed code: {@code code(el, "CONC", "2.16.840.1.113883.5.6", "Concern")}. */
	static CdaXml code(CdaXml el, String code, String system, @Nullable String display) {
		return el.attr("code", code).attr("codeSystem", system).attr("displayName", display);
	}

	/** A point in time at the precision the record has it: yyyy, yyyyMM, yyyyMMdd, or to the minute or second with its offset. */
	static String ts(BaseDateTimeType when) {
		TemporalPrecisionEnum p = when.getPrecision();
		if (p == TemporalPrecisionEnum.YEAR || p == TemporalPrecisionEnum.MONTH || p == TemporalPrecisionEnum.DAY) {
			return when.getValueAsString().replace("-", ""); // the calendar date as written, whatever zone parsed it
		}
		SimpleDateFormat f = new SimpleDateFormat(p == TemporalPrecisionEnum.MINUTE ? "yyyyMMddHHmmZ" : "yyyyMMddHHmmssZ");
		f.setTimeZone(when.getTimeZone() != null ? when.getTimeZone() : TimeZone.getTimeZone("UTC"));
		return f.format(when.getValue());
	}

	static String ts(Date instant) {
		SimpleDateFormat f = new SimpleDateFormat("yyyyMMddHHmmssZ");
		f.setTimeZone(TimeZone.getTimeZone("UTC"));
		return f.format(instant);
	}

	/** A time element ({@code effectiveTime}, {@code time} …) with a value, or nullFlavor UNK. */
	static void time(CdaXml el, @Nullable BaseDateTimeType when) {
		if (when == null || when.getValue() == null) {
			el.attr("nullFlavor", "UNK");
		} else {
			el.attr("value", ts(when));
		}
	}

	/** An interval: low (and high when known). */
	static void interval(CdaXml el, @Nullable BaseDateTimeType low, @Nullable BaseDateTimeType high) {
		time(el.add("low"), low);
		if (high != null && high.getValue() != null) {
			time(el.add("high"), high);
		}
	}

	/** A physical quantity: value and UCUM unit (the unit "1" when none is given, as CDA asks). */
	static void quantity(CdaXml pq, Quantity q) {
		pq.type("PQ").attr("value", q.getValue() == null ? null : q.getValue().toPlainString());
		String unit = q.hasCode() && "http://unitsofmeasure.org".equals(q.getSystem()) ? q.getCode() : q.hasUnit()
				? q.getUnit() : "1";
		pq.attr("unit", unit.isBlank() ? "1" : unit.replace(" ", ""));
		if (q.getValue() == null) {
			pq.attr("nullFlavor", "UNK");
		}
	}
}

package org.custodian.ingest.hl7;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.jspecify.annotations.Nullable;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.util.Terser;

/**
 * Reading HL7 v2 fields into FHIR values: dates and times (DTM, with their precision and offset),
 * coded elements (CE/CWE, with the coding systems HL7 table 0396 names), and identifiers (CX, with
 * the assigning authority as the FHIR system: an ISO OID as {@code urn:oid:}, else a name under this
 * sending facility).
 */
final class V2Fields {

	private V2Fields() {}

	static @Nullable String get(Terser t, String path) {
		try {
			String v = t.get(path);
			return v == null || v.isBlank() ? null : v.strip();
		} catch (HL7Exception | RuntimeException e) {
			return null; // a segment or field this message does not have
		}
	}

	/** A DTM (YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]) as a FHIR dateTime of the same precision; null if it is not one. */
	static @Nullable DateTimeType dateTime(@Nullable String v2) {
		if (v2 == null || !v2.matches("\\d{4}(\\d{2}){0,5}(\\.\\d{1,4})?([+-]\\d{4})?")) {
			return null;
		}
		String zone = "";
		String digits = v2;
		int sign = Math.max(v2.indexOf('+'), v2.indexOf('-'));
		if (sign > 0) {
			zone = v2.substring(sign, sign + 3) + ":" + v2.substring(sign + 3);
			digits = v2.substring(0, sign);
		}
		String fraction = "";
		int dot = digits.indexOf('.');
		if (dot > 0) {
			fraction = digits.substring(dot);
			digits = digits.substring(0, dot);
		}
		StringBuilder b = new StringBuilder(digits.substring(0, 4));
		if (digits.length() >= 6) {
			b.append('-').append(digits, 4, 6);
		}
		if (digits.length() >= 8) {
			b.append('-').append(digits, 6, 8);
		}
		if (digits.length() >= 10) {
			// FHIR has no hour-only precision: a time is given to the minute at least, with a zone (UTC if none).
			b.append('T').append(digits, 8, 10).append(':').append(digits.length() >= 12 ? digits.substring(10, 12) : "00");
			b.append(':').append(digits.length() >= 14 ? digits.substring(12, 14) : "00").append(fraction);
			b.append(zone.isEmpty() ? "Z" : zone);
		}
		try {
			return new DateTimeType(b.toString());
		} catch (RuntimeException e) {
			return null;
		}
	}

	/**
	 * A DTM read as the sender meant it: a time given without an offset is in the sender's zone, the
	 * offset of its message's MSH-7 when that has one, else {@code zone}.
	 */
	static @Nullable DateTimeType time(Terser t, String path, java.time.ZoneId zone) {
		String v2 = get(t, path);
		if (v2 == null || !v2.matches("\\d{10,14}(\\.\\d{1,4})?")) {
			return dateTime(v2); // a date alone, a time with its own offset, or nothing
		}
		String sent = get(t, "/MSH-7");
		String offset;
		int sign = sent == null ? -1 : Math.max(sent.indexOf('+'), sent.indexOf('-'));
		if (sign > 0) {
			offset = sent.substring(sign);
		} else {
			String digits = v2.split("\\.")[0];
			java.time.LocalDateTime local = java.time.LocalDateTime.parse((digits + "0000").substring(0, 14),
					java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
			offset = zone.getRules().getOffset(local).getId().replace(":", "").replace("Z", "+0000");
		}
		return dateTime(v2 + offset);
	}

	/** The FHIR system of an HL7 table 0396 coding-system name. */
	static @Nullable String system(@Nullable String v2) {
		if (v2 == null) {
			return null;
		}
		return switch (v2) {
			case "LN", "LOINC" -> "http://loinc.org";
			case "SCT", "SNM", "SNOMED", "SNOMEDCT" -> "http://snomed.info/sct";
			case "I10", "I10C", "ICD10CM" -> "http://hl7.org/fhir/sid/icd-10-cm";
			case "RXNORM", "RXN" -> "http://www.nlm.nih.gov/research/umls/rxnorm";
			case "CVX" -> "http://hl7.org/fhir/sid/cvx";
			case "UCUM" -> "http://unitsofmeasure.org";
			case "C4", "CPT" -> "http://www.ama-assn.org/go/cpt";
			default -> v2.startsWith("HL7") ? "http://terminology.hl7.org/CodeSystem/v2-" + v2.substring(3) : "urn:custodian:hl7:"
					+ "coding-system:" + v2;
		};
	}

	/** A CE/CWE at {@code path} (its code, text and system, and its alternate triplet) as a CodeableConcept; null if empty. */
	static @Nullable CodeableConcept concept(Terser t, String path) {
		CodeableConcept c = new CodeableConcept();
		for (int first : new int[] {1, 4}) {
			String code = get(t, path + "-" + first);
			if (code != null) {
				c.addCoding(new Coding(system(get(t, path + "-" + (first + 2))), code, get(t, path + "-" + (first + 1))));
			}
		}
		String text = get(t, path + "-2");
		if (text != null) {
			c.setText(text);
		}
		return c.isEmpty() ? null : c;
	}

	/** The identifiers of a repeating CX field ({@code path} without a repetition: "/PID-3"), named as configured. */
	static List<Identifier> identifiers(Terser t, String path, String facility, Hl7Properties naming) {
		List<Identifier> out = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			String id = get(t, path + "(" + i + ")-1");
			if (id == null) {
				break;
			}
			String namespace = get(t, path + "(" + i + ")-4-1");
			String system = namespace != null && naming.authorities().containsKey(namespace) ? naming.authorities().get(namespace)
					: namespace == null && get(t, path + "(" + i + ")-4-2") == null && naming.facilities().containsKey(facility)
							? naming.facilities().get(facility) : authority(namespace, get(t, path + "(" + i + ")-4-2"), get(t, path
									+ "(" + i + ")-4-3"), get(t, path + "(" + i + ")-5"), facility);
			out.add(new Identifier().setSystem(system).setValue(id).setType(type(get(t, path + "(" + i + ")-5"))));
		}
		return out;
	}

	/** An identifier's system from its assigning authority: an OID, else the authority's name, else the facility's. */
	static String authority(@Nullable String namespace, @Nullable String universal, @Nullable String universalType,
			@Nullable String type, String facility) {
		if (universal != null && "ISO".equalsIgnoreCase(universalType)) {
			return "urn:oid:" + universal;
		}
		if (namespace != null) {
			return "urn:custodian:hl7:authority:" + namespace.replace(' ', '_');
		}
		return "urn:custodian:hl7:" + facility.replace(' ', '_') + ":" + (type == null ? "id" : type);
	}

	private static @Nullable CodeableConcept type(@Nullable String v2) {
		return v2 == null ? null : new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", v2, null));
	}
}

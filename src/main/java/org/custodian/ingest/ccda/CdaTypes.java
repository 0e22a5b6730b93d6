package org.custodian.ingest.ccda;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

import org.custodian.ccda.CodeSystemOids;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;

/**
 * CDA data types as FHIR ones: CD/CE as a CodeableConcept (the code, its translations, and the
 * original text, looked up in the narrative when it is a reference), TS as a dateTime of its own
 * precision, IVL_TS as a Period, PQ as a Quantity, II as an Identifier, AD, PN and TEL. A value a
 * document gives wrongly (a 9-digit date, a unit-less "mg") is left out rather than guessed.
 */
final class CdaTypes {

	private static final Pattern TS = Pattern.compile("(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\.\\d+)?([+-]\\d{4})?");
	private static final Pattern UCUM_LIKE = Pattern.compile("[A-Za-z0-9%/.*\\[\\]{}^'\\-]+");
	static final String UCUM = "http://unitsofmeasure.org";

	private CdaTypes() {}

	static @Nullable CodeableConcept concept(@Nullable CdaElement cd, Map<String, String> narrative) {
		if (cd == null) {
			return null;
		}
		CodeableConcept c = new CodeableConcept();
		Coding first = coding(cd);
		if (first != null) {
			c.addCoding(first);
		}
		for (CdaElement t : cd.children("translation")) {
			Coding more = coding(t);
			if (more != null) {
				c.addCoding(more);
			}
		}
		String text = originalText(cd, narrative);
		if (text != null) {
			c.setText(text);
		} else if (first != null && first.hasDisplay()) {
			c.setText(first.getDisplay());
		}
		return c.hasCoding() || c.hasText() ? c : null;
	}

	private static @Nullable Coding coding(CdaElement cd) {
		String code = cd.attr("code");
		String system = cd.attr("codeSystem");
		if (code == null || system == null || cd.hasNullFlavor()) {
			return null;
		}
		return new Coding(CodeSystemOids.system(system), code, cd.attr("displayName"));
	}

	/** The original text: given inline, or by reference ({@code #id}) to the section's narrative. */
	static @Nullable String originalText(CdaElement cd, Map<String, String> narrative) {
		CdaElement original = cd.child("originalText");
		if (original == null) {
			return null;
		}
		CdaElement reference = original.child("reference");
		if (reference != null && reference.attr("value") != null) {
			String text = narrative.get(reference.attr("value").replaceFirst("^#", ""));
			if (text != null && !text.isBlank()) {
				return text;
			}
		}
		return textOf(original);
	}

	/** An element's own text (not that of a reference child). */
	static @Nullable String textOf(@Nullable CdaElement e) {
		if (e == null) {
			return null;
		}
		String t = e.text();
		return t;
	}

	/** A TS as a FHIR dateTime at its own precision; a time without an offset is kept to the day rather than given one. */
	static @Nullable DateTimeType dateTime(@Nullable String ts) {
		if (ts == null) {
			return null;
		}
		java.util.regex.Matcher m = TS.matcher(ts.strip());
		if (!m.matches() || (m.group(2) != null && m.group(2).equals("00")) || (m.group(3) != null && m.group(3).equals("00"))) {
			return null;
		}
		StringBuilder b = new StringBuilder(m.group(1));
		if (m.group(2) != null) {
			b.append('-').append(m.group(2));
		}
		if (m.group(3) != null) {
			b.append('-').append(m.group(3));
		}
		if (m.group(4) != null && m.group(8) != null) {
			b.append('T').append(m.group(4)).append(':').append(m.group(5) == null ? "00" : m.group(5)).append(':').append(m
					.group(6) == null ? "00" : m.group(6));
			if (m.group(7) != null) {
				b.append(m.group(7));
			}
			b.append(m.group(8), 0, 3).append(':').append(m.group(8), 3, 5);
		}
		try {
			DateTimeType d = new DateTimeType(b.toString());
			return d.getValue() == null ? null : d;
		} catch (RuntimeException e) {
			return null;
		}
	}

	static @Nullable DateTimeType time(@Nullable CdaElement ts) {
		return ts == null || ts.hasNullFlavor() ? null : dateTime(ts.attr("value"));
	}

	/** An effectiveTime as a dateTime (a point) or a Period (low and high), or null. */
	static @Nullable Type when(@Nullable CdaElement effective) {
		if (effective == null) {
			return null;
		}
		DateTimeType point = time(effective);
		if (point != null) {
			return point;
		}
		Period p = period(effective);
		return p;
	}

	static @Nullable Period period(@Nullable CdaElement ivl) {
		if (ivl == null) {
			return null;
		}
		DateTimeType low = time(ivl.child("low"));
		DateTimeType high = time(ivl.child("high"));
		if (low == null && high == null) {
			DateTimeType center = time(ivl.child("center"));
			low = center != null ? center : time(ivl);
		}
		if (low == null && high == null) {
			return null;
		}
		Period p = new Period();
		if (low != null) {
			p.setStartElement(low);
		}
		if (high != null) {
			p.setEndElement(high);
		}
		return p;
	}

	/** The start of an effectiveTime, a point or an interval's low. */
	static @Nullable DateTimeType start(@Nullable CdaElement effective) {
		Type w = when(effective);
		if (w instanceof DateTimeType d) {
			return d;
		}
		return w instanceof Period p && p.hasStart() ? p.getStartElement() : null;
	}

	static @Nullable Quantity quantity(@Nullable CdaElement pq) {
		if (pq == null || pq.hasNullFlavor()) {
			return null;
		}
		BigDecimal value = decimal(pq.attr("value"));
		if (value == null) {
			return null;
		}
		Quantity q = new Quantity().setValue(value);
		String unit = pq.attr("unit");
		if (unit != null && !unit.equals("1")) {
			q.setUnit(unit);
			if (UCUM_LIKE.matcher(unit).matches()) {
				q.setSystem(UCUM).setCode(unit);
			}
		}
		return q;
	}

	static @Nullable BigDecimal decimal(@Nullable String v) {
		if (v == null) {
			return null;
		}
		try {
			return new BigDecimal(v.startsWith(".") ? "0" + v : v);
		} catch (NumberFormatException e) {
			return null;
		}
	}

	/** An instance identifier: the root as the system and the extension as the value, or the root alone as a URI. */
	static @Nullable Identifier identifier(@Nullable CdaElement ii) {
		if (ii == null || ii.hasNullFlavor() || ii.attr("root") == null) {
			return null;
		}
		String root = ii.attr("root");
		String extension = ii.attr("extension");
		if (extension != null) {
			return new Identifier().setSystem(CodeSystemOids.system(root)).setValue(extension);
		}
		boolean uuid = root.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
		return new Identifier().setSystem("urn:ietf:rfc:3986").setValue((uuid ? "urn:uuid:" : "urn:oid:") + root.toLowerCase());
	}

	static @Nullable HumanName name(@Nullable CdaElement pn) {
		if (pn == null || pn.hasNullFlavor()) {
			return null;
		}
		HumanName n = new HumanName();
		for (CdaElement part : pn.elements()) {
			String v = part.text();
			if (v == null) {
				continue;
			}
			switch (part.name()) {
				case "given" -> n.addGiven(v);
				case "family" -> n.setFamily(v);
				case "prefix" -> n.addPrefix(v);
				case "suffix" -> n.addSuffix(v);
				default -> { }
			}
		}
		if (!n.hasFamily() && !n.hasGiven()) {
			String whole = pn.text();
			if (whole == null) {
				return null;
			}
			n.setText(whole);
		}
		if ("L".equals(pn.attr("use"))) {
			n.setUse(HumanName.NameUse.OFFICIAL);
		}
		return n;
	}

	static @Nullable Address address(@Nullable CdaElement ad) {
		if (ad == null || ad.hasNullFlavor()) {
			return null;
		}
		Address a = new Address();
		for (CdaElement part : ad.elements()) {
			String v = part.text();
			if (v == null || part.hasNullFlavor()) {
				continue;
			}
			switch (part.name()) {
				case "streetAddressLine" -> a.addLine(v);
				case "city" -> a.setCity(v);
				case "state" -> a.setState(v);
				case "postalCode" -> a.setPostalCode(v);
				case "country" -> a.setCountry(v);
				default -> { }
			}
		}
		if ("HP".equals(ad.attr("use")) || "H".equals(ad.attr("use"))) {
			a.setUse(Address.AddressUse.HOME);
		}
		return a.isEmpty() ? null : a;
	}

	static @Nullable ContactPoint telecom(@Nullable CdaElement tel) {
		String value = tel == null || tel.hasNullFlavor() ? null : tel.attr("value");
		if (value == null) {
			return null;
		}
		ContactPoint c = new ContactPoint();
		int colon = value.indexOf(':');
		String scheme = colon > 0 ? value.substring(0, colon).toLowerCase() : "";
		String rest = colon > 0 ? value.substring(colon + 1) : value;
		switch (scheme) {
			case "tel" -> c.setSystem(ContactPoint.ContactPointSystem.PHONE);
			case "mailto" -> c.setSystem(ContactPoint.ContactPointSystem.EMAIL);
			case "fax" -> c.setSystem(ContactPoint.ContactPointSystem.FAX);
			case "http", "https" -> {
				c.setSystem(ContactPoint.ContactPointSystem.URL);
				rest = value;
			}
			default -> c.setSystem(ContactPoint.ContactPointSystem.OTHER);
		}
		c.setValue(rest.strip());
		String use = tel.attr("use");
		if (use != null) {
			c.setUse(switch (use) {
				case "HP", "H" -> ContactPoint.ContactPointUse.HOME;
				case "WP" -> ContactPoint.ContactPointUse.WORK;
				case "MC" -> ContactPoint.ContactPointUse.MOBILE;
				default -> null;
			});
		}
		return c;
	}
}

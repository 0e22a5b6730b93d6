package org.custodian.chart;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Locale;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;
import org.jspecify.annotations.Nullable;

/** How the chart writes FHIR values for people: a concept's words, a name as it is said, a date as a day. */
final class Display {

	private Display() {
	}

	/** The concept's text, else its first coding's display, else its first code. */
	static String concept(@Nullable CodeableConcept c) {
		if (c == null || c.isEmpty()) {
			return "(not stated)";
		}
		if (c.hasText()) {
			return c.getText();
		}
		for (Coding coding : c.getCoding()) {
			if (coding.hasDisplay()) {
				return coding.getDisplay();
			}
		}
		return c.getCodingFirstRep().hasCode() ? c.getCodingFirstRep().getCode() : "(not stated)";
	}

	/** Given names then family name ({@code John Q Smith}), with a prefix and suffix when there are. */
	static String name(HumanName n) {
		if (n.hasText() && !n.hasFamily() && !n.hasGiven()) {
			return n.getText();
		}
		StringBuilder b = new StringBuilder();
		n.getPrefix().forEach(p -> b.append(p.getValue()).append(' '));
		n.getGiven().forEach(g -> b.append(g.getValue()).append(' '));
		if (n.hasFamily()) {
			b.append(n.getFamily());
		}
		n.getSuffix().forEach(s -> b.append(' ').append(s.getValue()));
		return b.toString().trim().replaceAll("\\s+", " ");
	}

	/** The day (or the precision given), ISO: {@code 2019-04-02}. */
	static @Nullable String day(@Nullable Type value) {
		if (value instanceof BaseDateTimeType dt && dt.getValue() != null) {
			String s = dt.getValueAsString();
			return s.length() > 10 ? s.substring(0, 10) : s;
		}
		if (value instanceof org.hl7.fhir.r4.model.Period p) {
			return p.hasStart() ? day(p.getStartElement()) : day(p.getEndElement());
		}
		return null;
	}

	static @Nullable Long epochSeconds(@Nullable Type value) {
		if (value instanceof BaseDateTimeType dt && dt.getValue() != null) {
			return dt.getValue().getTime() / 1000;
		}
		if (value instanceof org.hl7.fhir.r4.model.Period p && p.hasStart()) {
			return p.getStart().getTime() / 1000;
		}
		return null;
	}

	static @Nullable String age(@Nullable Date birth, @Nullable Date deceased, LocalDate today) {
		if (birth == null) {
			return null;
		}
		LocalDate born = birth.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
		LocalDate until = deceased == null ? today : deceased.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
		Period p = Period.between(born, until);
		if (p.getYears() >= 2) {
			return p.getYears() + " y";
		}
		return p.toTotalMonths() >= 1 ? p.toTotalMonths() + " mo" : p.getDays() + " d";
	}

	static String quantity(Quantity q) {
		String unit = q.hasUnit() ? q.getUnit() : q.hasCode() ? q.getCode() : "";
		return (q.hasValue() ? number(q.getValue().doubleValue()) : "?") + (unit.isEmpty() ? "" : " " + unit);
	}

	/** A number without trailing zeros: 72, 36.6, 0.004. */
	static String number(double v) {
		return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
	}

	static String lower(@Nullable String code) {
		return code == null ? "" : code.toLowerCase(Locale.ROOT).replace('-', ' ');
	}
}

package org.custodian.disclosure;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;

/**
 * Any record's elements as lines people read ("Status: active", "Billable period: 2024-01-01 to
 * 2024-01-03"), for the kinds of record {@link ResourceLines} has no layout of its own for: each
 * element with a value, named in words, its value as text (a concept by its words, a reference by
 * its display, a period as its two dates); nested elements one level down, indented. Bookkeeping
 * (id, meta, narrative, extensions, contained records) is left out.
 */
final class PlainElements {

	private static final Set<String> SKIPPED = Set.of("id", "meta", "implicitRules", "language", "text", "contained",
			"extension", "modifierExtension", "identifier", "subject", "patient", "beneficiary");
	private static final int MOST_LINES = 60;

	private PlainElements() {}

	static List<String> of(Base resource) {
		List<String> lines = new ArrayList<>();
		write(resource, "", 0, lines);
		return lines.size() > MOST_LINES ? lines.subList(0, MOST_LINES) : lines;
	}

	private static void write(Base element, String indent, int depth, List<String> lines) {
		for (org.hl7.fhir.r4.model.Property p : element.children()) {
			if (SKIPPED.contains(p.getName()) || !p.hasValues()) {
				continue;
			}
			String name = ResourceLines.words(p.getName().replace("[x]", ""));
			for (Base value : p.getValues()) {
				String text = text(value);
				if (text != null) {
					lines.add(indent + name + ": " + text);
				} else if (depth < 1 && !value.isEmpty()) {
					lines.add(indent + name + ":");
					write(value, indent + "  ", depth + 1, lines);
				}
			}
		}
	}

	/** The value as one line of text, or null for an element with parts of its own. */
	private static @Nullable String text(Base v) {
		if (v instanceof PrimitiveType<?> p) {
			return p.getValueAsString();
		}
		if (v instanceof CodeableConcept c) {
			return c.hasText() ? c.getText() : c.getCoding().stream().map(x -> x.hasDisplay() ? x.getDisplay() : x.getCode())
					.findFirst().orElse("-");
		}
		if (v instanceof Coding c) {
			return c.hasDisplay() ? c.getDisplay() : c.getCode();
		}
		if (v instanceof Reference r) {
			return r.hasDisplay() ? r.getDisplay() : r.getReference();
		}
		if (v instanceof Period p) {
			return (p.hasStart() ? p.getStartElement().getValueAsString() : "?") + " to " + (p.hasEnd()
					? p.getEndElement().getValueAsString() : "?");
		}
		if (v instanceof Money m) {
			return (m.hasValue() ? m.getValue().toPlainString() : "?") + " " + (m.hasCurrency() ? m.getCurrency() : "");
		}
		if (v instanceof Quantity q) {
			return (q.hasValue() ? q.getValue().toPlainString() : "?") + (q.hasUnit() ? " " + q.getUnit() : "");
		}
		return null;
	}

	/** The record's first date, for ordering and the period a request asks for: a top-level date or period's start. */
	static @Nullable LocalDate firstDate(Base resource) {
		for (org.hl7.fhir.r4.model.Property p : resource.children()) {
			for (Base v : p.getValues()) {
				BaseDateTimeType d = v instanceof BaseDateTimeType t ? t : v instanceof Period per && per.hasStart()
						? per.getStartElement() : null;
				if (d != null && d.getValue() != null && !p.getName().equals("meta")) {
					return LocalDate.ofInstant(d.getValue().toInstant(), ZoneOffset.UTC);
				}
			}
		}
		return null;
	}
}

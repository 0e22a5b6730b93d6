package org.custodian.ccda;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * The records a document holds, sorted into its sections in the order a CCD lists them, with what
 * the sections share: each entry's identifier (the record's own reference under this organization's
 * root, so a receiver can tell a record sent twice) and the period the document covers.
 */
final class Entries {

	/** The first and last dates of care the records show. */
	record Period(@Nullable BaseDateTimeType first, @Nullable BaseDateTimeType last) {}

	private final String root;
	private final List<? extends Resource> records;

	Entries(String organization, List<? extends Resource> records) {
		this.root = CdaValues.root("urn:custodian:records:" + organization);
		this.records = records;
	}

	static String reference(Resource r) {
		return r.fhirType() + "/" + r.getIdElement().getIdPart();
	}

	/** The record's identifier on an act: this organization's records root, and the record's reference. */
	void id(CdaXml act, Resource r) {
		act.add("id").attr("root", root).attr("extension", reference(r));
	}

	<T extends Resource> List<T> of(Class<T> type) {
		return records.stream().filter(type::isInstance).map(type::cast).toList();
	}

	Period period() {
		List<BaseDateTimeType> dates = new ArrayList<>();
		for (Encounter e : of(Encounter.class)) {
			if (e.getPeriod().hasStart()) {
				dates.add(e.getPeriod().getStartElement());
			}
			if (e.getPeriod().hasEnd()) {
				dates.add(e.getPeriod().getEndElement());
			}
		}
		for (Condition c : of(Condition.class)) {
			if (c.hasOnsetDateTimeType()) {
				dates.add(c.getOnsetDateTimeType());
			}
		}
		dates.removeIf(d -> d.getValue() == null);
		dates.sort(Comparator.comparing(BaseDateTimeType::getValue));
		return dates.isEmpty() ? new Period(null, null) : new Period(dates.get(0), dates.get(dates.size() - 1));
	}

	/** Writes every section, adding to {@code represented} each record an entry was written for. */
	void write(CdaXml body, List<String> represented) {
		ClinicalEntries clinical = new ClinicalEntries(this, represented);
		ObservationEntries observations = new ObservationEntries(this, represented);
		clinical.allergies(body);
		clinical.medications(body);
		clinical.problems(body);
		clinical.procedures(body);
		observations.results(body);
		observations.socialHistory(body);
		observations.vitalSigns(body);
		clinical.immunizations(body);
		clinical.encounters(body);
		clinical.notes(body);
	}

	/** A date for a table cell: yyyy-mm-dd, or a dash. */
	static String day(@Nullable BaseDateTimeType d) {
		if (d == null || d.getValue() == null) {
			return "-";
		}
		String s = d.getValueAsString();
		return s.length() >= 10 ? s.substring(0, 10) : s;
	}

}

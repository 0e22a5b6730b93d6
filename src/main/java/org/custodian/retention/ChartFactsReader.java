package org.custodian.retention;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.access.AccessContext;
import org.custodian.disclosure.Disclosures;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;

/**
 * Reads what retention turns on in a chart, through the gate: the Patient, its first and last
 * encounters and last inpatient stay (a few sorted, one-row searches, whatever the chart's size),
 * whether it is a research subject, which document types the schedules single out it holds, and the
 * last accountable disclosure.
 */
@Component
class ChartFactsReader {

	private static final String LOINC = "http://loinc.org";
	/** Encounter classes of an admission (v3 ActCode): inpatient, acute and non-acute inpatient. */
	private static final String INPATIENT = "IMP,ACUTE,NONAC";

	private final RecordStore store;
	private final SearchService search;
	private final SearchRequestParser parser;
	private final Disclosures disclosures;
	private final ZoneId zone;

	ChartFactsReader(RecordStore store, SearchService search, FhirContext ctx, Disclosures disclosures, java.time.Clock clock) {
		this.store = store;
		this.search = search;
		this.parser = new SearchRequestParser(ctx, 1, 1);
		this.disclosures = disclosures;
		this.zone = clock.getZone();
	}

	ChartFacts read(AccessContext access, String patientId, List<Schedule> schedules) {
		StoredVersion stored = store.read(access, "Patient", patientId);
		Patient patient = (Patient) stored.resource();
		LocalDate death = null;
		boolean deceased = false;
		if (patient.hasDeceasedDateTimeType()) {
			deceased = true;
			death = day(patient.getDeceasedDateTimeType().getValue());
		} else if (patient.hasDeceasedBooleanType()) {
			deceased = patient.getDeceasedBooleanType().booleanValue();
		}
		Encounter last = first(access, "Encounter", Map.of("patient", patientId, "_sort", "-date"));
		Encounter firstSeen = first(access, "Encounter", Map.of("patient", patientId, "_sort", "date"));
		Encounter stay = first(access, "Encounter", Map.of("patient", patientId, "class", INPATIENT, "_sort", "-date"));
		Set<String> documentTypes = new HashSet<>();
		for (Schedule s : schedules) {
			if (s.documentType() != null && first(access, "DocumentReference", Map.of("patient", patientId, "type",
					LOINC + "|" + s.documentType())) != null) {
				documentTypes.add(s.documentType());
			}
		}
		boolean research = first(access, "ResearchSubject", Map.of("individual", patientId)) != null;
		LocalDate lastChange = stored.lastUpdated().atZone(zone).toLocalDate();
		LocalDate lastEncounter = last == null ? null : ended(last);
		// Care without an encounter (a reference-lab result, an outside report, a prescription) is care too.
		LocalDate lastCare = latest(lastEncounter, lastClinicalDate(access, patientId));
		if (lastCare != null && lastCare.isAfter(lastChange)) {
			lastChange = lastCare;
		}
		java.time.Instant disclosed = disclosures.lastAccountable(patientId);
		return new ChartFacts(patientId, recordNumber(patient), patient.hasBirthDate() ? day(patient.getBirthDate()) : null,
				deceased, death, firstSeen == null ? null : started(firstSeen), lastCare, stay == null ? null : ended(stay),
				research, documentTypes, lastChange, disclosed == null ? null : disclosed.atZone(zone).toLocalDate());
	}

	/** The latest date of care recorded outside encounters: results, reports, procedures, prescriptions, immunizations, documents. */
	private @Nullable LocalDate lastClinicalDate(AccessContext access, String patientId) {
		LocalDate latest = null;
		for (String[] q : new String[][] {{"Observation", "-date"}, {"DiagnosticReport", "-date"}, {"Procedure", "-date"},
				{"MedicationRequest", "-authoredon"}, {"Immunization", "-date"}, {"DocumentReference", "-date"}}) {
			org.hl7.fhir.r4.model.Resource r = first(access, q[0], Map.of("patient", patientId, "_sort", q[1]));
			latest = latest(latest, r == null ? null : clinicalDate(r));
		}
		return latest;
	}

	private @Nullable LocalDate clinicalDate(org.hl7.fhir.r4.model.Resource r) {
		Date d = null;
		if (r instanceof org.hl7.fhir.r4.model.Observation o) {
			d = o.hasEffectivePeriod() && o.getEffectivePeriod().hasEnd() ? o.getEffectivePeriod().getEnd()
					: o.hasEffectiveDateTimeType() ? o.getEffectiveDateTimeType().getValue() : o.getIssued();
		} else if (r instanceof org.hl7.fhir.r4.model.DiagnosticReport dr) {
			d = dr.hasEffectiveDateTimeType() ? dr.getEffectiveDateTimeType().getValue() : dr.getIssued();
		} else if (r instanceof org.hl7.fhir.r4.model.Procedure p) {
			d = p.hasPerformedPeriod() && p.getPerformedPeriod().hasEnd() ? p.getPerformedPeriod().getEnd()
					: p.hasPerformedDateTimeType() ? p.getPerformedDateTimeType().getValue() : null;
		} else if (r instanceof org.hl7.fhir.r4.model.MedicationRequest m) {
			d = m.getAuthoredOn();
		} else if (r instanceof org.hl7.fhir.r4.model.Immunization i) {
			d = i.hasOccurrenceDateTimeType() ? i.getOccurrenceDateTimeType().getValue() : null;
		} else if (r instanceof org.hl7.fhir.r4.model.DocumentReference doc) {
			d = doc.getDate();
		}
		return d == null ? null : day(d);
	}

	private static @Nullable LocalDate latest(@Nullable LocalDate a, @Nullable LocalDate b) {
		return a == null ? b : b == null || a.isAfter(b) ? a : b;
	}

	/** The medical record number (an identifier of type MR), else the first identifier; what paper files name. */
	static @Nullable String recordNumber(Patient patient) {
		for (Identifier id : patient.getIdentifier()) {
			if (id.hasValue() && id.getType().getCoding().stream().anyMatch(c -> "MR".equals(c.getCode()))) {
				return id.getValue();
			}
		}
		return patient.getIdentifier().stream().filter(Identifier::hasValue).map(Identifier::getValue).findFirst().orElse(null);
	}

	@SuppressWarnings("unchecked")
	private <T> @Nullable T first(AccessContext access, String type, Map<String, String> query) {
		Map<String, String[]> params = new LinkedHashMap<>();
		query.forEach((k, v) -> params.put(k, new String[] {v}));
		params.put("_count", new String[] {"1"});
		return search.firstMatches(access, parser.parse(type, params, true)).resources().stream()
				.filter(v -> v.resource() != null).map(v -> (T) v.resource()).findFirst().orElse(null);
	}

	private @Nullable LocalDate ended(Encounter e) {
		if (e.getPeriod().hasEnd()) {
			return day(e.getPeriod().getEnd());
		}
		return started(e);
	}

	private @Nullable LocalDate started(Encounter e) {
		return e.getPeriod().hasStart() ? day(e.getPeriod().getStart()) : null;
	}

	private LocalDate day(Date date) {
		return date.toInstant().atZone(zone).toLocalDate();
	}
}

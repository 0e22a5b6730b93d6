package org.custodian.ccda;

import java.util.List;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;

/**
 * The sections of acts the patient has or had: allergies, medications, problems, procedures,
 * immunizations, encounters and notes, each record as the C-CDA R2.1 entry template for it.
 */
final class ClinicalEntries {

	private static final String ACT_CLASS = "2.16.840.1.113883.5.6";
	private static final String ACT_CODE = "2.16.840.1.113883.5.4";
	private static final String SNOMED = "2.16.840.1.113883.6.96";

	private final Entries entries;
	private final List<String> represented;

	ClinicalEntries(Entries entries, List<String> represented) {
		this.entries = entries;
		this.represented = represented;
	}

	void allergies(CdaXml body) {
		CcdSection s = CcdSection.open(body, "2.16.840.1.113883.10.20.22.2.6.1", "2015-08-01", "48765-2",
				"Allergies and adverse reactions Document", "Allergies and Intolerances", List.of("Substance", "Category",
						"Status", "Since"));
		for (AllergyIntolerance a : entries.of(AllergyIntolerance.class)) {
			String status = CdaValues.display(a.getClinicalStatus());
			CcdSection.Row row = s.row(List.of(CdaValues.display(a.getCode()), a.getCategory().isEmpty() ? "-"
					: a.getCategory().get(0).getValueAsString(), status, Entries.day(a.hasOnsetDateTimeType()
							? a.getOnsetDateTimeType() : a.getRecordedDateElement())));
			CdaXml concern = concern(row, a, "2.16.840.1.113883.10.20.22.4.30", "2015-08-01", active(a.getClinicalStatus()));
			CdaValues.interval(concern.add("effectiveTime"), a.getRecordedDateElement(), null);
			CdaXml obs = concern.add("entryRelationship").attr("typeCode", "SUBJ").add("observation").attr("classCode", "OBS")
					.attr("moodCode", "EVN");
			obs.templateId("2.16.840.1.113883.10.20.22.4.7", null).templateId("2.16.840.1.113883.10.20.22.4.7", "2014-06-09");
			entries.id(obs, a);
			CdaValues.code(obs.add("code"), "ASSERTION", ACT_CODE, "Assertion");
			row.text(obs);
			obs.add("statusCode").attr("code", "completed");
			CdaValues.interval(obs.add("effectiveTime"), a.hasOnsetDateTimeType() ? a.getOnsetDateTimeType() : null, null);
			String category = a.getCategory().isEmpty() ? "" : a.getCategory().get(0).getValueAsString();
			String[] kind = switch (category) {
				case "food" -> new String[] {"414285001", "Allergy to food"};
				case "medication" -> new String[] {"416098002", "Allergy to drug"};
				case "environment" -> new String[] {"426232007", "Environmental allergy"};
				default -> new String[] {"419199007", "Allergy to substance"};
			};
			CdaValues.code(obs.add("value").type("CD"), kind[0], SNOMED, kind[1]);
			CdaXml substance = obs.add("participant").attr("typeCode", "CSM").add("participantRole").attr("classCode", "MANU")
					.add("playingEntity").attr("classCode", "MMAT");
			CdaValues.concept(substance.add("code"), a.getCode());
			represented.add(Entries.reference(a));
		}
		s.close();
	}

	void medications(CdaXml body) {
		CcdSection s = CcdSection.open(body, "2.16.840.1.113883.10.20.22.2.1.1", "2014-06-09", "10160-0",
				"History of Medication use Narrative", "Medications", List.of("Medication", "Instructions", "Status",
						"Ordered"));
		for (MedicationRequest m : entries.of(MedicationRequest.class)) {
			CodeableConcept drug = drug(m);
			Dosage dosage = m.getDosageInstructionFirstRep();
			String status = m.getStatusElement().getValueAsString() == null ? "unknown" : m.getStatusElement().getValueAsString();
			CcdSection.Row row = s.row(List.of(CdaValues.display(drug), dosage.hasText() ? dosage.getText() : "-", status,
					Entries.day(m.getAuthoredOnElement())));
			CdaXml act = row.entry().add("substanceAdministration").attr("classCode", "SBADM").attr("moodCode", "INT");
			act.templateId("2.16.840.1.113883.10.20.22.4.16", null).templateId("2.16.840.1.113883.10.20.22.4.16",
					"2014-06-09");
			entries.id(act, m);
			row.text(act);
			act.add("statusCode").attr("code", switch (status) {
				case "active" -> "active";
				case "on-hold" -> "suspended";
				case "cancelled" -> "cancelled";
				case "stopped" -> "aborted";
				default -> "completed";
			});
			CdaValues.interval(act.add("effectiveTime").type("IVL_TS"), m.getAuthoredOnElement(), null);
			Quantity dose = dosage.getDoseAndRateFirstRep().hasDoseQuantity() ? dosage.getDoseAndRateFirstRep()
					.getDoseQuantity() : null;
			if (dose != null && dose.getValue() != null) {
				act.add("doseQuantity").attr("value", dose.getValue().toPlainString()).attr("unit", dose.hasCode()
						? dose.getCode() : null);
			} else {
				act.add("doseQuantity").attr("nullFlavor", "UNK");
			}
			CdaXml product = act.add("consumable").add("manufacturedProduct").attr("classCode", "MANU");
			product.templateId("2.16.840.1.113883.10.20.22.4.23", null).templateId("2.16.840.1.113883.10.20.22.4.23",
					"2014-06-09");
			CdaValues.concept(product.add("manufacturedMaterial").add("code"), drug);
			represented.add(Entries.reference(m));
		}
		s.close();
	}

	/** The drug a request is for: its code, or the code of the Medication it refers to when that is in the record. */
	private CodeableConcept drug(MedicationRequest m) {
		if (m.hasMedicationCodeableConcept()) {
			return m.getMedicationCodeableConcept();
		}
		String ref = m.hasMedicationReference() ? m.getMedicationReference().getReference() : null;
		return entries.of(Medication.class).stream().filter(x -> Entries.reference(x).equals(ref)).findFirst()
				.map(Medication::getCode).orElse(new CodeableConcept().setText(m.hasMedicationReference()
						&& m.getMedicationReference().hasDisplay() ? m.getMedicationReference().getDisplay() : null));
	}

	void problems(CdaXml body) {
		CcdSection s = CcdSection.open(body, "2.16.840.1.113883.10.20.22.2.5.1", "2015-08-01", "11450-4",
				"Problem list - Reported", "Problems", List.of("Problem", "Status", "Onset", "Resolved"));
		for (Condition c : entries.of(Condition.class)) {
			CcdSection.Row row = s.row(List.of(CdaValues.display(c.getCode()), CdaValues.display(c.getClinicalStatus()),
					Entries.day(c.hasOnsetDateTimeType() ? c.getOnsetDateTimeType() : null), Entries.day(
							c.hasAbatementDateTimeType() ? c.getAbatementDateTimeType() : null)));
			CdaXml concern = concern(row, c, "2.16.840.1.113883.10.20.22.4.3", "2015-08-01", active(c.getClinicalStatus()));
			CdaValues.interval(concern.add("effectiveTime"), c.getRecordedDateElement(), null);
			CdaXml obs = concern.add("entryRelationship").attr("typeCode", "SUBJ").add("observation").attr("classCode", "OBS")
					.attr("moodCode", "EVN");
			obs.templateId("2.16.840.1.113883.10.20.22.4.4", null).templateId("2.16.840.1.113883.10.20.22.4.4", "2015-08-01");
			entries.id(obs, c);
			CdaValues.code(obs.add("code"), "55607006", SNOMED, "Problem").add("translation").attr("code", "75326-9")
					.attr("codeSystem", "2.16.840.1.113883.6.1").attr("displayName", "Problem");
			row.text(obs);
			obs.add("statusCode").attr("code", "completed");
			CdaValues.interval(obs.add("effectiveTime"), c.hasOnsetDateTimeType() ? c.getOnsetDateTimeType() : null,
					c.hasAbatementDateTimeType() ? c.getAbatementDateTimeType() : null);
			CdaValues.concept(obs.add("value").type("CD"), c.getCode());
			represented.add(Entries.reference(c));
		}
		s.close();
	}

	void procedures(CdaXml body) {
		CcdSection s = CcdSection.open(body, "2.16.840.1.113883.10.20.22.2.7.1", "2014-06-09", "47519-4",
				"History of Procedures Document", "Procedures", List.of("Procedure", "Status", "Date"));
		for (Procedure p : entries.of(Procedure.class)) {
			var when = p.hasPerformedDateTimeType() ? p.getPerformedDateTimeType() : p.hasPerformedPeriod()
					? p.getPerformedPeriod().getStartElement() : null;
			String status = p.getStatusElement().getValueAsString() == null ? "unknown" : p.getStatusElement()
					.getValueAsString();
			CcdSection.Row row = s.row(List.of(CdaValues.display(p.getCode()), status, Entries.day(when)));
			CdaXml act = row.entry().add("procedure").attr("classCode", "PROC").attr("moodCode", "EVN");
			act.templateId("2.16.840.1.113883.10.20.22.4.14", null).templateId("2.16.840.1.113883.10.20.22.4.14",
					"2014-06-09");
			entries.id(act, p);
			CdaValues.concept(act.add("code"), p.getCode());
			row.text(act);
			act.add("statusCode").attr("code", switch (status) {
				case "in-progress", "preparation", "on-hold" -> "active";
				case "stopped" -> "aborted";
				case "not-done" -> "cancelled";
				default -> "completed";
			});
			if (p.hasPerformedPeriod()) {
				CdaValues.interval(act.add("effectiveTime"), p.getPerformedPeriod().getStartElement(), p.getPerformedPeriod()
						.getEndElement());
			} else {
				CdaValues.time(act.add("effectiveTime"), when);
			}
			represented.add(Entries.reference(p));
		}
		s.close();
	}

	void immunizations(CdaXml body) {
		CcdSection s = CcdSection.open(body, "2.16.840.1.113883.10.20.22.2.2.1", "2015-08-01", "11369-6",
				"History of Immunization Narrative", "Immunizations", List.of("Vaccine", "Status", "Date"));
		for (Immunization i : entries.of(Immunization.class)) {
			var when = i.hasOccurrenceDateTimeType() ? i.getOccurrenceDateTimeType() : null;
			String status = i.getStatusElement().getValueAsString() == null ? "unknown" : i.getStatusElement()
					.getValueAsString();
			CcdSection.Row row = s.row(List.of(CdaValues.display(i.getVaccineCode()), status, Entries.day(when)));
			CdaXml act = row.entry().add("substanceAdministration").attr("classCode", "SBADM").attr("moodCode", "EVN")
					.attr("negationInd", String.valueOf("not-done".equals(status)));
			act.templateId("2.16.840.1.113883.10.20.22.4.52", null).templateId("2.16.840.1.113883.10.20.22.4.52",
					"2015-08-01");
			entries.id(act, i);
			row.text(act);
			act.add("statusCode").attr("code", "completed");
			CdaValues.time(act.add("effectiveTime"), when);
			CdaXml product = act.add("consumable").add("manufacturedProduct").attr("classCode", "MANU");
			product.templateId("2.16.840.1.113883.10.20.22.4.54", null).templateId("2.16.840.1.113883.10.20.22.4.54",
					"2014-06-09");
			CdaValues.concept(product.add("manufacturedMaterial").add("code"), i.getVaccineCode());
			represented.add(Entries.reference(i));
		}
		s.close();
	}

	void encounters(CdaXml body) {
		CcdSection s = CcdSection.open(body, "2.16.840.1.113883.10.20.22.2.22.1", "2015-08-01", "46240-8",
				"History of Hospitalizations+Outpatient visits Narrative", "Encounters", List.of("Encounter", "Class",
						"Start", "End"));
		for (Encounter e : entries.of(Encounter.class)) {
			CodeableConcept type = e.hasType() ? e.getTypeFirstRep() : new CodeableConcept().setText(e.getClass_()
					.getDisplay());
			CcdSection.Row row = s.row(List.of(CdaValues.display(type), e.getClass_().hasDisplay() ? e.getClass_().getDisplay()
					: e.getClass_().hasCode() ? e.getClass_().getCode() : "-", Entries.day(e.getPeriod().getStartElement()),
					Entries.day(e.getPeriod().getEndElement())));
			CdaXml act = row.entry().add("encounter").attr("classCode", "ENC").attr("moodCode", "EVN");
			act.templateId("2.16.840.1.113883.10.20.22.4.49", null).templateId("2.16.840.1.113883.10.20.22.4.49",
					"2015-08-01");
			entries.id(act, e);
			CdaValues.concept(act.add("code"), type);
			row.text(act);
			CdaValues.interval(act.add("effectiveTime"), e.getPeriod().getStartElement(), e.getPeriod().getEndElement());
			represented.add(Entries.reference(e));
		}
		s.close();
	}

	/**
	 * The clinical notes (C-CDA Companion Guide Notes Section and Note Activity): each note's content
	 * carried whole, as base64 with its media type, so nothing of a note is lost in the document.
	 */
	void notes(CdaXml body) {
		List<DocumentReference> notes = entries.of(DocumentReference.class);
		if (notes.isEmpty()) {
			return; // an optional section: left out when there are no notes
		}
		CcdSection s = CcdSection.open(body, "2.16.840.1.113883.10.20.22.2.65", "2016-11-01", "11488-4",
				"Consult note", "Notes", List.of("Note", "Date", "Format"));
		for (DocumentReference d : notes) {
			Attachment content = d.getContentFirstRep().getAttachment();
			CcdSection.Row row = s.row(List.of(CdaValues.display(d.getType()), Entries.day(d.getDateElement()),
					content.hasContentType() ? content.getContentType() : "-"));
			CdaXml act = row.entry().add("act").attr("classCode", "ACT").attr("moodCode", "EVN");
			act.templateId("2.16.840.1.113883.10.20.22.4.202", "2016-11-01");
			entries.id(act, d);
			CdaXml code = CdaValues.code(act.add("code"), "34109-9", "2.16.840.1.113883.6.1", "Note");
			d.getType().getCoding().stream().filter(c -> "http://loinc.org".equals(c.getSystem())).findFirst()
					.ifPresent(c -> CdaValues.coding(code.add("translation"), c));
			CdaXml text = act.add("text");
			if (content.hasData()) {
				text.attr("mediaType", content.getContentType()).attr("representation", "B64").text(java.util.Base64
						.getEncoder().encodeToString(content.getData()));
			}
			text.add("reference").attr("value", row.reference());
			act.add("statusCode").attr("code", "completed");
			CdaValues.time(act.add("effectiveTime"), d.hasDate() ? d.getDateElement() : null);
			CdaXml author = act.add("author");
			CdaValues.time(author.add("time"), d.hasDate() ? d.getDateElement() : null);
			author.add("assignedAuthor").add("id").attr("nullFlavor", "NI");
			represented.add(Entries.reference(d));
		}
		s.close();
	}

	/** A concern act (allergy or problem) around the observation: active while the concern is. */
	private CdaXml concern(CcdSection.Row row, Resource r, String template, String extension, boolean active) {
		CdaXml act = row.entry().add("act").attr("classCode", "ACT").attr("moodCode", "EVN");
		act.templateId(template, null).templateId(template, extension);
		entries.id(act, r);
		CdaValues.code(act.add("code"), "CONC", ACT_CLASS, "Concern");
		act.add("statusCode").attr("code", active ? "active" : "completed");
		return act;
	}

	private static boolean active(CodeableConcept clinicalStatus) {
		return clinicalStatus.getCoding().stream().anyMatch(c -> "active".equals(c.getCode()) || "recurrence".equals(
				c.getCode()) || "relapse".equals(c.getCode()));
	}
}

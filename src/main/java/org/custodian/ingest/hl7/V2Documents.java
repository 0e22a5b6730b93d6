package org.custodian.ingest.hl7;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessContext;
import org.custodian.record.StoredVersion;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;

import ca.uhn.hl7v2.util.Terser;

/**
 * Transcribed documents (MDM^T02 and the events that follow it) as DocumentReferences: the type of
 * TXA-2 (HL7 table 0270, also as the LOINC document type the completion rules know), the author of
 * TXA-9, the visit of PV1, and the text of the OBX lines (or a document carried whole, base64, in an ED
 * value). A document is found again by its unique number (TXA-12); an addendum (T06) appends to its
 * parent (TXA-13) and a replacement (T10) replaces it. A signed document is never changed by a message:
 * the store refuses it, and the message waits in the error queue.
 */
final class V2Documents {

	/** HL7 table 0270 document types and their LOINC document codes. */
	static final Map<String, String[]> TYPES = Map.ofEntries(Map.entry("DS", new String[] {"18842-5", "Discharge summary"}),
			Map.entry("HP", new String[] {"34117-2", "History and physical note"}), Map.entry("OP", new String[] {"11504-8",
					"Surgical operation note"}), Map.entry("CN", new String[] {"11488-4", "Consult note"}), Map.entry("PN",
							new String[] {"28570-0", "Procedure note"}), Map.entry("PR", new String[] {"11506-3", "Progress note"}),
			Map.entry("ED", new String[] {"34111-5", "Emergency department note"}), Map.entry("TS", new String[] {"18761-7",
					"Transfer summary note"}), Map.entry("SP", new String[] {"11526-1", "Pathology study"}), Map.entry("DI",
							new String[] {"18748-4", "Diagnostic imaging study"}));

	private final V2Records records;

	V2Documents(V2Records records) {
		this.records = records;
	}

	void apply(AccessContext access, Terser t, String event, String facility, List<String> written) {
		String patient = records.patient(access, t, "/PID", facility, written);
		String number = V2Fields.get(t, "/TXA-12-1");
		if (number == null) {
			throw new V2Exception("The document has no unique number (TXA-12)");
		}
		Identifier id = new Identifier().setSystem("urn:custodian:hl7:document:" + facility.replace(' ', '_')).setValue(number);
		StoredVersion known = records.byIdentifier(access, "DocumentReference", List.of(id));
		DocumentReference d = known == null ? new DocumentReference() : (DocumentReference) known.resource();
		if (!d.hasIdentifier()) {
			d.addIdentifier(id);
		}
		d.setStatus(DocumentReferenceStatus.CURRENT).setSubject(new Reference(patient));
		String type = V2Fields.get(t, "/TXA-2-1");
		d.getType().getCoding().clear();
		if (type != null) {
			String[] loinc = TYPES.get(type);
			if (loinc != null) {
				d.getType().addCoding(new Coding("http://loinc.org", loinc[0], loinc[1]));
			}
			d.getType().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v2-0270", type, V2Fields.get(t, "/TXA-2-2")));
		}
		DateTimeType when = records.time(t, "/TXA-4");
		if (when == null) {
			when = records.time(t, "/TXA-6");
		}
		if (when != null) {
			d.setDateElement(new org.hl7.fhir.r4.model.InstantType(when.getValueAsString().length() > 10 ? when.getValueAsString()
					: when.getValueAsString() + "T00:00:00Z"));
		}
		String author = records.practitioner(access, t, "/TXA-9", facility, written);
		if (author != null && d.getAuthor().stream().noneMatch(a -> author.equals(a.getReference()))) {
			d.addAuthor(new Reference(author));
		}
		String status = V2Fields.get(t, "/TXA-17");
		// Only a signature kept here makes a note final; the source's own word is kept as preliminary or not.
		d.setDocStatus("IP".equals(status) || "DI".equals(status) || "DO".equals(status) ? DocumentReference.ReferredDocumentStatus
				.PRELIMINARY : null);
		String visit = V2Fields.get(t, "/PV1-19-1");
		if (visit != null) {
			StoredVersion stay = records.byIdentifier(access, "Encounter", List.of(V2Records.visitNumber(facility, visit)));
			if (stay != null) {
				d.getContext().getEncounter().clear();
				d.getContext().addEncounter(new Reference("Encounter/" + stay.id()));
			}
		}
		d.getContent().clear();
		Attachment content = content(t);
		if (content == null) {
			throw new V2Exception("The document has no content (OBX-5)");
		}
		d.addContent().setAttachment(content);
		String parent = V2Fields.get(t, "/TXA-13-1");
		if (parent != null && (event.equals("T06") || event.equals("T10"))) {
			StoredVersion original = records.byIdentifier(access, "DocumentReference", List.of(new Identifier().setSystem(id
					.getSystem()).setValue(parent)));
			if (original == null) {
				throw new V2Exception("The document " + (event.equals("T06") ? "appends to" : "replaces") + " document " + parent
						+ ", which is not here");
			}
			d.getRelatesTo().clear();
			d.addRelatesTo().setCode(event.equals("T06") ? DocumentReference.DocumentRelationshipType.APPENDS
					: DocumentReference.DocumentRelationshipType.REPLACES).setTarget(new Reference("DocumentReference/" + original
							.id()));
			if (event.equals("T10")) {
				DocumentReference replaced = (DocumentReference) original.resource();
				replaced.setStatus(DocumentReferenceStatus.SUPERSEDED);
				records.write(access, "DocumentReference", original.id(), replaced, written);
			}
		}
		records.write(access, "DocumentReference", known == null ? null : known.id(), d, written);
	}

	/** The document's text from its OBX lines, or a document carried whole in an ED value. */
	private static @Nullable Attachment content(Terser t) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 2000; i++) {
			String obx = "/OBSERVATION(" + i + ")/OBX";
			String type = V2Fields.get(t, obx + "-2");
			if (type == null) {
				break;
			}
			if (type.equals("ED")) {
				String data = V2Fields.get(t, obx + "-5-5");
				String subtype = V2Fields.get(t, obx + "-5-3");
				if (data != null) {
					String mime = (V2Fields.get(t, obx + "-5-2") == null ? "application" : V2Fields.get(t, obx + "-5-2")) + "/"
							+ (subtype == null ? "octet-stream" : subtype.toLowerCase(java.util.Locale.ROOT));
					try {
						return new Attachment().setContentType(mime).setData(Base64.getMimeDecoder().decode(data));
					} catch (IllegalArgumentException e) {
						throw new V2Exception("The document carried in OBX " + (i + 1) + " is not base64");
					}
				}
			} else if (type.equals("TX") || type.equals("ST") || type.equals("FT")) {
				String line = V2Fields.get(t, obx + "-5");
				text.append(line == null ? "" : line.replace("\\.br\\", "\n")).append('\n');
			}
		}
		return text.length() == 0 ? null : new Attachment().setContentType("text/plain; charset=utf-8").setData(text.toString()
				.getBytes(StandardCharsets.UTF_8));
	}
}

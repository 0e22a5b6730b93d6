package org.custodian.ccda;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * A Continuity of Care Document (C-CDA R2.1, template 2.16.840.1.113883.10.20.22.1.2) written from a
 * patient's FHIR records: the US Realm header (the patient, this organization as author's
 * organization and custodian, the period covered) and the sections a CCD requires (allergies,
 * medications, problems, results, social history, vital signs) and those it recommends
 * (procedures, immunizations, encounters), plus the notes. Records CDA has no place for here are
 * answered as not represented, for the caller to list.
 */
public final class ContinuityOfCareDocument {

	/**
	 * Who keeps the record (the document's custodian and author's organization), when the document is
	 * made, and any notice the recipient must be given with it (42 CFR 2.32's, say): notices make the
	 * document restricted and open it, before the clinical sections.
	 */
	public record Header(String organization, Date made, List<String> notices) {

		public Header {
			notices = List.copyOf(notices);
		}

		public Header(String organization, Date made) {
			this(organization, made, List.of());
		}
	}

	/** The document, and which records it holds and which it could not represent. */
	public record Written(byte[] xml, List<String> represented, List<String> notRepresented) {

		public String text() {
			return new String(xml, StandardCharsets.UTF_8);
		}
	}

	private static final String US_CORE_RACE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race";
	private static final String US_CORE_ETHNICITY = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity";

	private ContinuityOfCareDocument() {}

	public static Written write(Header header, Patient patient, List<? extends Resource> records) {
		CdaXml doc = CdaXml.document("ClinicalDocument");
		doc.add("realmCode").attr("code", "US");
		doc.add("typeId").attr("root", "2.16.840.1.113883.1.3").attr("extension", "POCD_HD000040");
		doc.templateId("2.16.840.1.113883.10.20.22.1.1", null).templateId("2.16.840.1.113883.10.20.22.1.1", "2015-08-01");
		doc.templateId("2.16.840.1.113883.10.20.22.1.2", null).templateId("2.16.840.1.113883.10.20.22.1.2", "2015-08-01");
		doc.add("id").attr("root", UUID.randomUUID().toString());
		CdaValues.code(doc.add("code"), "34133-9", "2.16.840.1.113883.6.1", "Summarization of Episode Note")
				.attr("codeSystemName", "LOINC");
		doc.add("title", "Continuity of Care Document: " + name(patient));
		doc.add("effectiveTime").attr("value", CdaValues.ts(header.made()));
		if (header.notices().isEmpty()) {
			CdaValues.code(doc.add("confidentialityCode"), "N", "2.16.840.1.113883.5.25", "normal");
		} else {
			CdaValues.code(doc.add("confidentialityCode"), "R", "2.16.840.1.113883.5.25", "restricted");
		}
		doc.add("languageCode").attr("code", "en-US");
		recordTarget(doc, patient);
		author(doc, header);
		custodian(doc, header);
		Entries entries = new Entries(header.organization(), records);
		serviceEvent(doc, entries.period());
		CdaXml body = doc.add("component").add("structuredBody");
		if (!header.notices().isEmpty()) {
			CdaXml notice = body.add("component").add("section");
			notice.add("title", "Notice to the recipient");
			CdaXml text = notice.add("text");
			header.notices().forEach(n -> text.add("paragraph", n));
		}
		List<String> represented = new ArrayList<>();
		entries.write(body, represented);
		List<String> notRepresented = records.stream().map(Entries::reference)
				.filter(r -> !represented.contains(r) && !r.startsWith("Patient/")).toList();
		return new Written(doc.bytes(), represented, notRepresented);
	}

	private static void recordTarget(CdaXml doc, Patient p) {
		CdaXml role = doc.add("recordTarget").add("patientRole");
		role.add("id").attr("root", CdaValues.root("urn:custodian:patient")).attr("extension", p.getIdElement().getIdPart());
		for (Identifier i : p.getIdentifier()) {
			if (i.hasValue()) {
				role.add("id").attr("root", CdaValues.root(i.getSystem())).attr("extension", i.getValue());
			}
		}
		addresses(role, p.getAddress());
		telecoms(role, p.getTelecom());
		CdaXml person = role.add("patient");
		if (p.getName().isEmpty()) {
			person.add("name").attr("nullFlavor", "UNK");
		}
		for (HumanName n : p.getName()) {
			name(person.add("name").attr("use", n.getUse() == HumanName.NameUse.OFFICIAL || n.getUse() == HumanName.NameUse.USUAL
					? "L" : null), n);
		}
		String gender = switch (p.getGenderElement().getValueAsString() == null ? "" : p.getGenderElement().getValueAsString()) {
			case "male" -> "M";
			case "female" -> "F";
			default -> null;
		};
		if (gender == null) {
			person.add("administrativeGenderCode").attr("nullFlavor", "UNK");
		} else {
			CdaValues.code(person.add("administrativeGenderCode"), gender, "2.16.840.1.113883.5.1", gender.equals("M") ? "Male"
					: "Female");
		}
		CdaValues.time(person.add("birthTime"), p.hasBirthDate() ? p.getBirthDateElement() : null);
		ombCategory(person.add("raceCode"), p.getExtensionByUrl(US_CORE_RACE));
		ombCategory(person.add("ethnicGroupCode"), p.getExtensionByUrl(US_CORE_ETHNICITY));
		if (p.hasCommunication() && p.getCommunicationFirstRep().getLanguage().hasCoding()) {
			person.add("languageCommunication").add("languageCode").attr("code", p.getCommunicationFirstRep().getLanguage()
					.getCodingFirstRep().getCode());
		}
	}

	/** US Core's race or ethnicity as CDA's OMB category code (CDC Race and Ethnicity), or unknown. */
	private static void ombCategory(CdaXml el, Extension ext) {
		Extension omb = ext == null ? null : ext.getExtensionByUrl("ombCategory");
		if (omb == null || !(omb.getValue() instanceof org.hl7.fhir.r4.model.Coding c)) {
			el.attr("nullFlavor", "UNK");
			return;
		}
		CdaValues.code(el, c.getCode(), "2.16.840.1.113883.6.238", c.getDisplay()).attr("codeSystemName",
				"Race & Ethnicity - CDC");
	}

	private static void author(CdaXml doc, Header header) {
		CdaXml author = doc.add("author");
		author.add("time").attr("value", CdaValues.ts(header.made()));
		CdaXml assigned = author.add("assignedAuthor");
		assigned.add("id").attr("root", CdaValues.root("urn:custodian:system:" + header.organization()));
		assigned.add("addr").attr("nullFlavor", "UNK");
		assigned.add("telecom").attr("nullFlavor", "UNK");
		CdaXml device = assigned.add("assignedAuthoringDevice");
		device.add("manufacturerModelName", "Custodian");
		device.add("softwareName", "Custodian");
		organization(assigned.add("representedOrganization"), header.organization());
	}

	private static void custodian(CdaXml doc, Header header) {
		organization(doc.add("custodian").add("assignedCustodian").add("representedCustodianOrganization"),
				header.organization());
	}

	private static void organization(CdaXml org, String name) {
		org.add("id").attr("root", CdaValues.root("urn:custodian:organization:" + name));
		org.add("name", name);
		org.add("telecom").attr("nullFlavor", "UNK");
		org.add("addr").attr("nullFlavor", "UNK");
	}

	private static void serviceEvent(CdaXml doc, Entries.Period period) {
		CdaXml event = doc.add("documentationOf").add("serviceEvent").attr("classCode", "PCPR");
		CdaXml time = event.add("effectiveTime");
		CdaValues.interval(time, period.first(), period.last());
	}

	private static void addresses(CdaXml role, List<Address> addresses) {
		if (addresses.isEmpty()) {
			role.add("addr").attr("nullFlavor", "UNK");
		}
		for (Address a : addresses) {
			CdaXml addr = role.add("addr").attr("use", a.getUse() == Address.AddressUse.WORK ? "WP" : "HP");
			a.getLine().forEach(l -> addr.add("streetAddressLine", l.getValue()));
			addr.add("city", a.getCity());
			if (a.hasState()) {
				addr.add("state", a.getState());
			}
			if (a.hasPostalCode()) {
				addr.add("postalCode", a.getPostalCode());
			}
			if (a.hasCountry()) {
				addr.add("country", a.getCountry());
			}
		}
	}

	private static void telecoms(CdaXml role, List<ContactPoint> telecoms) {
		if (telecoms.isEmpty()) {
			role.add("telecom").attr("nullFlavor", "UNK");
		}
		for (ContactPoint t : telecoms) {
			String scheme = t.getSystem() == ContactPoint.ContactPointSystem.EMAIL ? "mailto:" : t.getSystem()
					== ContactPoint.ContactPointSystem.FAX ? "fax:" : "tel:";
			role.add("telecom").attr("value", scheme + t.getValue()).attr("use", t.getUse() == ContactPoint.ContactPointUse.WORK
					? "WP" : t.getUse() == ContactPoint.ContactPointUse.MOBILE ? "MC" : "HP");
		}
	}

	private static void name(CdaXml el, HumanName n) {
		n.getPrefix().forEach(x -> el.add("prefix", x.getValue()));
		for (StringType given : n.getGiven()) {
			el.add("given", given.getValue());
		}
		el.add("family", n.getFamily());
		n.getSuffix().forEach(x -> el.add("suffix", x.getValue()));
	}

	private static String name(Patient p) {
		return p.hasName() ? p.getNameFirstRep().getNameAsSingleString() : "Patient/" + p.getIdElement().getIdPart();
	}
}

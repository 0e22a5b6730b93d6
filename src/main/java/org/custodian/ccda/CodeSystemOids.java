package org.custodian.ccda;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The code systems CDA names by OID and FHIR by URI, both ways: for writing documents (a FHIR
 * system's OID) and for reading them (an OID's FHIR system, {@code urn:oid:} for one not known here).
 */
public final class CodeSystemOids {

	/** FHIR code system URIs and the OIDs CDA names them by. */
	private static final Map<String, String> OIDS = Map.ofEntries(
			Map.entry("http://snomed.info/sct", "2.16.840.1.113883.6.96"),
			Map.entry("http://loinc.org", "2.16.840.1.113883.6.1"),
			Map.entry("http://www.nlm.nih.gov/research/umls/rxnorm", "2.16.840.1.113883.6.88"),
			Map.entry("http://hl7.org/fhir/sid/cvx", "2.16.840.1.113883.12.292"),
			Map.entry("http://hl7.org/fhir/sid/icd-10-cm", "2.16.840.1.113883.6.90"),
			Map.entry("http://hl7.org/fhir/sid/icd-10", "2.16.840.1.113883.6.3"),
			Map.entry("http://hl7.org/fhir/sid/icd-9-cm", "2.16.840.1.113883.6.103"),
			Map.entry("http://www.ama-assn.org/go/cpt", "2.16.840.1.113883.6.12"),
			Map.entry("http://hl7.org/fhir/sid/ndc", "2.16.840.1.113883.6.69"),
			Map.entry("urn:oid:2.16.840.1.113883.6.238", "2.16.840.1.113883.6.238"),
			Map.entry("http://unitsofmeasure.org", "2.16.840.1.113883.6.8"),
			Map.entry("http://hl7.org/fhir/sid/us-ssn", "2.16.840.1.113883.4.1"),
			Map.entry("http://hl7.org/fhir/sid/us-npi", "2.16.840.1.113883.4.6"),
			Map.entry("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "2.16.840.1.113883.5.83"),
			Map.entry("http://terminology.hl7.org/CodeSystem/v3-ActCode", "2.16.840.1.113883.5.4"),
			Map.entry("http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration", "2.16.840.1.113883.5.112"),
			Map.entry("http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender", "2.16.840.1.113883.5.1"),
			Map.entry("http://terminology.hl7.org/CodeSystem/v3-ActStatus", "2.16.840.1.113883.5.14"),
			Map.entry("http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "2.16.840.1.113883.5.1063"),
			Map.entry("http://ncimeta.nci.nih.gov", "2.16.840.1.113883.3.26.1.1"),
			Map.entry("http://fdasis.nlm.nih.gov", "2.16.840.1.113883.4.9"),
			Map.entry("http://www.cms.gov/Medicare/Coding/ICD10", "2.16.840.1.113883.6.4"),
			Map.entry("https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "2.16.840.1.113883.6.285"));

	private static final Map<String, String> SYSTEMS = new HashMap<>();

	static {
		OIDS.forEach((system, oid) -> SYSTEMS.put(oid, system));
	}

	private CodeSystemOids() {}

	/** The OID of a FHIR system known here, or null. */
	public static @Nullable String oid(String system) {
		return OIDS.get(system);
	}

	/** The FHIR system of a code system OID: its URI when known, else {@code urn:oid:} and the OID. */
	public static String system(String oid) {
		String system = SYSTEMS.get(oid.strip());
		return system != null ? system : "urn:oid:" + oid.strip();
	}
}

package org.custodian.coding;

/** The canonical URIs of the code systems Custodian knows (HL7 Terminology's names for them). */
public final class CodeSystems {

	public static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
	public static final String ICD9CM = "http://hl7.org/fhir/sid/icd-9-cm";
	public static final String HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
	public static final String CPT = "http://www.ama-assn.org/go/cpt";
	public static final String LOINC = "http://loinc.org";
	public static final String SNOMED = "http://snomed.info/sct";
	public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

	private CodeSystems() {}

	/** A short name a person types on the command line ("icd-10-cm") or the URI itself, as the URI. */
	public static String of(String nameOrUri) {
		return switch (nameOrUri.toLowerCase(java.util.Locale.ROOT)) {
			case "icd-10-cm", "icd10cm" -> ICD10CM;
			case "icd-9-cm", "icd9cm" -> ICD9CM;
			case "hcpcs" -> HCPCS;
			case "cpt" -> CPT;
			case "loinc" -> LOINC;
			case "snomed", "snomed-ct", "sct" -> SNOMED;
			case "rxnorm" -> RXNORM;
			default -> nameOrUri;
		};
	}

	/** ICD codes are written with a dot after the category (E11.9) and stored without (E119). */
	public static String stored(String system, String code) {
		String c = code.trim().toUpperCase(java.util.Locale.ROOT);
		return system.equals(ICD10CM) || system.equals(ICD9CM) ? c.replace(".", "") : code.trim();
	}

	/** As people write it: ICD-10-CM with its dot after the third character. */
	public static String written(String system, String code) {
		if (system.equals(ICD10CM) && code.length() > 3) {
			return code.substring(0, 3) + "." + code.substring(3);
		}
		if (system.equals(ICD9CM) && code.length() > 3) {
			int at = code.startsWith("E") ? 4 : 3;
			return code.length() > at ? code.substring(0, at) + "." + code.substring(at) : code;
		}
		return code;
	}
}

package org.custodian.claims;

import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.custodian.access.AccessContext;
import org.custodian.coding.CodeSystems;
import org.custodian.coding.Terminology;
import org.custodian.record.RecordStore;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * The edits a claim passes before it is released, each explained and with its source: diagnosis
 * codes valid and complete on the date of service (the ICD-10-CM release in force), sex and age
 * conflicts and codes that may not be first-listed (the Medicare Code Editor's lists), every service
 * line pointing at a diagnosis and priced from the charge master, and the data a payer requires
 * (coverage and subscriber, the billing provider's NPI with a valid check digit, tax id and
 * address, the patient's birth date, sex and address). An error holds the claim; a warning is for the
 * biller to weigh.
 */
@Component
public class ClaimScrubber {

	/** One edit: a stable id, error or warning, what is wrong, and where the rule comes from. */
	public record Edit(String id, String severity, String message, String source) {}

	private static final String GUIDELINES = "ICD-10-CM Official Guidelines for Coding and Reporting";
	private static final String MCE = "CMS Medicare Code Editor v37 (FY2020) diagnosis edits";
	private static final String TR3 = "ASC X12 837 Professional implementation guide (005010X222A2)";

	private final Terminology terminology;
	private final RecordStore store;
	private final ClaimsProperties properties;
	private final NcciTables ncci;

	ClaimScrubber(Terminology terminology, RecordStore store, ClaimsProperties properties, NcciTables ncci) {
		this.ncci = ncci;
		this.terminology = terminology;
		this.store = store;
		this.properties = properties;
	}

	public List<Edit> scrub(AccessContext access, Claim claim, LocalDate dos) {
		List<Edit> edits = new ArrayList<>();
		Patient patient = (Patient) store.read(access, "Patient", claim.getPatient().getReferenceElement().getIdPart())
				.resource();
		diagnoses(claim, dos, patient, edits);
		lines(claim, edits);
		institutional(claim, edits);
		payer(access, claim, edits);
		provider(edits);
		patient(patient, edits);
		ncci(claim, dos, edits);
		return edits;
	}

	private void diagnoses(Claim claim, LocalDate dos, Patient patient, List<Edit> edits) {
		if (claim.getDiagnosis().isEmpty()) {
			edits.add(new Edit("DX-NONE", "error", "The claim has no diagnosis", TR3 + ", loop 2300 HI"));
		}
		Integer age = patient.hasBirthDate() ? Period.between(LocalDate.ofInstant(patient.getBirthDate().toInstant(),
				ZoneOffset.UTC), dos).getYears() : null;
		for (Claim.DiagnosisComponent d : claim.getDiagnosis()) {
			String code = d.getDiagnosisCodeableConcept().getCodingFirstRep().getCode();
			Terminology.Validation v = terminology.validate(CodeSystems.ICD10CM, code, dos, null, false);
			if (!v.valid()) {
				edits.add(new Edit("DX-INVALID", "error", v.message(), GUIDELINES + " I.B.7; ICD-10-CM release in force on " + dos));
			}
			for (SexAndAgeEdits.Rule rule : SexAndAgeEdits.of(CodeSystems.stored(CodeSystems.ICD10CM, code))) {
				if (rule.sex() != null && patient.hasGender() && patient.getGender() != Enumerations.AdministrativeGender.UNKNOWN
						&& !patient.getGender().toCode().equals(rule.sex())) {
					edits.add(new Edit("DX-SEX", "error", code + " is for " + rule.sex() + " patients only; this patient is "
							+ patient.getGender().toCode(), MCE + ", sex conflict"));
				}
				if (rule.sex() == null && rule.type().endsWith("_Only") && age != null && (age < rule.fromAge()
						|| age > rule.toAge())) {
					edits.add(new Edit("DX-AGE", "error", code + " is for patients aged " + rule.fromAge() + " to " + rule.toAge()
							+ " (" + rule.type().replace("_Only", "").toLowerCase(java.util.Locale.ROOT) + "); this patient was " + age
							+ " on " + dos, MCE + ", age conflict"));
				}
				if (d.getSequence() == 1 && rule.type().startsWith("Principal_")) {
					edits.add(new Edit("DX-FIRST-LISTED", "error", code + " may not be listed first: " + (rule.type().endsWith(
							"Manifestation") ? "it is a manifestation; code the underlying condition first" : "it is not acceptable as"
									+ " the first-listed diagnosis"), MCE + "; " + GUIDELINES + " I.A.13"));
				}
			}
		}
	}

	private void lines(Claim claim, List<Edit> edits) {
		if (claim.getItem().isEmpty()) {
			edits.add(new Edit("LINE-NONE", "error", "No billable service (a CPT or HCPCS code on the encounter or its"
					+ " procedures) to bill", TR3 + ", loop 2400"));
		}
		for (Claim.ItemComponent item : claim.getItem()) {
			String code = item.getProductOrService().getCodingFirstRep().getCode();
			if (item.getDiagnosisSequence().isEmpty() || item.getDiagnosisSequence().stream().anyMatch(p -> p.getValue() < 1
					|| p.getValue() > claim.getDiagnosis().size())) {
				edits.add(new Edit("LINE-POINTER", "error", "Line " + item.getSequence() + " (" + code + ") does not point at a"
						+ " diagnosis of the claim", TR3 + ", SV107 diagnosis code pointers"));
			}
			if (!item.hasNet()) {
				edits.add(new Edit("LINE-CHARGE", "error", "Line " + item.getSequence() + ": " + code + " has no charge in the"
						+ " charge master (custodian.claims.charges." + code + ")", "The organization's charge master"));
			}
		}
	}

	/**
	 * NCCI: pairs of a claim's services billed together (modifier indicator 0: never; 1: only with a
	 * modifier showing distinct services, 59 or XE/XS/XP/XU), and each service's units on the day
	 * against its medically unlikely edit. Without the tables loaded, the biller is told they were not
	 * checked.
	 */
	private void ncci(Claim claim, LocalDate dos, List<Edit> edits) {
		if (!ncci.loaded("ptp") && !ncci.loaded("mue")) {
			edits.add(new Edit("NCCI-NOT-LOADED", "warning", "The NCCI procedure-to-procedure and medically unlikely edit tables"
					+ " are not loaded here, so pairs of services and unit limits were not checked (custodian claims load-ncci)",
					"CMS National Correct Coding Initiative"));
			return;
		}
		List<Claim.ItemComponent> items = claim.getItem();
		for (int i = 0; i < items.size(); i++) {
			for (int j = i + 1; j < items.size(); j++) {
				String a = code(items.get(i));
				String b = code(items.get(j));
				var pair = ncci.pair(a, b, dos);
				if (pair.isEmpty() || pair.get().modifier() == '9') {
					continue;
				}
				boolean distinct = distinct(items.get(i)) || distinct(items.get(j));
				if (pair.get().modifier() == '0') {
					edits.add(new Edit("NCCI-PTP", "error", pair.get().column2() + " is not paid with " + pair.get().column1()
							+ " on the same day, modifier or not (" + pair.get().rationale() + ")", "CMS NCCI procedure-to-procedure"
									+ " edits, modifier indicator 0"));
				} else if (!distinct) {
					edits.add(new Edit("NCCI-PTP-MODIFIER", "error", pair.get().column2() + " is paid with " + pair.get().column1()
							+ " only with a modifier showing a distinct service (59, XE, XS, XP, XU) when the record supports it ("
							+ pair.get().rationale() + ")", "CMS NCCI procedure-to-procedure edits, modifier indicator 1"));
				}
			}
		}
		java.util.Map<String, java.math.BigDecimal> units = new java.util.LinkedHashMap<>();
		items.forEach(item -> units.merge(code(item), item.getQuantity().getValue(), java.math.BigDecimal::add));
		units.forEach((code, n) -> ncci.limit(code).ifPresent(limit -> {
			if (n.compareTo(java.math.BigDecimal.valueOf(limit.units())) > 0) {
				edits.add(new Edit("NCCI-MUE", "error", code + " is billed " + n.stripTrailingZeros().toPlainString()
						+ " units on " + dos + "; its medically unlikely edit allows " + limit.units() + " (" + limit.indicator() + ")",
						"CMS NCCI medically unlikely edits"));
			}
		}));
	}

	private static String code(Claim.ItemComponent item) {
		return item.getProductOrService().getCodingFirstRep().getCode();
	}

	private static boolean distinct(Claim.ItemComponent item) {
		return item.getModifier().stream().flatMap(m -> m.getCoding().stream()).anyMatch(c -> java.util.Set.of("59", "XE",
				"XS", "XP", "XU").contains(c.getCode()));
	}

	/** An institutional claim's own requirements: its type of bill, the attending physician with an NPI, revenue codes. */
	private static void institutional(Claim claim, List<Edit> edits) {
		if (!"institutional".equals(claim.getType().getCodingFirstRep().getCode())) {
			return;
		}
		String source = "ASC X12 837 Institutional implementation guide (005010X223A3)";
		if (!claim.getSubType().getCodingFirstRep().hasCode()) {
			edits.add(new Edit("BILL-TYPE", "error", "An institutional claim needs its type of bill", source + ", CLM05"));
		}
		Claim.CareTeamComponent attending = claim.getCareTeamFirstRep();
		if (!attending.hasProvider() || !attending.getProvider().hasIdentifier() || !npi(attending.getProvider()
				.getIdentifier().getValue())) {
			edits.add(new Edit("ATTENDING", "error", "An institutional claim names the attending physician with a valid NPI:"
					+ " the encounter has no participant who is a practitioner with one", source + ", loop 2310A"));
		}
		for (Claim.ItemComponent item : claim.getItem()) {
			if (!item.getRevenue().getCodingFirstRep().hasCode() || !item.getRevenue().getCodingFirstRep().getCode().matches(
					"\\d{4}")) {
				edits.add(new Edit("REVENUE-CODE", "error", "Line " + item.getSequence() + " has no four-digit revenue code",
						source + ", SV201"));
			}
		}
	}

	private void payer(AccessContext access, Claim claim, List<Edit> edits) {
		String ref = claim.getInsuranceFirstRep().getCoverage().getReference();
		if (ref == null) {
			edits.add(new Edit("COVERAGE-NONE", "error", "The patient has no active coverage on file", TR3 + ", loop 2000B"));
			return;
		}
		Coverage c = (Coverage) store.read(access, "Coverage", new org.hl7.fhir.r4.model.IdType(ref).getIdPart()).resource();
		if (!c.hasSubscriberId()) {
			edits.add(new Edit("SUBSCRIBER-ID", "error", "The coverage has no subscriber (member) id", TR3 + ", NM109 of loop"
					+ " 2010BA"));
		}
		if (c.getPayorFirstRep().getDisplay() == null) {
			edits.add(new Edit("PAYER-NAME", "error", "The coverage names no payer", TR3 + ", loop 2010BB"));
		}
	}

	private void provider(List<Edit> edits) {
		ClaimsProperties.Party p = properties.billingProvider();
		if (p == null || p.name() == null || p.npi() == null || p.taxId() == null || p.address() == null || p.zip() == null) {
			edits.add(new Edit("BILLING-PROVIDER", "error", "The billing provider's name, NPI, tax id and address are"
					+ " configured in custodian.claims.billing-provider.*", TR3 + ", loop 2010AA"));
		} else if (!npi(p.npi())) {
			edits.add(new Edit("BILLING-NPI", "error", "The billing provider's NPI " + p.npi() + " fails its check digit",
					"CMS NPI standard (ISO/IEC 7812 Luhn check with prefix 80840)"));
		}
		if (properties.submitter() == null || properties.receiver() == null) {
			edits.add(new Edit("SUBMITTER", "error", "The submitter and receiver are configured in custodian.claims.submitter.*"
					+ " and custodian.claims.receiver.*", TR3 + ", loops 1000A and 1000B"));
		}
	}

	private static void patient(Patient patient, List<Edit> edits) {
		if (!patient.hasBirthDate() || !patient.hasGender() || !patient.hasAddress()) {
			edits.add(new Edit("PATIENT-DATA", "error", "The patient's birth date, sex and address are required", TR3
					+ ", DMG and N3/N4 of loop 2010BA"));
		}
	}

	/** The NPI check digit: Luhn over the prefix 80840 and the first nine digits. */
	static boolean npi(String npi) {
		if (!npi.matches("\\d{10}")) {
			return false;
		}
		String digits = "80840" + npi.substring(0, 9);
		int sum = 0;
		for (int i = 0; i < digits.length(); i++) {
			int d = digits.charAt(digits.length() - 1 - i) - '0';
			if (i % 2 == 0) {
				d *= 2;
				if (d > 9) {
					d -= 9;
				}
			}
			sum += d;
		}
		return (10 - sum % 10) % 10 == npi.charAt(9) - '0';
	}
}

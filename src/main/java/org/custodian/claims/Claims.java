package org.custodian.claims;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.custodian.access.AccessContext;
import org.custodian.coding.CodeSystems;
import org.custodian.coding.EncounterCoding;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.custodian.search.SearchRequestParser;
import org.custodian.search.SearchService;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.springframework.stereotype.Service;

import ca.uhn.fhir.context.FhirContext;

/**
 * Claims from coded encounters: a FHIR Claim built from an encounter's signed final coding (its
 * diagnoses, first-listed first), its billable services (the encounter's and its procedures' CPT or
 * HCPCS codes, charged from the charge master), the patient's coverage and the billing provider;
 * stored through the gate, scrubbed ({@link ClaimScrubber}), and written as an X12 837 Professional
 * file ({@link X12Claim}), professional or institutional, only when the scrubber finds no error.
 */
@Service
public class Claims {

	/** A claim as built and what the scrubber says of it. */
	public record Built(String id, Claim claim, List<ClaimScrubber.Edit> edits) {}

	static final String CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type";
	private static final int MOST = 100;

	private final RecordStore store;
	private final SearchService search;
	private final SearchRequestParser parser;
	private final EncounterCoding coding;
	private final ClaimScrubber scrubber;
	private final ClaimsProperties properties;
	private final Clock clock;

	Claims(RecordStore store, SearchService search, FhirContext ctx, EncounterCoding coding, ClaimScrubber scrubber,
			ClaimsProperties properties, Clock clock) {
		this.store = store;
		this.search = search;
		this.parser = new SearchRequestParser(ctx, MOST, MOST);
		this.coding = coding;
		this.scrubber = scrubber;
		this.properties = properties;
		this.clock = clock;
	}

	/** Builds, stores and scrubs the professional claim for a finally coded encounter. */
	public Built build(AccessContext access, String encounterId) {
		return build(access, encounterId, "professional");
	}

	/**
	 * Builds, stores and scrubs the claim for a finally coded encounter: {@code professional} (the
	 * physician's services, an 837P) or {@code institutional} (the facility's, an 837I: type of bill
	 * from the encounter's class, revenue codes, the attending physician).
	 */
	public Built build(AccessContext access, String encounterId, String type) {
		if (!type.equals("professional") && !type.equals("institutional")) {
			throw new CustodianException.Invalid(ErrorCode.CLAIM_INVALID, "A claim is professional or institutional, not " + type);
		}
		boolean institutional = type.equals("institutional");
		EncounterCoding.Signed signed = coding.signed(access, encounterId).orElseThrow(() -> new CustodianException.Conflict(
				ErrorCode.CLAIM_INVALID, "Encounter/" + encounterId + " has no signed final coding: code it first"));
		Encounter encounter = (Encounter) store.read(access, "Encounter", encounterId).resource();
		String patient = encounter.getSubject().getReference();
		Claim claim = new Claim();
		claim.setStatus(Claim.ClaimStatus.ACTIVE);
		claim.setType(new CodeableConcept(new Coding(CLAIM_TYPE, type, institutional ? "Institutional" : "Professional")));
		if (institutional) {
			// Type of bill (NUBC): hospital inpatient (011x) or outpatient (013x), admit through discharge (frequency 1).
			boolean inpatient = java.util.Set.of("IMP", "ACUTE", "NONAC").contains(encounter.getClass_().getCode());
			claim.setSubType(new CodeableConcept(new Coding("https://www.nubc.org/CodeSystem/TypeOfBill", inpatient ? "0111"
					: "0131", inpatient ? "Hospital inpatient, admit through discharge" : "Hospital outpatient, admit through"
							+ " discharge")));
			attending(access, encounter).ifPresent(a -> claim.addCareTeam().setSequence(1).setProvider(a).setRole(
					new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/claimcareteamrole", "primary",
							"Primary provider"))));
		}
		claim.setUse(Claim.Use.CLAIM);
		claim.setPatient(new Reference(patient));
		claim.setBillablePeriod(new Period().setStart(encounter.getPeriod().getStart()).setEnd(encounter.getPeriod().hasEnd()
				? encounter.getPeriod().getEnd() : encounter.getPeriod().getStart()));
		claim.setCreated(Date.from(clock.instant()));
		ClaimsProperties.Party billing = properties.billingProvider();
		claim.setProvider(new Reference().setDisplay(billing == null ? null : billing.name()).setIdentifier(
				billing == null || billing.npi() == null ? null : new Identifier().setSystem("http://hl7.org/fhir/sid/us-npi")
						.setValue(billing.npi())));
		claim.setPriority(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/processpriority", "normal",
				"Normal")));
		List<Coverage> coverages = coverages(access, patient);
		if (coverages.isEmpty()) {
			claim.addInsurance().setSequence(1).setFocal(true).setCoverage(new Reference().setDisplay("No coverage on file"));
		}
		for (Coverage coverage : coverages) {
			// The primary payer is billed (focal); the others are named for coordination of benefits.
			claim.addInsurance().setSequence(claim.getInsurance().size() + 1).setFocal(claim.getInsurance().isEmpty())
					.setCoverage(new Reference("Coverage/" + coverage.getIdElement().getIdPart()).setDisplay(coverage
							.getPayorFirstRep().getDisplay()));
		}
		int sequence = 1;
		for (String code : signed.codes()) {
			claim.addDiagnosis().setSequence(sequence++).setDiagnosis(new CodeableConcept(new Coding(CodeSystems.ICD10CM, code,
					null)));
		}
		LocalDate dos = signed.dateOfService();
		BigDecimal total = BigDecimal.ZERO;
		int line = 1;
		for (Coding service : services(access, encounter, encounterId)) {
			BigDecimal charge = properties.charges().get(service.getCode());
			Claim.ItemComponent item = claim.addItem().setSequence(line++).setProductOrService(new CodeableConcept(service))
					.setServiced(new org.hl7.fhir.r4.model.DateType(dos.toString()))
					.setQuantity((SimpleQuantity) new SimpleQuantity().setValue(1));
			for (int d = 1; d <= Math.min(4, signed.codes().size()); d++) {
				item.addDiagnosisSequence(d);
			}
			if (institutional) {
				item.setRevenue(new CodeableConcept(new Coding("https://www.nubc.org/CodeSystem/RevenueCodes", properties
						.revenueCodes().getOrDefault(service.getCode(), properties.defaultRevenueCode()), null)));
			}
			if (charge != null) {
				item.setUnitPrice(new Money().setValue(charge).setCurrency("USD")).setNet(new Money().setValue(charge)
						.setCurrency("USD"));
				total = total.add(charge);
			}
		}
		claim.setTotal(new Money().setValue(total).setCurrency("USD"));
		claim.addExtension("https://custodian.dev/fhir/StructureDefinition/claim-encounter", new Reference("Encounter/"
				+ encounterId));
		var written = store.create(access, "Claim", claim, null);
		String id = written.version().id();
		claim.setId(id);
		return new Built(id, claim, scrubber.scrub(access, claim, dos));
	}

	/** Where modifiers come from: CPT's are two digits, HCPCS Level II's letters (with a digit or two). */
	static final String CPT = "http://www.ama-assn.org/go/cpt";
	static final String HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

	/**
	 * Sets the modifiers of one line of a claim (up to four, in the order billed: 25, 59, XS, LT…),
	 * stores the claim's new version through the gate, and scrubs it again, since a modifier is what
	 * lets some NCCI pairs through.
	 */
	public Built setModifiers(AccessContext access, String claimId, int line, List<String> modifiers) {
		List<String> codes = modifiers.stream().map(m -> m.strip().toUpperCase(java.util.Locale.ROOT)).filter(m -> !m.isEmpty())
				.toList();
		if (codes.size() > 4) {
			throw new CustodianException.Invalid(ErrorCode.CLAIM_INVALID, "A claim line carries at most four modifiers, not "
					+ codes.size());
		}
		for (String m : codes) {
			if (!m.matches("[0-9A-Z]{2}")) {
				throw new CustodianException.Invalid(ErrorCode.CLAIM_INVALID, "A modifier is two letters or digits (59, XS, LT),"
						+ " not " + m);
			}
		}
		if (codes.stream().distinct().count() != codes.size()) {
			throw new CustodianException.Invalid(ErrorCode.CLAIM_INVALID, "A modifier is given once per line");
		}
		var stored = store.read(access, "Claim", claimId);
		Claim claim = (Claim) stored.resource();
		Claim.ItemComponent item = claim.getItem().stream().filter(i -> i.getSequence() == line).findFirst().orElseThrow(
				() -> new CustodianException.Invalid(ErrorCode.CLAIM_INVALID, "Claim/" + claimId + " has no line " + line));
		item.getModifier().clear();
		for (String m : codes) {
			item.addModifier(new CodeableConcept(new Coding(Character.isDigit(m.charAt(0)) && Character.isDigit(m.charAt(1)) ? CPT
					: HCPCS, m, null)));
		}
		store.update(access, "Claim", claimId, claim, stored.version());
		return scrub(access, claimId);
	}

	/** The claim as stored, scrubbed again (codes are judged on its date of service). */
	public Built scrub(AccessContext access, String claimId) {
		Claim claim = (Claim) store.read(access, "Claim", claimId).resource();
		return new Built(claimId, claim, scrubber.scrub(access, claim, LocalDate.ofInstant(claim.getBillablePeriod().getStart()
				.toInstant(), ZoneOffset.UTC)));
	}

	/** An 837 file as written, and whose claim it is (for the audit record). */
	public record Edi(byte[] bytes, String patient) {}

	/** The claim as an 837P or 837I file: refused while the scrubber finds errors; structurally validated. */
	public Edi x12(AccessContext access, String claimId) {
		Built b = scrub(access, claimId);
		List<ClaimScrubber.Edit> errors = b.edits().stream().filter(e -> e.severity().equals("error")).toList();
		if (!errors.isEmpty()) {
			throw new CustodianException.Conflict(ErrorCode.CLAIM_INVALID, "Claim/" + claimId + " is not clean: " + String.join(
					"; ", errors.stream().map(e -> e.id() + " " + e.message()).toList()));
		}
		Patient patient = (Patient) store.read(access, "Patient", b.claim().getPatient().getReferenceElement().getIdPart())
				.resource();
		List<X12Claim.Payer> payers = new ArrayList<>();
		for (Claim.InsuranceComponent insurance : b.claim().getInsurance()) {
			String ref = insurance.getCoverage().getReference();
			if (ref != null) {
				Coverage c = (Coverage) store.read(access, "Coverage", new org.hl7.fhir.r4.model.IdType(ref).getIdPart()).resource();
				payers.add(subscriber(access, c, patient));
			}
		}
		byte[] edi = X12Claim.write(b.claim(), claimId, patient, payers, properties, clock.instant());
		List<String> problems = X12Structure.problems(edi);
		if (!problems.isEmpty()) {
			throw new IllegalStateException("The 837 written for Claim/" + claimId + " is malformed: " + problems);
		}
		return new Edi(edi, b.claim().getPatient().getReference());
	}

	/**
	 * Who holds the coverage: the patient (self, or no subscriber named), or the person named as its
	 * subscriber (a Patient or RelatedPerson: the parent whose plan covers a child, say), read through the gate.
	 */
	private X12Claim.Payer subscriber(AccessContext access, Coverage c, Patient patient) {
		String ref = c.getSubscriber().getReference();
		String relationship = c.getRelationship().getCodingFirstRep().getCode();
		if (ref == null || "self".equals(relationship) || ref.equals("Patient/" + patient.getIdElement().getIdPart())) {
			return new X12Claim.Payer(c, X12Claim.Person.of(patient), true);
		}
		org.hl7.fhir.r4.model.Resource who = (org.hl7.fhir.r4.model.Resource) store.read(access, ref.substring(0, ref.indexOf(
				'/')), ref.substring(ref.indexOf('/') + 1)).resource();
		return new X12Claim.Payer(c, who instanceof org.hl7.fhir.r4.model.RelatedPerson rp ? X12Claim.Person.of(rp)
				: X12Claim.Person.of((Patient) who), false);
	}

	/** The attending physician: the encounter's first participant who is a practitioner, with their NPI. */
	private java.util.Optional<Reference> attending(AccessContext access, Encounter encounter) {
		for (Encounter.EncounterParticipantComponent p : encounter.getParticipant()) {
			String ref = p.getIndividual().getReference();
			if (ref != null && ref.startsWith("Practitioner/")) {
				org.hl7.fhir.r4.model.Practitioner who = (org.hl7.fhir.r4.model.Practitioner) store.read(access, "Practitioner",
						ref.substring("Practitioner/".length())).resource();
				Identifier npi = who.getIdentifier().stream().filter(i -> "http://hl7.org/fhir/sid/us-npi".equals(i.getSystem()))
						.findFirst().orElse(null);
				return java.util.Optional.of(new Reference(ref).setDisplay(who.getNameFirstRep().getNameAsSingleString())
						.setIdentifier(npi));
			}
		}
		return java.util.Optional.empty();
	}

	/** The billable services: CPT or HCPCS codes on the encounter's type and on its procedures. */
	private List<Coding> services(AccessContext access, Encounter encounter, String encounterId) {
		List<Coding> out = new ArrayList<>();
		encounter.getType().forEach(t -> t.getCoding().stream().filter(Claims::billable).forEach(out::add));
		for (StoredVersion v : search.firstMatches(access, parser.parse("Procedure", Map.of("encounter", new String[] {
				"Encounter/" + encounterId}), true)).resources()) {
			((Procedure) v.resource()).getCode().getCoding().stream().filter(Claims::billable).forEach(out::add);
		}
		return out;
	}

	private static boolean billable(Coding c) {
		return CodeSystems.CPT.equals(c.getSystem()) || CodeSystems.HCPCS.equals(c.getSystem());
	}

	/** The patient's active coverages, primary first (by their order, then as found). */
	private List<Coverage> coverages(AccessContext access, String patient) {
		return search.firstMatches(access, parser.parse("Coverage", Map.of("beneficiary", new String[] {patient}, "status",
				new String[] {"active"}), true)).resources().stream().map(v -> (Coverage) v.resource()).sorted(
						java.util.Comparator.comparingInt(c -> c.hasOrder() ? c.getOrder() : Integer.MAX_VALUE)).toList();
	}
}

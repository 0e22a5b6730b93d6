package org.custodian.claims;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.custodian.coding.CodeSystems;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;

import io.xlate.edi.stream.EDIOutputFactory;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamWriter;

/**
 * A FHIR Claim as an ASC X12 837 interchange, written with StAEDI: Professional (005010X222A2) or
 * Institutional (005010X223A3) by the claim's type. Both have the envelopes (ISA/GS/ST), the
 * submitter and receiver (1000A/B), the billing provider (2000A/2010AA), the subscriber and the
 * payer (2000B/2010BA/2010BB), the patient's own level when they are the subscriber's dependent
 * (2000C/2010CA), the other payers for coordination of benefits (2320/2330), the claim (2300 CLM) with its diagnoses (HI: ABK for
 * the first-listed or principal, ABF for the others), and a line per item (2400). A professional line
 * is the procedure, charge, units and diagnosis pointers (SV1); an institutional claim adds its
 * statement dates (DTP 434), the admission for an inpatient bill (CL1) and the attending physician
 * (2310A), and its lines carry the revenue code (SV2).
 */
final class X12Claim {

	private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd").withZone(ZoneOffset.UTC);
	private static final DateTimeFormatter CCYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
	private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm").withZone(ZoneOffset.UTC);

	/** StAEDI's own schema of the X12 5010 envelopes (ISA/GS/ST and their trailers). */
	private static final io.xlate.edi.schema.Schema CONTROL = control();

	private X12Claim() {}

	private static io.xlate.edi.schema.Schema control() {
		try {
			return io.xlate.edi.schema.SchemaFactory.newFactory().getControlSchema(io.xlate.edi.stream.EDIStreamConstants
					.Standards.X12, new String[] {"00501"});
		} catch (io.xlate.edi.schema.EDISchemaException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A person on a claim: the patient, or the subscriber whose coverage it is. */
	record Person(@Nullable String family, String given, Address address, java.util.@Nullable Date birth, String sex) {

		static Person of(Patient p) {
			HumanName n = p.getNameFirstRep();
			return new Person(n.getFamily(), n.getGivenAsSingleString(), p.getAddressFirstRep(), p.getBirthDate(), X12Claim.sex(p.getGender()));
		}

		static Person of(org.hl7.fhir.r4.model.RelatedPerson p) {
			HumanName n = p.getNameFirstRep();
			return new Person(n.getFamily(), n.getGivenAsSingleString(), p.getAddressFirstRep(), p.getBirthDate(), X12Claim.sex(
					p.getGender()));
		}
	}

	/** A payer of the claim: its coverage, who holds it, and whether that is the patient. */
	record Payer(Coverage coverage, Person subscriber, boolean self) {

		/**
		 * The claim filing indicator (SBR09) for the payer: from the coverage's type in the Source of
		 * Payment Typology when it has one (Medicare, Medicare Advantage, Medicaid, TRICARE, VA, Blue
		 * Cross Blue Shield, HMO, self-pay), else from the payer's name for Medicare and Medicaid,
		 * else commercial insurance (CI).
		 */
		String filing(boolean institutional) {
			String sopt = coverage.getType().getCoding().stream().filter(c -> "https://nahdo.org/sopt".equals(c.getSystem())
					|| "urn:oid:2.16.840.1.113883.3.221.5".equals(c.getSystem())).map(org.hl7.fhir.r4.model.Coding::getCode)
					.findFirst().orElse("");
			String payer = String.valueOf(coverage.getPayorFirstRep().getDisplay()).toLowerCase(Locale.ROOT);
			if (sopt.startsWith("11") || payer.contains("medicare advantage")) {
				return "16";
			}
			if (sopt.startsWith("1") || sopt.isEmpty() && payer.contains("medicare")) {
				return institutional ? "MA" : "MB";
			}
			if (sopt.startsWith("2") || sopt.isEmpty() && payer.contains("medicaid")) {
				return "MC";
			}
			if (sopt.startsWith("31")) {
				return "CH";
			}
			if (sopt.startsWith("32")) {
				return "VA";
			}
			if (sopt.startsWith("6")) {
				return "BL";
			}
			if (sopt.startsWith("7")) {
				return "HM";
			}
			if (sopt.startsWith("8")) {
				return "09";
			}
			return "CI";
		}

		/** The patient's relationship to the subscriber, as X12 codes it (PAT01, SBR02): spouse 01, child 19, life partner 53. */
		String relationship() {
			return self ? "18" : switch (coverage.getRelationship().getCodingFirstRep().getCode() == null ? "" : coverage
					.getRelationship().getCodingFirstRep().getCode()) {
				case "spouse" -> "01";
				case "child" -> "19";
				case "common" -> "53";
				default -> "G8";
			};
		}
	}

	static byte[] write(Claim claim, String claimId, Patient patient, List<Payer> payers, ClaimsProperties p, Instant now) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		String control = String.format("%09d", Math.floorMod(claimId.hashCode(), 1_000_000_000));
		String group = String.valueOf(Math.floorMod(claimId.hashCode(), 100_000_000) + 1);
		ClaimsProperties.Party submitter = p.submitter();
		ClaimsProperties.Party receiver = p.receiver();
		ClaimsProperties.Party billing = p.billingProvider();
		boolean institutional = "institutional".equals(claim.getType().getCodingFirstRep().getCode());
		String version = institutional ? "005010X223A3" : "005010X222A2";
		try {
			EDIStreamWriter w = EDIOutputFactory.newFactory().createEDIStreamWriter(out);
			w.setControlSchema(CONTROL); // the envelopes validated as they are written
			w.startInterchange();
			Segments s = new Segments(w);
			s.segment("ISA", "00", "          ", "00", "          ", "ZZ", pad(submitter.id(), 15), "ZZ", pad(receiver.id(), 15),
					YYMMDD.format(now), HHMM.format(now), "^", "00501", control, "0", "P", ":");
			s.segment("GS", "HC", submitter.id(), receiver.id(), CCYYMMDD.format(now), HHMM.format(now), group, "X", version);
			s.startTransaction();
			s.segment("ST", "837", "0001", version);
			s.segment("BHT", "0019", "00", reference(claimId), CCYYMMDD.format(now), HHMM.format(now), "CH");
			s.segment("NM1", "41", "2", upper(submitter.name()), "", "", "", "", "46", submitter.id());
			s.segment("PER", "IC", upper(submitter.name()), "TE", digits(submitter.phone()));
			s.segment("NM1", "40", "2", upper(receiver.name()), "", "", "", "", "46", receiver.id());
			s.segment("HL", "1", "", "20", "1");
			s.segment("NM1", "85", "2", upper(billing.name()), "", "", "", "", "XX", billing.npi());
			s.segment("N3", upper(billing.address()));
			s.segment("N4", upper(billing.city()), upper(billing.state()), billing.zip());
			s.segment("REF", "EI", digits(billing.taxId()));
			Payer primary = payers.get(0);
			s.segment("HL", "2", "1", "22", primary.self() ? "0" : "1");
			s.segment("SBR", "P", primary.self() ? "18" : "", "", "", "", "", "", "", primary.filing(institutional));
			person(s, "IL", primary.subscriber(), primary.coverage().getSubscriberId());
			payer(s, primary.coverage());
			if (!primary.self()) {
				// The patient is a dependent of the subscriber: their own level (2000C), under the subscriber's.
				s.segment("HL", "3", "2", "23", "0");
				s.segment("PAT", primary.relationship());
				person(s, "QC", Person.of(patient), null);
			}
			String billType = claim.getSubType().getCodingFirstRep().getCode(); // e.g. 0131: facility 13, frequency 1
			s.start("CLM").element(reference(claimId)).element(money(claim.getTotal().getValue())).element("").element("")
					.composite(institutional ? billType.substring(1, 3) : p.placeOfService(), institutional ? "A" : "B",
							institutional ? billType.substring(3) : "1").element("Y").element("A").element("Y")
					.element("Y").end();
			if (institutional) {
				s.segment("DTP", "434", "RD8", CCYYMMDD.format(claim.getBillablePeriod().getStart().toInstant()) + "-"
						+ CCYYMMDD.format(claim.getBillablePeriod().getEnd().toInstant()));
				if (billType.startsWith("011")) {
					s.segment("CL1", "3", "1", "01"); // elective admission, physician referral, discharged home
				}
			}
			List<Claim.DiagnosisComponent> dx = claim.getDiagnosis();
			if (institutional) {
				s.start("HI").composite("ABK", stored(dx.get(0))).end();
				if (dx.size() > 1) {
					Segments.Open others = s.start("HI");
					for (int i = 1; i < Math.min(13, dx.size()); i++) {
						others.composite("ABF", stored(dx.get(i)));
					}
					others.end();
				}
				Claim.CareTeamComponent attending = claim.getCareTeamFirstRep();
				String[] doctor = attending.getProvider().getDisplay() == null ? new String[] {""} : attending.getProvider()
						.getDisplay().split(" ", 2);
				s.segment("NM1", "71", "1", upper(doctor[doctor.length - 1]), upper(doctor.length > 1 ? doctor[0] : ""), "", "", "",
						"XX", attending.getProvider().getIdentifier().getValue());
			} else {
				Segments.Open hi = s.start("HI");
				for (int i = 0; i < Math.min(12, dx.size()); i++) {
					hi.composite(i == 0 ? "ABK" : "ABF", stored(dx.get(i)));
				}
				hi.end();
			}
			for (Payer other : payers.subList(1, payers.size())) {
				// Other payers (2320/2330), named for coordination of benefits.
				s.segment("SBR", "S", other.relationship(), "", "", "", "", "", "", other.filing(institutional));
				s.segment("OI", "", "", "Y", "", "", "Y");
				Person h = other.subscriber();
				s.segment("NM1", "IL", "1", upper(h.family()), upper(h.given()), "", "", "", "MI", other.coverage().getSubscriberId());
				payer(s, other.coverage());
			}
			for (Claim.ItemComponent item : claim.getItem()) {
				s.segment("LX", String.valueOf(item.getSequence()));
				String units = item.getQuantity().getValue().stripTrailingZeros().toPlainString();
				if (institutional) {
					s.start("SV2").element(item.getRevenue().getCodingFirstRep().getCode()).composite(procedure(item))
							.element(money(item.getNet().getValue()))
							.element("UN").element(units).end();
				} else {
					String[] pointers = item.getDiagnosisSequence().stream().map(x -> String.valueOf(x.getValue())).toArray(
							String[]::new);
					s.start("SV1").composite(procedure(item))
							.element(money(item.getNet().getValue())).element("UN").element(units).element("").element("")
							.composite(pointers).end();
				}
				s.segment("DTP", "472", "D8", CCYYMMDD.format(((org.hl7.fhir.r4.model.DateType) item.getServiced()).getValue()
						.toInstant()));
			}
			s.segment("SE", String.valueOf(s.inTransaction() + 1), "0001");
			s.segment("GE", "1", group);
			s.segment("IEA", "1", control);
			w.endInterchange();
			w.close();
		} catch (EDIStreamException e) {
			throw new IllegalStateException("Cannot write the 837: " + e.getMessage(), e);
		}
		return out.toByteArray();
	}

	/** The service as SV1-01/SV2-02 carry it: HC, the procedure code, and its modifiers (up to four). */
	private static String[] procedure(Claim.ItemComponent item) {
		List<String> parts = new java.util.ArrayList<>(List.of("HC", item.getProductOrService().getCodingFirstRep().getCode()));
		item.getModifier().stream().limit(4).forEach(m -> parts.add(m.getCodingFirstRep().getCode()));
		return parts.toArray(String[]::new);
	}

	/** Writes segments and counts those of the transaction, for SE01. */
	private static final class Segments {
		private final EDIStreamWriter w;
		private int count = -1;

		Segments(EDIStreamWriter w) {
			this.w = w;
		}

		void startTransaction() {
			count = 0;
		}

		int inTransaction() {
			return count;
		}

		void segment(String tag, @Nullable String... elements) throws EDIStreamException {
			Open o = start(tag);
			for (String e : elements) {
				o.element(e);
			}
			o.end();
		}

		Open start(String tag) throws EDIStreamException {
			if (count >= 0 && !tag.equals("SE") && !tag.equals("GE") && !tag.equals("IEA")) {
				count++;
			}
			w.writeStartSegment(tag);
			return new Open(w);
		}

		/** A segment being written: its elements in order, composites by their components. */
		record Open(EDIStreamWriter w) {
			Open element(@Nullable String value) throws EDIStreamException {
				if (value == null || value.isEmpty()) {
					w.writeEmptyElement();
				} else {
					w.writeElement(value);
				}
				return this;
			}

			Open composite(String... components) throws EDIStreamException {
				w.writeStartElement();
				for (String c : components) {
					w.writeComponent(c);
				}
				w.endElement();
				return this;
			}

			void end() throws EDIStreamException {
				w.writeEndSegment();
			}
		}
	}

	/** A person's name (NM1 with qualifier IL or QC, the member id for a subscriber), address and birth date and sex. */
	private static void person(Segments s, String qualifier, Person who, @Nullable String memberId) throws EDIStreamException {
		if (memberId == null) {
			s.segment("NM1", qualifier, "1", upper(who.family()), upper(who.given()));
		} else {
			s.segment("NM1", qualifier, "1", upper(who.family()), upper(who.given()), "", "", "", "MI", memberId);
		}
		Address a = who.address();
		s.segment("N3", upper(a.getLine().isEmpty() ? "" : a.getLine().get(0).getValue()));
		s.segment("N4", upper(a.getCity()), upper(a.getState()), a.getPostalCode());
		if (who.birth() != null) {
			s.segment("DMG", "D8", CCYYMMDD.format(who.birth().toInstant()), who.sex());
		}
	}

	private static void payer(Segments s, Coverage c) throws EDIStreamException {
		s.segment("NM1", "PR", "2", upper(c.getPayorFirstRep().getDisplay()), "", "", "", "", "PI", c.getPayorFirstRep()
				.hasIdentifier() ? c.getPayorFirstRep().getIdentifier().getValue() : "00000");
	}

	private static String stored(Claim.DiagnosisComponent d) {
		return CodeSystems.stored(CodeSystems.ICD10CM, d.getDiagnosisCodeableConcept().getCodingFirstRep().getCode());
	}

	private static String pad(@Nullable String s, int width) {
		String v = s == null ? "" : s;
		return v.length() >= width ? v.substring(0, width) : v + " ".repeat(width - v.length());
	}

	private static String upper(@Nullable String s) {
		return s == null ? "" : s.toUpperCase(Locale.ROOT).replaceAll("[~*:^]", " ");
	}

	private static String digits(@Nullable String s) {
		return s == null ? "" : s.replaceAll("\\D", "");
	}

	/** The claim's patient identifier as the payer sees it: at most 20 characters, CLM01. */
	private static String reference(String claimId) {
		String c = claimId.replace("-", "");
		return c.length() > 20 ? c.substring(0, 20) : c;
	}

	private static String money(@Nullable BigDecimal value) {
		return value == null ? "0" : value.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
	}

	private static String sex(org.hl7.fhir.r4.model.Enumerations.@Nullable AdministrativeGender g) {
		return g == null ? "U" : switch (g) {
			case MALE -> "M";
			case FEMALE -> "F";
			default -> "U";
		};
	}
}

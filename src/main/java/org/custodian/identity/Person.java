package org.custodian.identity;

import java.util.List;
import java.util.Locale;

import org.custodian.search.SearchStrings;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;

/**
 * A person as record matching compares them: each field normalized (lower case, accents and
 * punctuation gone; a birth date as {@code yyyymmdd}; a phone as its last ten digits). Absent
 * fields are null and neither agree nor disagree.
 *
 * @param id         the record's id (a Patient id)
 * @param given      the first given name
 * @param middle     the other given names, space-separated
 * @param line       the street address (number and street)
 * @param nationalId a national identifier (a US SSN, an Australian tax file number …)
 * @param memberId   an insurance member id
 */
public record Person(String id, @Nullable String given, @Nullable String middle, @Nullable String family,
		@Nullable String birthDate, @Nullable String sex, @Nullable String line, @Nullable String city,
		@Nullable String postcode, @Nullable String phone, @Nullable String email, @Nullable String nationalId,
		@Nullable String memberId) {

	private static final String SSN = "http://hl7.org/fhir/sid/us-ssn";

	/** The fields of a FHIR Patient: its first (official, when marked) name, home address and phone. */
	public static Person of(String id, Patient p) {
		HumanName name = p.getName().stream().filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL).findFirst()
				.orElse(p.hasName() ? p.getNameFirstRep() : new HumanName());
		List<String> given = name.getGiven().stream().map(g -> clean(g.getValue())).filter(g -> g != null).toList();
		Address address = p.getAddress().stream().filter(a -> a.getUse() == Address.AddressUse.HOME).findFirst()
				.orElse(p.hasAddress() ? p.getAddressFirstRep() : new Address());
		String national = null;
		String member = null;
		for (Identifier i : p.getIdentifier()) {
			// hasType first: HAPI's getters create what they get, and the Patient may be about to be stored.
			boolean ssn = SSN.equals(i.getSystem())
					|| (i.hasType() && i.getType().getCoding().stream().anyMatch(c -> "SS".equals(c.getCode())));
			boolean mb = i.hasType()
					&& i.getType().getCoding().stream().anyMatch(c -> "MB".equals(c.getCode()) || "SN".equals(c.getCode()));
			if (ssn && national == null) {
				national = digits(i.getValue());
			} else if (mb && member == null) {
				member = clean(i.getValue());
			}
		}
		String phone = null;
		String email = null;
		for (ContactPoint c : p.getTelecom()) {
			if (c.getSystem() == ContactPoint.ContactPointSystem.PHONE && phone == null) {
				phone = phone(c.getValue());
			} else if (c.getSystem() == ContactPoint.ContactPointSystem.EMAIL && email == null) {
				email = c.getValue() == null ? null : c.getValue().trim().toLowerCase(Locale.ROOT);
			}
		}
		String lines = address.getLine().isEmpty() ? null
				: clean(String.join(" ", address.getLine().stream().map(l -> String.valueOf(l.getValue())).toList()));
		return new Person(id, given.isEmpty() ? null : given.get(0),
				given.size() > 1 ? String.join(" ", given.subList(1, given.size())) : null, clean(name.getFamily()),
				p.hasBirthDate() ? p.getBirthDateElement().getValueAsString().replace("-", "") : null,
				p.hasGender() ? p.getGender().toCode() : null, lines, clean(address.getCity()), clean(address.getPostalCode()),
				phone, email, national, member);
	}

	/** Lower case, without accents or punctuation, single-spaced; null when nothing is left. */
	public static @Nullable String clean(@Nullable String s) {
		if (s == null) {
			return null;
		}
		String c = SearchStrings.normalize(s).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} ]+", " ")
				.replaceAll("\\s+", " ").trim();
		return c.isEmpty() ? null : c;
	}

	static @Nullable String digits(@Nullable String s) {
		if (s == null) {
			return null;
		}
		String d = s.replaceAll("[^0-9]", "");
		return d.isEmpty() ? null : d;
	}

	static @Nullable String phone(@Nullable String s) {
		String d = digits(s);
		return d == null || d.length() < 7 ? null : d.substring(Math.max(0, d.length() - 10));
	}
}

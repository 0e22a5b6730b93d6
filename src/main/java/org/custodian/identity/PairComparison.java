package org.custodian.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.custodian.access.AccessContext;
import org.custodian.record.RecordStore;
import org.custodian.record.StoredVersion;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Two patients side by side for the person reviewing a possible duplicate: each compared field as
 * registered on each chart, how the two agree, and what that agreement weighs in the score; and every
 * identifier of both. National ids are shown by their last four digits only: agreement is what the
 * reviewer needs, not the number.
 */
@Service
public class PairComparison {

	/** One compared field: the two values as registered, their agreement level and its weight (bits). */
	public record Row(String field, @Nullable String a, @Nullable String b, @Nullable String level, double weight) {}

	public record Comparison(StoredVersion a, StoredVersion b, List<Row> rows, double total, String outcome,
			List<String> identifiersA, List<String> identifiersB) {}

	private final RecordStore store;
	private final PatientMatcher matcher;

	PairComparison(RecordStore store, PatientMatcher matcher) {
		this.store = store;
		this.matcher = matcher;
	}

	public Comparison compare(AccessContext access, String a, String b) {
		HimWork.require(access, "duplicate-review");
		StoredVersion va = store.read(access, "Patient", a);
		StoredVersion vb = store.read(access, "Patient", b);
		Patient pa = (Patient) va.resource();
		Patient pb = (Patient) vb.resource();
		MatchModel.Score score = matcher.model().score(Person.of(a, pa), Person.of(b, pb));
		Map<Field, MatchModel.Contribution> byField = score.contributions().stream()
				.collect(Collectors.toMap(MatchModel.Contribution::field, Function.identity(), (x, y) -> x));
		List<Row> rows = new ArrayList<>();
		for (Field f : Field.values()) {
			MatchModel.Contribution c = byField.get(f);
			rows.add(new Row(label(f), shown(f, pa), shown(f, pb), c == null ? null : c.level(), c == null ? 0 : c.weight()));
		}
		String outcome = score.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ');
		return new Comparison(va, vb, rows, score.total(), outcome, identifiers(pa), identifiers(pb));
	}

	private static String label(Field f) {
		String s = f.name().toLowerCase(Locale.ROOT).replace('_', ' ');
		return Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}

	private static @Nullable String shown(Field f, Patient p) {
		Person person = Person.of("", p);
		Address home = p.getAddress().stream().filter(x -> x.getUse() == Address.AddressUse.HOME).findFirst()
				.orElse(p.hasAddress() ? p.getAddressFirstRep() : null);
		return switch (f) {
			case GIVEN -> p.hasName() ? p.getNameFirstRep().getGivenAsSingleString() : null;
			case FAMILY -> p.hasName() ? p.getNameFirstRep().getFamily() : null;
			case BIRTH_DATE -> p.getBirthDateElement().getValueAsString();
			case SEX -> p.hasGender() ? p.getGender().toCode() : null;
			case ADDRESS -> home == null || !home.hasLine() ? null
					: home.getLine().stream().map(l -> l.getValue()).collect(Collectors.joining(", "));
			case CITY -> home == null ? null : home.getCity();
			case POSTCODE -> home == null ? null : home.getPostalCode();
			case PHONE -> telecom(p, ContactPoint.ContactPointSystem.PHONE);
			case EMAIL -> telecom(p, ContactPoint.ContactPointSystem.EMAIL);
			case NATIONAL_ID -> person.nationalId() == null ? null : lastFour(person.nationalId());
			case MEMBER_ID -> person.memberId();
		};
	}

	private static @Nullable String telecom(Patient p, ContactPoint.ContactPointSystem system) {
		return p.getTelecom().stream().filter(t -> t.getSystem() == system).map(ContactPoint::getValue).findFirst().orElse(null);
	}

	private static String lastFour(String digits) {
		return "…" + (digits.length() <= 4 ? digits : digits.substring(digits.length() - 4));
	}

	private static List<String> identifiers(Patient p) {
		List<String> out = new ArrayList<>();
		for (Identifier i : p.getIdentifier()) {
			if (!i.hasValue()) {
				continue;
			}
			boolean national = "http://hl7.org/fhir/sid/us-ssn".equals(i.getSystem());
			out.add((i.hasSystem() ? i.getSystem() + " " : "") + (national ? lastFour(i.getValue()) : i.getValue())
					+ (i.getUse() == Identifier.IdentifierUse.OLD ? " (old)" : ""));
		}
		return out;
	}
}

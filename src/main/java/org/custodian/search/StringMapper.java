package org.custodian.search;

import java.util.List;
import java.util.Set;

import org.custodian.search.IndexEntry.StringValue;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

/**
 * String parameters. Each name or address part is its own entry, so {@code name=joh} matches a given
 * name without matching across parts. Both {@code normalized} and {@code exact} are cut to
 * {@value SearchStrings#MAX_LENGTH} chars. Quantity and Range map to their (low) value as text,
 * as HAPI does, for the few string parameters that reach them.
 */
final class StringMapper {

	private StringMapper() {}

	static Outcome map(String param, Base value, Set<IndexEntry> out) {
		if (value instanceof PrimitiveType<?> primitive) {
			return Outcome.of(add(param, primitive.getValueAsString(), out));
		}
		if (value instanceof HumanName name) {
			return param.equals(Phonetics.PARAM) ? sounds(param, name, out) : humanName(param, name, out);
		}
		if (value instanceof Address address) {
			return address(param, address, out);
		}
		if (value instanceof ContactPoint contact) {
			return Outcome.of(add(param, contact.getValue(), out));
		}
		if (value instanceof Quantity quantity) {
			return Outcome.of(quantity.hasValue() && add(param, quantity.getValue().toPlainString(), out));
		}
		if (value instanceof Range range) {
			return Outcome.of(range.getLow().hasValue() && add(param, range.getLow().getValue().toPlainString(), out));
		}
		return Outcome.UNSUPPORTED;
	}

	/** The {@code phonetic} parameter: each part's spelling, as for {@code name}, and the sound of each family and given name. */
	static Outcome sounds(String param, HumanName name, Set<IndexEntry> out) {
		Outcome spelled = humanName(param, name, out);
		Set<String> codes = Phonetics.codes(name);
		codes.forEach(code -> out.add(new StringValue(param, Phonetics.MARK + code, Phonetics.MARK + code)));
		return codes.isEmpty() ? spelled : Outcome.of(true);
	}

	private static Outcome humanName(String param, HumanName name, Set<IndexEntry> out) {
		boolean added = add(param, name.getFamily(), out);
		added |= addAll(param, name.getGiven(), out);
		added |= addAll(param, name.getPrefix(), out);
		added |= addAll(param, name.getSuffix(), out);
		added |= add(param, name.getText(), out);
		return Outcome.of(added);
	}

	private static Outcome address(String param, Address address, Set<IndexEntry> out) {
		boolean added = addAll(param, address.getLine(), out);
		added |= add(param, address.getCity(), out);
		added |= add(param, address.getDistrict(), out);
		added |= add(param, address.getState(), out);
		added |= add(param, address.getPostalCode(), out);
		added |= add(param, address.getCountry(), out);
		added |= add(param, address.getText(), out);
		return Outcome.of(added);
	}

	private static boolean addAll(String param, List<StringType> values, Set<IndexEntry> out) {
		boolean added = false;
		for (StringType value : values) {
			added |= add(param, value.getValue(), out);
		}
		return added;
	}

	static boolean add(String param, @Nullable String value, Set<IndexEntry> out) {
		if (SearchStrings.isBlank(value)) {
			return false;
		}
		out.add(new StringValue(param, SearchStrings.normalize(value), SearchStrings.truncate(value)));
		return true;
	}
}

package org.custodian.search.battery;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import org.custodian.search.IndexEntry;
import org.custodian.search.IndexEntry.DateRange;
import org.custodian.search.IndexEntry.QuantityValue;
import org.custodian.search.IndexEntry.ReferenceValue;
import org.custodian.search.IndexEntry.StringValue;
import org.custodian.search.IndexEntry.TokenValue;
import org.custodian.search.IndexEntry.UriValue;

/**
 * The values the data set holds for each search parameter, for the battery to pick query values
 * from. Every list has a fixed order (most frequent first, then by value; dates in load order), so
 * the same data set always gives the same battery.
 */
final class DataSetValues {

	/** A value and the resources holding it. */
	record Held<T>(T value, List<String> holders) {}

	record Code(String system, String code, String display) {}

	record Measure(BigDecimal value, String system, String code) {}

	/** One resource's date value: the range it covers, in epoch milliseconds. */
	record Dated(String identity, long low, long high) {}

	private final SyntheaRecords records;
	private final String patient;

	DataSetValues(SyntheaRecords records) {
		this(records, null);
	}

	private DataSetValues(SyntheaRecords records, String patient) {
		this.records = records;
		this.patient = patient;
	}

	/**
	 * The values of one patient's record: of each type that has a {@code patient} parameter, only the
	 * resources that refer to this patient. Queries scoped to a patient take their values from here,
	 * so that they find something.
	 */
	DataSetValues within(String patientIdentity) {
		return new DataSetValues(records, patientIdentity);
	}

	SyntheaRecords records() {
		return records;
	}

	TreeSet<String> types() {
		return records.types();
	}

	List<String> ofType(String type) {
		List<String> all = records.ofType(type);
		if (patient == null || !QueryFamily.hasParam(type, "patient")) {
			return all;
		}
		List<String> mine = new ArrayList<>();
		for (String identity : all) {
			for (IndexEntry e : records.entries(identity, "patient")) {
				if (e instanceof ReferenceValue r && patient.equals(r.targetType() + "/" + r.targetId())) {
					mine.add(identity);
					break;
				}
			}
		}
		return mine;
	}

	/** Tokens with a code (text-only entries left out), grouped by system and code. */
	List<Held<Code>> codes(String type, String param) {
		return held(type, param, e -> e instanceof TokenValue t && t.code() != null
				? new Code(t.system(), t.code(), t.text()) : null, c -> c.system() + "|" + c.code());
	}

	/** Token display texts (Coding.display, CodeableConcept.text), for {@code :text}. */
	List<Held<String>> tokenTexts(String type, String param) {
		return held(type, param, e -> e instanceof TokenValue t && t.text() != null ? t.text() : null, s -> s);
	}

	/** String values as written. */
	List<Held<String>> strings(String type, String param) {
		return held(type, param, e -> e instanceof StringValue s ? s.exact() : null, s -> s);
	}

	List<Held<String>> uris(String type, String param) {
		return held(type, param, e -> e instanceof UriValue u ? u.uri() : null, s -> s);
	}

	/** Reference targets that are data-set resources, as identities. */
	List<Held<String>> targets(String type, String param) {
		return held(type, param, e -> e instanceof ReferenceValue r && r.targetId() != null
				&& records.contains(r.targetType() + "/" + r.targetId()) ? r.targetType() + "/" + r.targetId() : null,
				s -> s);
	}

	List<Held<Measure>> quantities(String type, String param) {
		return held(type, param, e -> e instanceof QuantityValue q ? new Measure(q.value(), q.system(), q.code()) : null,
				m -> m.value().toPlainString() + "|" + m.system() + "|" + m.code());
	}

	/** Every date value of a parameter, in load order. */
	List<Dated> dates(String type, String param) {
		List<Dated> out = new ArrayList<>();
		for (String identity : ofType(type)) {
			for (IndexEntry e : records.entries(identity, param)) {
				if (e instanceof DateRange d) {
					out.add(new Dated(identity, d.low(), d.high()));
				}
			}
		}
		return out;
	}

	/** The resources of {@code type} that refer to {@code target} through {@code param}. */
	List<String> referring(String type, String param, String target) {
		for (Held<String> h : targets(type, param)) {
			if (h.value().equals(target)) {
				return h.holders();
			}
		}
		return List.of();
	}

	/** Patients ordered by how many resources refer to them, fewest first, ties by identity. */
	List<String> patientsBySize() {
		Map<String, Integer> size = new LinkedHashMap<>();
		for (String patient : records.ofType("Patient")) {
			size.put(patient, 0);
		}
		for (String identity : records.identities()) {
			for (IndexEntry e : records.entries(identity, "patient")) {
				if (e instanceof ReferenceValue r && size.containsKey("Patient/" + r.targetId())) {
					size.merge("Patient/" + r.targetId(), 1, Integer::sum);
				}
			}
		}
		List<String> patients = new ArrayList<>(size.keySet());
		patients.sort(Comparator.comparing((String p) -> size.get(p)).thenComparing(p -> p));
		return patients;
	}

	/** Values read from one parameter's entries, grouped by {@code key}: most frequent first, then by key. */
	private <T> List<Held<T>> held(String type, String param, Function<IndexEntry, T> read, Function<T, String> key) {
		Map<String, T> values = new LinkedHashMap<>();
		Map<String, List<String>> holders = new LinkedHashMap<>();
		for (String identity : ofType(type)) {
			for (IndexEntry e : records.entries(identity, param)) {
				T value = read.apply(e);
				if (value == null) {
					continue;
				}
				String k = key.apply(value);
				values.putIfAbsent(k, value);
				List<String> list = holders.computeIfAbsent(k, x -> new ArrayList<>());
				if (list.isEmpty() || !list.get(list.size() - 1).equals(identity)) {
					list.add(identity);
				}
			}
		}
		List<Held<T>> out = new ArrayList<>();
		values.forEach((k, v) -> out.add(new Held<>(v, List.copyOf(holders.get(k)))));
		out.sort(Comparator.comparing((Held<T> h) -> -h.holders().size()).thenComparing(h -> key.apply(h.value())));
		return out;
	}
}

package org.custodian.search.battery;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.custodian.search.battery.DataSetValues.Code;
import org.custodian.search.battery.DataSetValues.Held;
import org.custodian.search.battery.DataSetValues.Measure;

/**
 * Quantity and number parameters (R4 search.html#quantity, #number): for the two most common
 * Observation codes that carry a quantity, every prefix on a typical value, the value with
 * {@code system|code} units, with {@code ||code}, with a unit nobody uses, and at a coarser
 * precision; plus component values and a range written as two ANDed prefixes. Synthea fills no
 * number parameter, so the number queries ask about a type with no data at all.
 */
final class QuantityQueries implements QueryFamily {

	@Override
	public void addTo(BatteryBuilder battery, DataSetValues values) {
		int done = 0;
		for (Held<Code> code : values.codes("Observation", "code")) {
			List<BigDecimal> measured = measures(values, code.holders(), "value-quantity");
			if (measured.size() < 5 || done == 2) {
				continue;
			}
			done++;
			Measure typical = typical(values, code.holders());
			String[] scope = {"code", TokenQueries.systemAndCode(code.value())};
			String v = typical.value().toPlainString();
			battery.set("quantity (no prefix)", "Observation", TokenQueries.join(scope, "value-quantity", v));
			for (String prefix : DateQueries.PREFIXES) {
				battery.set("quantity " + prefix, "Observation", TokenQueries.join(scope, "value-quantity", prefix + v));
			}
			battery.set("quantity system|code unit", "Observation",
					TokenQueries.join(scope, "value-quantity", v + "|" + typical.system() + "|" + typical.code()));
			battery.set("quantity ||code unit", "Observation", TokenQueries.join(scope, "value-quantity", v + "||" + typical.code()));
			battery.set("quantity other unit", "Observation",
					TokenQueries.join(scope, "value-quantity", v + "|" + typical.system() + "|furlong"));
			String coarse = typical.value().setScale(0, RoundingMode.HALF_UP).toPlainString();
			battery.set("quantity coarse precision", "Observation", TokenQueries.join(scope, "value-quantity", coarse));
			battery.set("quantity ge with unit", "Observation",
					TokenQueries.join(scope, "value-quantity", "ge" + coarse + "|" + typical.system() + "|" + typical.code()));
			BigDecimal lo = measured.get(measured.size() / 4);
			BigDecimal hi = measured.get(measured.size() * 3 / 4);
			battery.set("quantity AND range", "Observation",
					TokenQueries.join(scope, "value-quantity", "ge" + lo.toPlainString(), "value-quantity", "lt" + hi.toPlainString()));
		}
		List<Held<Measure>> components = values.quantities("Observation", "component-value-quantity");
		if (!components.isEmpty()) {
			List<BigDecimal> all = new ArrayList<>();
			components.forEach(h -> all.add(h.value().value()));
			all.sort(Comparator.naturalOrder());
			String median = QueryFamily.middle(all).toPlainString();
			battery.set("quantity component gt", "Observation", "component-value-quantity", "gt" + median);
			battery.set("quantity component le", "Observation", "component-value-quantity", "le" + median);
		}
		battery.set("number gt (no data)", "RiskAssessment", "probability", "gt0.5");
		battery.set("number eq (no data)", "MolecularSequence", "variant-start", "100");
	}

	/** The value-quantity values of some Observations, sorted. */
	private static List<BigDecimal> measures(DataSetValues values, List<String> observations, String param) {
		List<BigDecimal> out = new ArrayList<>();
		for (String o : observations) {
			for (var e : values.records().entries(o, param)) {
				if (e instanceof org.custodian.search.IndexEntry.QuantityValue q) {
					out.add(q.value());
				}
			}
		}
		out.sort(Comparator.naturalOrder());
		return out;
	}

	/** The median measurement of those Observations, with its units. */
	private static Measure typical(DataSetValues values, List<String> observations) {
		List<Measure> all = new ArrayList<>();
		for (String o : observations) {
			for (var e : values.records().entries(o, "value-quantity")) {
				if (e instanceof org.custodian.search.IndexEntry.QuantityValue q) {
					all.add(new Measure(q.value(), q.system(), q.code()));
				}
			}
		}
		all.sort(Comparator.comparing(Measure::value).thenComparing(m -> m.value().toPlainString()));
		return QueryFamily.middle(all);
	}
}

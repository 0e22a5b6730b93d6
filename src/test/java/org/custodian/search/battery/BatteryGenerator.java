package org.custodian.search.battery;

import java.util.List;

/**
 * Derives the search battery from a data set: several hundred distinct queries over every
 * resource type present, every value type, the modifiers and prefixes, chains, {@code _has},
 * includes, sorting and counts. Deterministic: the same data set always gives the same queries in
 * the same order, because every value is picked by a fixed rule (most frequent, least frequent,
 * middle) from lists in a fixed order.
 */
public final class BatteryGenerator {

	private static final List<QueryFamily> FAMILIES = List.of(new GeneralQueries(), new StringQueries(),
			new TokenQueries(), new DateQueries(), new QuantityQueries(), new ReferenceQueries(), new RelationQueries(),
			new IncludeQueries(), new SortQueries(), new CompositeAndIdentifierQueries());

	private BatteryGenerator() {}

	public static List<BatteryQuery> generate(SyntheaRecords records) {
		DataSetValues values = new DataSetValues(records);
		BatteryBuilder battery = new BatteryBuilder();
		for (QueryFamily family : FAMILIES) {
			family.addTo(battery, values);
		}
		return battery.queries();
	}

	/**
	 * The patient that scopes queries which would otherwise return thousands of resources: the one in
	 * the middle by record size, so its record is neither trivial nor huge.
	 */
	static String scopePatient(DataSetValues values) {
		return QueryFamily.middle(values.patientsBySize());
	}

	/** Prints the battery of a Synthea folder (or of the committed data set), one template a line. */
	public static void main(String[] args) {
		SyntheaDataSet dataSet = args.length > 0 ? SyntheaDataSet.in(java.nio.file.Path.of(args[0])) : SyntheaDataSet.committed();
		for (BatteryQuery q : generate(SyntheaRecords.of(dataSet))) {
			System.out.println(q.comparison() + "\t" + q.facet() + "\t" + q.template());
		}
	}
}

package org.custodian.search;

import java.util.List;

import org.custodian.search.CompositeParams.Composite;
import org.custodian.search.CompositeParams.Shape;
import org.custodian.support.CustodianException;
import org.custodian.support.ErrorCode;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;

/**
 * Compiles a composite search value ({@code http://loinc.org|8480-6$gt100|http://unitsofmeasure.org|mm[Hg]})
 * into a condition on the candidate resource: for one of the composite's shapes, some element has
 * a row for every component, each matching its part of the value. The component rows of one
 * element share a group number ({@link CompositeIndexer}), so the rows are joined on
 * {@code (res_id, grp)}: a code on one component and a value on another never match together. A
 * shape whose element is the resource itself is served by ordinary parameters' rows, joined on
 * {@code res_id} alone.
 */
final class CompositeCriteria {

	private final ValueCriteria values;

	CompositeCriteria(ValueCriteria values) {
		this.values = values;
	}

	void append(SqlBuilder sql, String a, Composite composite, String value) {
		List<String> parts = SearchValues.splitComposite(value);
		int n = composite.components().size();
		if (parts.size() != n || parts.stream().anyMatch(String::isEmpty)) {
			throw new CustodianException.Invalid(ErrorCode.INVALID_SEARCH_VALUE, "Search parameter '" + composite.name()
					+ "' takes " + n + " values joined by $ (" + String.join("$", componentNames(composite)) + "), not '"
					+ value + "'");
		}
		sql.append("(");
		for (int s = 0; s < composite.shapes().size(); s++) {
			sql.append(s > 0 ? " or " : "");
			shape(sql, a, composite, composite.shapes().get(s), parts);
		}
		sql.append(")");
	}

	/** {@code :missing=true}: no element of the resource has a value for every component; {@code false}: one has. */
	void missing(SqlBuilder sql, String a, Composite composite, boolean missing) {
		sql.append(missing ? "not (" : "(");
		for (int s = 0; s < composite.shapes().size(); s++) {
			sql.append(s > 0 ? " or " : "");
			Shape shape = composite.shapes().get(s);
			join(sql, a, composite, shape);
			for (int i = 0; i < composite.components().size(); i++) {
				sql.append(" and p" + i + ".hash_identity = ?", IndexHash.identity(composite.resourceType(), shape.partKey(i)));
				if (composite.components().get(i).type() == RestSearchParameterTypeEnum.TOKEN) {
					// Ordinary token rows include text-only ones, which no composite value can match.
					sql.append(" and (p" + i + ".system is not null or p" + i + ".code is not null)");
				}
			}
			sql.append(")");
		}
		sql.append(")");
	}

	private void shape(SqlBuilder sql, String a, Composite composite, Shape shape, List<String> parts) {
		join(sql, a, composite, shape);
		for (int i = 0; i < parts.size(); i++) {
			sql.append(" and (");
			values.append(sql, "p" + i, composite.resourceType(), shape.partKey(i), composite.components().get(i).type(),
					null, parts.get(i));
			sql.append(")");
		}
		sql.append(")");
	}

	/** {@code exists (select 1 from <rows of each component, of one element> where <resource is a>}, left open. */
	private static void join(SqlBuilder sql, String a, Composite composite, Shape shape) {
		sql.append("exists (select 1 from " + ValueCriteria.table(composite.components().get(0).type(), null) + " p0");
		for (int i = 1; i < composite.components().size(); i++) {
			String p = "p" + i;
			sql.append(" join " + ValueCriteria.table(composite.components().get(i).type(), null) + " " + p + " on " + p
					+ ".res_id = p0.res_id" + (shape.servedByOrdinaryRows() ? "" : " and " + p + ".grp = p0.grp"));
		}
		sql.append(" where p0.res_id = " + a + ".res_id");
	}

	private static List<String> componentNames(Composite composite) {
		return composite.components().stream().map(CompositeParams.Component::name).toList();
	}
}
